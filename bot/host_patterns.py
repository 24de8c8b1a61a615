"""The attachment allow-list as written in SKOLEBOT_ATTACHMENT_HOSTS: host names, "*." for subdomains, ":port".

Pure; read by the settings (a bad entry stops start-up) and by the week plan's attachment fetch.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

DEFAULT_PORT = 443
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")


@dataclass(frozen=True)
class HostPattern:
    """One allow-list entry: an exact host, or (wildcard) any subdomain of `host`; and the one port allowed."""

    host: str
    wildcard: bool = False
    port: int = DEFAULT_PORT

    def matches_host(self, host: str) -> bool:
        """Whether `host` (lower-case ASCII) is this entry's host, or for "*.", a subdomain of it."""
        return host.endswith("." + self.host) if self.wildcard else host == self.host


def is_dns_name(host: str) -> bool:
    """Letters, digits and hyphens in dot-separated labels; no empty label, no trailing dot."""
    return 0 < len(host) <= 253 and all(_LABEL.match(label) for label in host.split("."))


def looks_like_ip(host: str) -> bool:
    """An IP literal, or a number resolvers read as one ("127.1", "2130706433", "0x7f000001")."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return bool(_NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]))


def parse_host_patterns(text: str) -> tuple[HostPattern, ...]:
    """The allow-list from its setting: comma-separated `host`, `*.domain`, each optionally `:port`.

    Raises ValueError naming the bad entry (an IP, a scheme, "*" alone, "*.com").
    """
    patterns: list[HostPattern] = []
    for raw in text.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        host, port = entry, DEFAULT_PORT
        if ":" in entry:
            host, _, port_text = entry.rpartition(":")
            if not port_text.isdigit() or not 0 < int(port_text) < 65536:
                raise ValueError(f"{raw.strip()!r}: write host or host:port, e.g. *.sharepoint.com")
            port = int(port_text)
        wildcard = host.startswith("*.")
        name = host[2:] if wildcard else host
        if not is_dns_name(name) or looks_like_ip(name):
            raise ValueError(f"{raw.strip()!r}: not a host name (no scheme, path or IP address)")
        if wildcard and "." not in name:
            raise ValueError(f"{raw.strip()!r}: a wildcard needs a domain of its own, e.g. *.sharepoint.com")
        patterns.append(HostPattern(host=name, wildcard=wildcard, port=port))
    return tuple(patterns)
