"""Score ``dedupe.aligner`` on the hand-labelled versions in ``corpora/aligned/`` (format: its FORMAT.md).

Run by hand: ``python bench/eval_aligned.py [--scorer NAME] [--match 0.5]``. Prints segmentation
agreement, sentence-mapping and status accuracy over version sentences, removed-detection, and per-kind
claim precision / recall over the gold-aligned pairs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from functools import lru_cache  # noqa: E402

from rapidfuzz import fuzz  # noqa: E402

import dedupe.aligner as align_module  # noqa: E402
from dedupe.aligner import align  # noqa: E402
from dedupe.claims import words  # noqa: E402
from dedupe.model import CLAIM_KINDS, Article  # noqa: E402
from dedupe.sentences import split_sentences  # noqa: E402

SCORERS = {  # name: (scorer, whether the keys are the sorted words)
    "token_sort_ratio": (fuzz.ratio, True),  # ratio on sorted words is token_sort_ratio, as shipped
    "ratio": (fuzz.ratio, False),
    "token_set_ratio": (fuzz.token_set_ratio, False),
    "WRatio": (fuzz.WRatio, False),
    "token_ratio": (fuzz.token_ratio, False),
    "partial_ratio": (fuzz.partial_ratio, False),
}


def use_scorer(name: str) -> None:
    """Swap the aligner's scorer and key for a measurement run."""
    scorer, sort = SCORERS[name]
    align_module.SCORER = scorer
    align_module._key = lru_cache(maxsize=None)(lambda t: " ".join(sorted(words(t)) if sort else words(t)))


def load(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def gold_of(version: dict) -> tuple[dict[int, tuple[frozenset[int], str, frozenset[str]]], set[int]]:
    """Per version sentence: (base indexes, status, claim kinds); and the base indexes it names."""
    gold = {}
    named: set[int] = set()
    for i, s in enumerate(version["sentences"]):
        base = s["base"]
        indexes = frozenset() if base is None else frozenset(base if isinstance(base, list) else [base])
        named |= indexes
        gold[i] = (indexes, s["status"], frozenset(s.get("claims", [])))
    return gold, named


def predicted(alignment, vid: str) -> dict[int, tuple[frozenset[int], str, frozenset[str]]]:
    out = {}
    for row in alignment.rows:
        cell = row.cells.get(vid)
        if cell is None:
            continue
        base = frozenset() if row.base is None else frozenset([row.base.index])
        for v in cell.sources:
            prev = out.get(v)
            indexes = base | (prev[0] if prev else frozenset())
            out[v] = (indexes, cell.status, frozenset(c.kind for c in cell.claims))
    # a merged cell names only its first base row: add the continuation row
    for row in alignment.rows:
        cell = row.cells.get(vid)
        if cell is not None and cell.status == "merged" and not cell.text and row.base is not None:
            for v, (indexes, status, kinds) in out.items():
                if status == "merged" and row.base.index - 1 in indexes:
                    out[v] = (indexes | {row.base.index}, status, kinds)
    return out


def evaluate(cases: list[dict]) -> dict:
    counts = Counter()
    claim = {k: Counter() for k in CLAIM_KINDS}
    confusion = Counter()
    misses = []
    for case in cases:
        base_text = " ".join(case["base"]["sentences"])
        articles = [
            Article(
                case["base"]["id"], base_text, published=datetime.fromisoformat(case["base"]["published"])
            )
        ]
        for v in case["versions"]:
            text = " ".join(s["text"] for s in v["sentences"])
            articles.append(Article(v["id"], text, published=datetime.fromisoformat(v["published"])))
        for article, sentences in zip(
            articles,
            [case["base"]["sentences"]] + [[s["text"] for s in v["sentences"]] for v in case["versions"]],
            strict=True,
        ):
            counts["articles"] += 1
            counts["segmented_ok"] += split_sentences(article.text) == sentences
        alignment = align(articles)
        for v in case["versions"]:
            gold, named = gold_of(v)
            pred = predicted(alignment, v["id"])
            for i, (g_base, g_status, g_claims) in gold.items():
                p_base, p_status, p_claims = pred.get(i, (frozenset(), "?", frozenset()))
                counts["sentences"] += 1
                counts["mapped"] += g_base == p_base
                counts["status"] += (g_base, g_status) == (p_base, p_status)
                confusion[(g_status, p_status)] += 1
                if (g_base, g_status) != (p_base, p_status) or g_claims != p_claims:
                    misses.append(
                        (
                            case["id"],
                            v["id"],
                            i,
                            sorted(g_base),
                            g_status,
                            sorted(g_claims),
                            sorted(p_base),
                            p_status,
                            sorted(p_claims),
                        )
                    )
                if g_base and g_base == p_base:
                    for k in CLAIM_KINDS:
                        claim[k]["tp"] += k in g_claims and k in p_claims
                        claim[k]["fp"] += k not in g_claims and k in p_claims
                        claim[k]["fn"] += k in g_claims and k not in p_claims
            removed_gold = set(range(len(case["base"]["sentences"]))) - named
            removed_pred = {
                r.base.index for r in alignment.rows if r.base and r.cells[v["id"]].status == "removed"
            }
            counts["base_sentences"] += len(case["base"]["sentences"])
            counts["removed_ok"] += len(case["base"]["sentences"]) - len(removed_gold ^ removed_pred)
    return {"counts": counts, "claims": claim, "confusion": confusion, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpora" / "aligned")
    parser.add_argument(
        "--scorer", choices=sorted(SCORERS), default=None, help="override dedupe.aligner.SCORER"
    )
    parser.add_argument("--match", type=float, default=None, help="override dedupe.aligner.MATCH")
    parser.add_argument("--misses", action="store_true", help="list every disagreement with the gold")
    args = parser.parse_args(argv)
    if args.scorer:
        use_scorer(args.scorer)
    if args.match is not None:
        align_module.MATCH = args.match
    cases = load(args.corpus)
    result = evaluate(cases)
    c = result["counts"]
    print(f"corpus: {len(cases)} stories, {c['articles']} articles, {c['sentences']} version sentences")
    print(f"scorer {args.scorer or 'as shipped (token_sort_ratio)'}, MATCH {align_module.MATCH}")
    print(f"{'measure':<40}{'value':>8}")
    print(f"{'segmentation, articles exactly right':<40}{c['segmented_ok'] / c['articles']:>8.3f}")
    print(f"{'version sentences mapped to gold base':<40}{c['mapped'] / c['sentences']:>8.3f}")
    print(f"{'... with the gold status too':<40}{c['status'] / c['sentences']:>8.3f}")
    print(f"{'base sentences removed/kept right':<40}{c['removed_ok'] / c['base_sentences']:>8.3f}")
    print()
    print(f"{'claim kind':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    total = Counter()
    for kind, k in result["claims"].items():
        total.update(k)
        p = k["tp"] / (k["tp"] + k["fp"]) if k["tp"] + k["fp"] else float("nan")
        r = k["tp"] / (k["tp"] + k["fn"]) if k["tp"] + k["fn"] else float("nan")
        print(f"{kind:<14}{k['tp']:>5}{k['fp']:>5}{k['fn']:>5}{p:>11.3f}{r:>8.3f}")
    p = total["tp"] / (total["tp"] + total["fp"])
    r = total["tp"] / (total["tp"] + total["fn"])
    print(f"{'all':<14}{total['tp']:>5}{total['fp']:>5}{total['fn']:>5}{p:>11.3f}{r:>8.3f}")
    print()
    print(
        "status confusion (gold -> predicted): "
        + ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(result["confusion"].items()) if g != p)
        or "none"
    )
    if args.misses:
        for miss in result["misses"]:
            print("  miss", *miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
