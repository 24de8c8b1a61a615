"""Microsoft's Bot Connector, as far as a bot sees it when a message arrives: an OpenID issuer and its tokens.

The real connector signs each request to the bot with an RS256 JWT (issuer https://api.botframework.com,
audience = the bot's app id, a `serviceurl` claim) whose key is published, with its channel endorsements,
at an OpenID metadata URL. This serves such metadata on loopback and mints such tokens, so a production
Skolebot's real botbuilder validation runs end to end. botbuilder fetches the keys with the blocking
`requests` library, so the server runs on a thread of its own, not on the test's event loop.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"


class BotConnectorIssuer:
    """A loopback OpenID metadata endpoint with one signing key endorsed for `msteams`."""

    def __init__(self, endorsements: tuple[str, ...] = ("msteams",)) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "skolebot-test-" + uuid.uuid4().hex[:8]
        self._endorsements = list(endorsements)
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    def _jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "endorsements": self._endorsements})
        return {"keys": [jwk]}

    def start(self) -> str:
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if self.path.endswith("/openid-configuration"):
                    body = {
                        "issuer": ISSUER,
                        "jwks_uri": issuer.url + "/keys",
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                elif self.path == "/keys":
                    body = issuer._jwks()
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url + "/.well-known/openid-configuration"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def token(
        self,
        *,
        app_id: str,
        service_url: str,
        kid: str | None = None,
        issuer: str = ISSUER,
        key: rsa.RSAPrivateKey | None = None,
        lifetime: int = 3600,
    ) -> str:
        """A connector token for `app_id`; `kid`, `issuer` or `key` changed make the forgeries."""
        now = int(time.time())
        claims = {
            "iss": issuer,
            "aud": app_id,
            "serviceurl": service_url,
            "nbf": now - 10,
            "exp": now + lifetime,
            "iat": now - 10,
        }
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid})
