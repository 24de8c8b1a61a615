"""How well `understand` reads guardians' messages, on the development part and on the held-out part.

The split (issue 17) is made once: the development part is every corpus the team has seen
(`bot.understanding.corpus.DEVELOPMENT_FILES`: tests/understanding/{corpus,blind,blind2,heldout}.jsonl and
generalisation/development{,2}.jsonl),
the held-out part is tests/understanding/generalisation/heldout.jsonl, written by another hand
and never looked at while the parser changes. Lines without a "group" count as "everyday".

Prints for each part: exact accuracy (every field of the parse contract right), per-field
accuracy, exact accuracy per group and per language, the naive baseline's exact accuracy, and
the mean and p95 time of one parse (time.perf_counter around each call, after a warm-up; the
thread's CPU time beside it, which other work on a busy machine does not inflate).
Only aggregate figures are printed for the held-out part, never one of its messages.

Usage: python bench/understanding.py [--part development|held-out|both] [--no-baseline] [--warmup 100]
       [--failures] [--confirm-below 0.7]
  --part: which part to parse and print (default both); while changing the parser, use
          `--part development` only.
  --failures: also list the development part's misses (text, expected, got), by group.
For each part it also prints how well `confidence` is calibrated: per confidence bin
the count and exact accuracy, and at the threshold (`--confirm-below`, default the
SKOLEBOT_CONFIRM_BELOW setting's default) the share of wrong parses below it and of right ones above.
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

from bot.understanding.confidence import DEFAULT_CONFIRM_BELOW  # noqa: E402
from bot.understanding.corpus import (  # noqa: E402
    DEVELOPMENT_FILES,
    FIELDS,
    GROUPS,
    HELDOUT_FILES,
    LANGS,
    Case,
    baseline_score,
    load_case,
    parse_case,
)

HERE = Path(__file__).resolve().parents[1] / "tests" / "understanding"
DEVELOPMENT: tuple[Path, ...] = DEVELOPMENT_FILES
HELDOUT: tuple[Path, ...] = HELDOUT_FILES
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
    files: dict[str, Tally] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    misses: list[tuple[Case, dict[str, Any]]] = field(default_factory=list)
    scored: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, exact) per message
    acted: list[float] = field(default_factory=list)  # confidence of complete absence/leave parses (a dialog acts)
    baseline: Tally | None = None


def read_lines(paths: Sequence[Path]) -> dict[str, list[str]]:
    """The non-empty lines of each file, by file name."""
    return {
        str(p.relative_to(HERE)): [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        for p in paths
    }


def run_part(name: str, files: dict[str, list[str]], *, keep_misses: bool, with_baseline: bool) -> Result:
    result = Result(name=name, sizes={f: len(lines) for f, lines in files.items()})
    lines = [(name, line) for name, part in files.items() for line in part]
    for name, line in lines:
        case = load_case(line)
        start, cpu = time.perf_counter(), time.thread_time()
        got = parse_case(case).to_json()
        result.seconds.append(time.perf_counter() - start)
        result.cpu_seconds.append(time.thread_time() - cpu)
        right = {f: got.get(f) == case.expected.get(f) for f in FIELDS}
        exact = all(right.values())
        result.exact.add(exact)
        result.scored.append((float(got.get("confidence", 1.0)), exact))
        if got.get("intent") in ("absence", "leave_request") and not got.get("missing"):
            result.acted.append(float(got.get("confidence", 1.0)))
        for f, hit in right.items():
            result.fields[f].add(hit)
        result.groups.setdefault(case.group, Tally()).add(exact)
        result.langs.setdefault(case.lang or UNLABELLED, Tally()).add(exact)
        result.files.setdefault(name, Tally()).add(exact)
        if not exact and keep_misses:
            result.misses.append((case, got))
    if with_baseline:
        base = baseline_score([line for _, line in lines])
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
    out.append("   per file (exact):")
    out += [f"     {name:<34} {t}" for name, t in result.files.items()]
    out.append("   per lang (exact):")
    out += [f"     {g:<18} {t}" for g, t in _ordered(result.langs, (*LANGS, UNLABELLED))]
    ms = [s * 1000 for s in result.seconds]
    cpu = [s * 1000 for s in result.cpu_seconds]
    mean, cpu_mean = (statistics.fmean(xs) if xs else 0.0 for xs in (ms, cpu))
    out.append(f"   parse time per message: mean {mean:.2f} ms, p95 {p95(ms):.2f} ms, max {max(ms, default=0):.2f} ms")
    out.append(f"   (CPU time of the parsing thread: mean {cpu_mean:.2f} ms, p95 {p95(cpu):.2f} ms)")
    return out


# Confidence bins of the calibration table: [low, high), the last one closed.
BINS: tuple[tuple[float, float], ...] = (
    (0.0, 0.5),
    (0.5, 0.6),
    (0.6, 0.7),
    (0.7, 0.8),
    (0.8, 0.9),
    (0.9, 1.0),
    (1.0, 1.01),
)


def calibration(result: Result, threshold: float) -> list[str]:
    """Per confidence bin the count and exact accuracy; at the threshold, how wrong and right parses fall."""
    out = [f"   confidence calibration ({result.name}): bin, messages, exact"]
    for low, high in BINS:
        tally = Tally()
        for conf, exact in result.scored:
            if low <= conf < high:
                tally.add(exact)
        label = "1.00" if low == 1.0 else f"{low:.2f}-{high:.2f}"
        out.append(f"     {label:<18} {tally}")
    wrong = [conf for conf, exact in result.scored if not exact]
    right = [conf for conf, exact in result.scored if exact]
    below_wrong = sum(c < threshold for c in wrong)
    above_right = sum(c >= threshold for c in right)
    out.append(
        f"   at threshold {threshold:.2f}: wrong parses below it {below_wrong}/{len(wrong)}"
        f" ({below_wrong / len(wrong) if wrong else 0.0:.1%}), right parses at or above it {above_right}/{len(right)}"
        f" ({above_right / len(right) if right else 0.0:.1%}); "
        f"below it {sum(c < threshold for c, _ in result.scored)}/{len(result.scored)}"
    )
    asked = sum(c < threshold for c in result.acted)
    out.append(f"   complete absence/leave parses the dialogs would confirm first: {asked}/{len(result.acted)}")
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
    parser.add_argument(
        "--part",
        choices=("development", "held-out", "both"),
        default="both",
        help="which part to parse (use development only while changing the parser)",
    )
    parser.add_argument(
        "--confirm-below",
        type=float,
        default=DEFAULT_CONFIRM_BELOW,
        help="confidence threshold the calibration summary is printed for",
    )
    args = parser.parse_args(argv)

    development = read_lines(DEVELOPMENT)
    warm_up([line for lines in development.values() for line in lines], args.warmup)
    results: list[Result] = []
    if args.part in ("development", "both"):
        dev = run_part("development", development, keep_misses=args.failures, with_baseline=not args.no_baseline)
        results.append(dev)
    if args.part in ("held-out", "both"):
        heldout = read_lines([p for p in HELDOUT if p.exists()])
        # The held-out part: aggregate figures only, its misses are never kept.
        results.append(run_part("held-out", heldout, keep_misses=False, with_baseline=not args.no_baseline))

    if args.part == "both":
        dev_n, held_n = (r.exact.total for r in results)
        total = dev_n + held_n
        share = held_n / total if total else 0.0
        print(f"split: {dev_n} development + {held_n} held-out = {total} ({share:.1%} held out)")
    for result in results:
        print("\n".join(report(result)))
        print("\n".join(calibration(result, args.confirm_below)))  # aggregate figures, for either part
    if args.failures and args.part != "held-out":
        print("\n".join(misses(results[0])))
    odd = sorted({g for r in results for g in r.groups} - set(GROUPS))
    if odd:
        print(f"note: groups outside the list: {odd}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
