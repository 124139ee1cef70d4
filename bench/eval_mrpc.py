"""Score ``compare_sentences`` as a same-claim detector on MRPC (train file), with baselines beside it.

Run by hand: ``python bench/eval_mrpc.py [--data ../shared/data/mrpc] [--sweep] [--show KIND]``. A pair
counts as "same claim" when its status is ``same`` or ``reworded`` and no claim is flagged. The 4,076
pairs are split in two halves by a seeded shuffle: rules and thresholds were tuned on ``tune`` only;
``held-out`` is reported as the honest number. Baselines: the majority class, and one rapidfuzz scorer
with one threshold (scorer and threshold picked on ``tune``).

Read the numbers with MRPC's labels in mind: its annotators call two sentences paraphrases when they
report the same event, even with other figures (a market report an hour later), other quoted words (two
transcriptions of one speech) or another date; the issue asks for exactly those to be flagged ("12 dead"
-> "14 dead" is not the same claim). ``--show number`` (or ``quote``, ``entity``...) prints such pairs of
the tune half; the "status only" row is the decision without the flags.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz  # noqa: E402

import dedupe.aligner as align_module  # noqa: E402
from dedupe.aligner import compare_sentences  # noqa: E402
from dedupe.claims import fold  # noqa: E402

Pair = tuple[bool, str, str]
BASELINE_SCORERS = {
    "ratio": fuzz.ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "WRatio": fuzz.WRatio,
}


def load(path: Path) -> list[Pair]:
    pairs = []
    with path.open(encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            quality, _, _, a, b = line.rstrip("\n").split("\t")
            pairs.append((quality == "1", a, b))
    return pairs


def split(pairs: list[Pair], seed: int = 0) -> tuple[list[Pair], list[Pair]]:
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    half = len(pairs) // 2
    return [pairs[i] for i in order[:half]], [pairs[i] for i in order[half:]]


def metrics(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    tn = sum(not g and not p for g, p in zip(gold, pred, strict=True))
    fp = sum(not g and p for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"acc": (tp + tn) / len(gold), "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def ours(pairs: list[Pair], kinds: frozenset[str] | None = None, flags: Counter | None = None) -> list[bool]:
    """Our decision per pair; ``kinds`` limits which claim kinds count (a diagnostic, not the product)."""
    out = []
    for gold, a, b in pairs:
        result = compare_sentences(a, b)
        counted = [c for c in result.claims if kinds is None or c.kind in kinds]
        out.append(result.status in ("same", "reworded") and not counted)
        if flags is not None:
            for kind in {c.kind for c in result.claims}:
                flags[(kind, gold)] += 1
    return out


def best_threshold(scores: list[float], gold: list[bool]) -> tuple[float, float]:
    best = (0.0, 0.0)
    for t in sorted(set(scores)):
        acc = sum((s >= t) == g for s, g in zip(scores, gold, strict=True)) / len(gold)
        best = max(best, (acc, t))
    return best[1], best[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "mrpc")
    parser.add_argument("--sweep", action="store_true", help="also sweep REWORDED on the tune half")
    parser.add_argument(
        "--show",
        metavar="KIND",
        help="print tune pairs to read by eye: a claim kind flagged on paraphrases, or 'passed' for"
        " non-paraphrases called the same claim",
    )
    parser.add_argument("--limit", type=int, default=20, help="pairs printed by --show (default 20)")
    args = parser.parse_args(argv)
    path = args.data / "msr_paraphrase_train.txt"
    if not path.is_file():
        print(f"MRPC not found at {path}", file=sys.stderr)
        return 2
    tune, held = split(load(path))
    gold = {"tune": [g for g, _, _ in tune], "held-out": [g for g, _, _ in held]}
    rows: list[tuple[str, str, dict[str, float]]] = []

    majority = sum(gold["tune"]) >= len(gold["tune"]) / 2
    for name in gold:
        rows.append(("majority class", name, metrics(gold[name], [majority] * len(gold[name]))))

    picked = None
    for scorer_name, scorer in BASELINE_SCORERS.items():
        scores = [scorer(fold(a), fold(b)) for _, a, b in tune]
        threshold, acc = best_threshold(scores, gold["tune"])
        if picked is None or acc > picked[2]:
            picked = (scorer_name, threshold, acc)
    assert picked is not None
    scorer_name, threshold, _ = picked
    for name, part in (("tune", tune), ("held-out", held)):
        pred = [BASELINE_SCORERS[scorer_name](fold(a), fold(b)) >= threshold for _, a, b in part]
        rows.append((f"{scorer_name} >= {threshold:.1f}", name, metrics(gold[name], pred)))

    if args.sweep:
        keep = align_module.REWORDED
        for reworded in (0.5, 0.55, 0.58, 0.6, 0.62, 0.65, 0.68, 0.7):
            align_module.REWORDED = reworded
            compare_sentences.cache_clear()  # the status depends on the threshold: no stale answers
            rows.append((f"  sweep REWORDED={reworded}", "tune", metrics(gold["tune"], ours(tune))))
        align_module.REWORDED = keep
        compare_sentences.cache_clear()

    t0 = time.perf_counter()
    flags: dict[str, Counter] = {name: Counter() for name in gold}
    for name, part in (("tune", tune), ("held-out", held)):
        pred = ours(part, flags=flags[name])
        rows.append((f"dedupe (REWORDED={align_module.REWORDED})", name, metrics(gold[name], pred)))
    per_pair = (time.perf_counter() - t0) / len(tune + held) * 1e6
    for label, kinds in (
        ("status only", frozenset()),
        ("number+negation only", frozenset({"number", "negation"})),
        ("all kinds but quote", frozenset({"number", "attribution", "entity", "negation"})),
    ):
        for name, part in (("tune", tune), ("held-out", held)):
            rows.append((f"  diag: {label}", name, metrics(gold[name], ours(part, kinds=kinds))))

    print(f"MRPC train file: {len(tune)} tune + {len(held)} held-out pairs; same claim = quality 1")
    print(f"{'system':<34}{'split':<10}{'acc':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'tn':>6}")
    for system, name, m in rows:
        print(
            f"{system:<34}{name:<10}{m['acc']:>7.3f}{m['f1']:>7.3f}"
            f"{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}{m['tn']:>6}"
        )
    print(f"compare_sentences: {per_pair:.0f} µs per pair")
    print()
    print("claim flags: pairs with a flag of each kind, among paraphrases (1) and non-paraphrases (0)")
    print(f"{'kind':<14}{'split':<10}{'on 0':>7}{'on 1':>7}{'share on 0':>12}")
    for kind in ("number", "quote", "attribution", "entity", "negation"):
        for name in gold:
            zero, one = flags[name][(kind, False)], flags[name][(kind, True)]
            share = zero / (zero + one) if zero + one else float("nan")
            print(f"{kind:<14}{name:<10}{zero:>7}{one:>7}{share:>12.2f}")
    if args.show:
        show(tune, args.show, args.limit)
    return 0


def show(pairs: list[Pair], kind: str, limit: int) -> None:
    """Errors of one kind on the tune half, to read by eye (never the held-out half: it judges)."""
    print(f"\ntune pairs: {kind}")
    shown = 0
    for gold, a, b in pairs:
        result = compare_sentences(a, b)
        if kind == "passed":
            hit = not gold and result.status != "different" and not result.claims
        else:
            hit = gold and any(c.kind == kind for c in result.claims)
        if hit and shown < limit:
            shown += 1
            print(f"--- {result.status} {result.score:.2f}\n  a: {a}\n  b: {b}")
            for c in result.claims:
                print(f"  [{c.kind}] {c.before!r} -> {c.after!r}")


if __name__ == "__main__":
    raise SystemExit(main())
