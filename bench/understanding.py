"""How well `understand` reads guardians' messages, on the development part and on the held-out part.

The split (issue 17) is made once: the development part is every corpus the team has seen
(tests/understanding/{corpus,blind,blind2,heldout}.jsonl and generalisation/development.jsonl),
the held-out part is tests/understanding/generalisation/heldout.jsonl, written by another hand
and never looked at while the parser changes. Lines without a "group" count as "everyday".

Prints for each part: exact accuracy (every field of the parse contract right), per-field
accuracy, exact accuracy per group and per language, the naive baseline's exact accuracy, and
the mean and p95 time of one parse (time.perf_counter around each call, after a warm-up; the
thread's CPU time beside it, which other work on a busy machine does not inflate).
Only aggregate figures are printed for the held-out part, never one of its messages.

Usage: python bench/understanding.py [--no-baseline] [--warmup 100] [--failures]
  --failures: also list the development part's misses (text, expected, got), by group.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.understanding.corpus import (  # noqa: E402
    FIELDS,
    GROUPS,
    LANGS,
    Case,
    baseline_score,
    load_case,
    parse_case,
)

HERE = Path(__file__).resolve().parents[1] / "tests" / "understanding"
DEVELOPMENT: tuple[Path, ...] = (
    HERE / "corpus.jsonl",
    HERE / "blind.jsonl",
    HERE / "blind2.jsonl",
    HERE / "heldout.jsonl",
    HERE / "generalisation" / "development.jsonl",
)
HELDOUT: tuple[Path, ...] = (HERE / "generalisation" / "heldout.jsonl",)
UNLABELLED = "(none)"


@dataclass
class Tally:
    """Hits out of a total."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1

    def __str__(self) -> str:
        share = self.hits / self.total if self.total else 0.0
        return f"{self.hits:4d}/{self.total:<4d} {share:6.1%}"


@dataclass
class Result:
    """One part's figures."""

    name: str
    sizes: dict[str, int]
    exact: Tally = field(default_factory=Tally)
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    groups: dict[str, Tally] = field(default_factory=dict)
    langs: dict[str, Tally] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    misses: list[tuple[Case, dict[str, Any]]] = field(default_factory=list)
    baseline: Tally | None = None


def read_lines(paths: Sequence[Path]) -> dict[str, list[str]]:
    """The non-empty lines of each file, by file name."""
    return {
        str(p.relative_to(HERE)): [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        for p in paths
    }


def run_part(name: str, files: dict[str, list[str]], *, keep_misses: bool, with_baseline: bool) -> Result:
    result = Result(name=name, sizes={f: len(lines) for f, lines in files.items()})
    lines = [line for part in files.values() for line in part]
    for line in lines:
        case = load_case(line)
        start, cpu = time.perf_counter(), time.thread_time()
        got = parse_case(case).to_json()
        result.seconds.append(time.perf_counter() - start)
        result.cpu_seconds.append(time.thread_time() - cpu)
        right = {f: got.get(f) == case.expected.get(f) for f in FIELDS}
        exact = all(right.values())
        result.exact.add(exact)
        for f, hit in right.items():
            result.fields[f].add(hit)
        result.groups.setdefault(case.group, Tally()).add(exact)
        result.langs.setdefault(case.lang or UNLABELLED, Tally()).add(exact)
        if not exact and keep_misses:
            result.misses.append((case, got))
    if with_baseline:
        base = baseline_score(lines)
        result.baseline = Tally(base.exact, base.total)
    return result


def warm_up(lines: Sequence[str], n: int) -> None:
    """Parse a few messages first, so imports, regex compilation and caches are not timed."""
    for line in lines[:n]:
        parse_case(load_case(line))


def p95(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


def _ordered(tallies: dict[str, Tally], order: Sequence[str]) -> list[tuple[str, Tally]]:
    known = [(k, tallies[k]) for k in order if k in tallies]
    return known + sorted((k, v) for k, v in tallies.items() if k not in order)


def report(result: Result) -> list[str]:
    files = ", ".join(f"{name} {n}" for name, n in result.sizes.items())
    out = [f"== {result.name}: {result.exact.total} messages ({files})"]
    out.append(f"   exact                {result.exact}")
    if result.baseline is not None:
        out.append(f"   baseline (dateparser + keywords) exact {result.baseline}")
    out.append("   per field:")
    out += [f"     {f:<18} {t}" for f, t in result.fields.items()]
    out.append("   per group (exact):")
    out += [f"     {g:<18} {t}" for g, t in _ordered(result.groups, GROUPS)]
    out.append("   per lang (exact):")
    out += [f"     {g:<18} {t}" for g, t in _ordered(result.langs, (*LANGS, UNLABELLED))]
    ms = [s * 1000 for s in result.seconds]
    cpu = [s * 1000 for s in result.cpu_seconds]
    mean, cpu_mean = (statistics.fmean(xs) if xs else 0.0 for xs in (ms, cpu))
    out.append(f"   parse time per message: mean {mean:.2f} ms, p95 {p95(ms):.2f} ms, max {max(ms, default=0):.2f} ms")
    out.append(f"   (CPU time of the parsing thread: mean {cpu_mean:.2f} ms, p95 {p95(cpu):.2f} ms)")
    return out


def misses(result: Result) -> list[str]:
    out = [f"-- misses of the {result.name} part: {len(result.misses)}"]
    for case, got in sorted(result.misses, key=lambda m: GROUPS.index(m[0].group) if m[0].group in GROUPS else 99):
        wrong = [f for f in FIELDS if got.get(f) != case.expected.get(f)]
        out.append(f"[{case.group}/{case.lang or UNLABELLED}] {case.text!r} (now {case.now.isoformat()})")
        out.append(f"   wrong: {', '.join(wrong)}")
        out.append(f"   expected {json.dumps({f: case.expected.get(f) for f in wrong}, ensure_ascii=False)}")
        out.append(f"   got      {json.dumps({f: got.get(f) for f in wrong}, ensure_ascii=False)}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline (slow)")
    parser.add_argument("--warmup", type=int, default=100, help="messages parsed before timing starts")
    parser.add_argument("--failures", action="store_true", help="list the development part's misses")
    args = parser.parse_args(argv)

    development = read_lines(DEVELOPMENT)
    heldout = read_lines([p for p in HELDOUT if p.exists()])
    warm_up([line for lines in development.values() for line in lines], args.warmup)
    dev = run_part("development", development, keep_misses=args.failures, with_baseline=not args.no_baseline)
    # The held-out part: aggregate figures only, its misses are never kept.
    held = run_part("held-out", heldout, keep_misses=False, with_baseline=not args.no_baseline)

    total = dev.exact.total + held.exact.total
    share = held.exact.total / total if total else 0.0
    print(f"split: {dev.exact.total} development + {held.exact.total} held-out = {total} ({share:.1%} held out)")
    for result in (dev, held):
        print("\n".join(report(result)))
    if args.failures:
        print("\n".join(misses(dev)))
    odd = sorted({g for r in (dev, held) for g in r.groups} - set(GROUPS))
    if odd:
        print(f"note: groups outside the list: {odd}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
