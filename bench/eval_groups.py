"""Score `dedupe group` against labelled families: pairwise precision, recall, F1 and adjusted Rand index.

    python bench/eval_groups.py                      # corpora/groups and corpora/chaining
    python bench/eval_groups.py --bbc                # also ../shared/data/bbc_fulltext (exact duplicates)
    python bench/eval_groups.py --near 0.6 ...       # try other settings

Gold: each ``gold.json`` lists families (file -> relation to the family's original). Two articles are a
true pair when they are in the same family of the same folder; everything else is a negative, including
independent reports of the same event. The whole corpus is scanned at once, so cross-event mistakes count.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from math import comb
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dedupe.grouping import GroupingParams  # noqa: E402
from dedupe.pipeline import ScanOptions, scan  # noqa: E402

SHARED = REPO.parent / "shared" / "data"


def gold_labels(folders: list[Path]) -> dict[str, str]:
    """Article key (``folder/file`` or ``folder/file:line``) -> gold family label."""
    labels = {}
    for gold_file in sorted(p for folder in folders for p in folder.glob("**/gold.json")):
        gold = json.loads(gold_file.read_text())
        for family, files in gold["families"].items():
            for name in files:
                key = str((gold_file.parent / name).relative_to(REPO))
                labels[key] = f"{gold_file.parent.name}/{family}"
    return labels


def article_files(folder: Path) -> list[str]:
    """Every article file under ``folder`` (the gold files are labels, not articles)."""
    return sorted(
        str(p.relative_to(REPO)) for p in folder.rglob("*") if p.is_file() and p.name != "gold.json"
    )


def predicted_labels(paths: list[str], options: ScanOptions) -> tuple[dict[str, str], float, list[str]]:
    """Article key -> predicted group id (its own key when it is in no group), seconds, unreadable inputs."""
    start = time.perf_counter()
    result = scan(paths, options)
    seconds = time.perf_counter() - start
    path_of = {a.id: a.path for a in result.articles}
    labels = {a.path: a.path for a in result.articles}
    for group in result.groups:
        for member in group.members:
            labels[path_of[member.id]] = group.id
    return labels, seconds, [f"{e.path}: {e.reason}" for e in result.errors]


def pair_scores(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    keys = sorted(gold)
    gold_pairs = {(a, b) for a, b in combinations(keys, 2) if gold[a] == gold[b]}
    pred_pairs = {(a, b) for a, b in combinations(keys, 2) if predicted.get(a, a) == predicted.get(b, b)}
    true = len(gold_pairs & pred_pairs)
    precision = true / len(pred_pairs) if pred_pairs else 1.0
    recall = true / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "ari": adjusted_rand(gold, predicted, keys),
        "gold_pairs": len(gold_pairs),
        "predicted_pairs": len(pred_pairs),
        "true_pairs": true,
    }


def adjusted_rand(gold: dict[str, str], predicted: dict[str, str], keys: list[str]) -> float:
    """Hubert and Arabie's adjusted Rand index over ``keys``."""
    cells = Counter((gold[k], predicted.get(k, k)) for k in keys)
    rows = Counter(gold[k] for k in keys)
    columns = Counter(predicted.get(k, k) for k in keys)
    index = sum(comb(n, 2) for n in cells.values())
    row_sum = sum(comb(n, 2) for n in rows.values())
    column_sum = sum(comb(n, 2) for n in columns.values())
    expected = row_sum * column_sum / comb(len(keys), 2)
    maximum = (row_sum + column_sum) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def bbc_gold(root: Path) -> dict[str, str]:
    """BBC articles labelled by their exact text: the set's only gold is its exact duplicate articles."""
    labels = {}
    for path in sorted(root.glob("*/*.txt")):
        digest = hashlib.sha1(" ".join(path.read_bytes().decode("latin-1").split()).encode()).hexdigest()
        labels[str(path)] = digest
    return labels


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bbc", action="store_true", help="also score ../shared/data/bbc_fulltext")
    for name in ("near", "containment", "rewrite", "sentence_match", "shingle_lsh", "term_lsh"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=float, dest=name)
    args = parser.parse_args()
    os.chdir(REPO)
    overrides = {k: v for k, v in vars(args).items() if k != "bbc" and v is not None}
    options = ScanOptions(grouping=GroupingParams(**overrides), jobs=1, cache_dir=None)

    print(
        f"{'set':<22}{'articles':>9}{'gold pairs':>11}{'found':>7}"
        f"{'P':>7}{'R':>7}{'F1':>7}{'ARI':>7}{'sec':>7}"
    )
    for name, folder in (
        ("corpora/groups", REPO / "corpora" / "groups"),
        ("corpora/chaining", REPO / "corpora" / "chaining"),
    ):
        if not folder.is_dir():
            continue
        gold = gold_labels([folder])
        predicted, seconds, errors = predicted_labels(article_files(folder), options)
        _print_row(name, gold, predicted, seconds)
        for error in errors:
            print(f"  unreadable: {error}")
        missing = sorted(set(gold) - set(predicted))
        if missing:
            print(f"  gold articles not read: {missing[:5]}{' ...' if len(missing) > 5 else ''}")
        _print_mistakes(gold, predicted)
    if args.bbc:
        root = SHARED / "bbc_fulltext" / "bbc"
        gold = bbc_gold(root)
        predicted, seconds, _ = predicted_labels([str(root)], options)
        _print_row("bbc (exact gold)", gold, predicted, seconds)
    return 0


def _print_row(name: str, gold: dict[str, str], predicted: dict[str, str], seconds: float) -> None:
    s = pair_scores(gold, predicted)
    print(
        f"{name:<22}{len(gold):>9}{s['gold_pairs']:>11}{s['predicted_pairs']:>7}{s['precision']:>7.3f}"
        f"{s['recall']:>7.3f}{s['f1']:>7.3f}{s['ari']:>7.3f}{seconds:>7.1f}"
    )


def _print_mistakes(gold: dict[str, str], predicted: dict[str, str], limit: int = 12) -> None:
    keys = sorted(gold)
    by_group: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_group[predicted.get(key, key)].append(key)
    false_pos = [
        (a, b)
        for a, b in combinations(keys, 2)
        if predicted.get(a, a) == predicted.get(b, b) and gold[a] != gold[b]
    ]
    false_neg = [
        (a, b)
        for a, b in combinations(keys, 2)
        if gold[a] == gold[b] and predicted.get(a, a) != predicted.get(b, b)
    ]
    for label, pairs in (("false pair", false_pos), ("missed pair", false_neg)):
        for a, b in pairs[:limit]:
            print(f"  {label}: {a}  ~  {b}")
        if len(pairs) > limit:
            print(f"  ... {len(pairs) - limit} more {label}s")


if __name__ == "__main__":
    raise SystemExit(main())
