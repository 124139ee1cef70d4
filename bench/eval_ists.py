"""Score the aligner's word alignment on SemEval-2016 iSTS headlines (train) with the official ``evalF1.pl``.

Run by hand: ``python bench/eval_ists.py [--data ../shared/data/ists2016_headlines/train] [--keep out.wa]``.
Gold chunks are given (the task's gold-chunk track). For each pair, ``dedupe.aligner.word_ops`` (diff-match-
patch in word mode, as the aligner runs it) links equal words; a chunk goes to the chunk of the other
headline it shares most linked words with; chunks left over inside the same changed stretch are paired
when their similarity reaches the aligner's MATCH (typo-level changes count as equal words).
Types and scores: EQUI 5 for equal folded words, SPE1/SPE2 4 when one chunk's words contain the other's,
OPPO 4 when ``compare_claims`` flags a negation, SIMI 3 otherwise; NOALI for the rest. A baseline that
links only identical chunks is scored beside it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dedupe.aligner import MATCH, compare_sentences, word_ops  # noqa: E402
from dedupe.claims import compare_claims, is_typo, words  # noqa: E402

Chunk = list[int]  # 1-based token ids


def read_pairs(wa: Path) -> list[tuple[str, list[str], list[str]]]:
    """Pair id and the two token lists exactly as the gold file (and so the scorer) has them."""
    lines = wa.read_text(encoding="utf-8", errors="replace").splitlines()
    pairs = []
    for i, line in enumerate(lines):
        m = re.match(r'<sentence id="([^"]*)"', line)
        if m:
            pairs.append((m[1], lines[i + 1][3:].split(" "), lines[i + 2][3:].split(" ")))
    return pairs


def read_chunks(path: Path) -> list[list[list[str]]]:
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        out.append([c.split() for c in re.findall(r"\[\s*(.*?)\s*\]", line)])
    return out


def chunk_ids(tokens: list[str], chunks: list[list[str]]) -> list[Chunk]:
    """Token ids of each chunk; falls back to one chunk per token when the files disagree."""
    ids, pos = [], 0
    for chunk in chunks:
        ids.append(list(range(pos + 1, pos + len(chunk) + 1)))
        pos += len(chunk)
    if pos != len(tokens):
        return [[i + 1] for i in range(len(tokens))]
    return ids


def token_links(
    t1: list[str], t2: list[str]
) -> tuple[set[tuple[int, int]], list[tuple[list[int], list[int]]]]:
    """Equal-word links from the aligner's word ops, and the changed stretches (token ids on each side)."""
    ops = word_ops(" ".join(t1), " ".join(t2))
    links: set[tuple[int, int]] = set()
    stretches: list[tuple[list[int], list[int]]] = []
    i = j = 0
    pending: tuple[list[int], list[int]] = ([], [])
    for op, text in ops:
        n = len(text.split())
        if op == "=":
            if pending[0] or pending[1]:
                stretches.append(pending)
                pending = ([], [])
            links.update((i + k + 1, j + k + 1) for k in range(n))
            i, j = i + n, j + n
        elif op == "-":
            pending[0].extend(range(i + 1, i + n + 1))
            i += n
        else:
            pending[1].extend(range(j + 1, j + n + 1))
            j += n
    if pending[0] or pending[1]:
        stretches.append(pending)
    return links, stretches


def chunk_text(tokens: list[str], chunk: Chunk) -> str:
    return " ".join(tokens[i - 1] for i in chunk)


def relation(a: str, b: str) -> tuple[str, int]:
    wa, wb = words(a), words(b)
    if wa == wb or (len(wa) == len(wb) and all(x == y or is_typo(x, y) for x, y in zip(wa, wb, strict=True))):
        return "EQUI", 5
    if any(c.kind == "negation" for c in compare_claims(a, b)):
        return "OPPO", 4
    if set(wb) < set(wa):
        return "SPE1", 4
    if set(wa) < set(wb):
        return "SPE2", 4
    return "SIMI", 3


def is_punct(tokens: list[str], chunk: Chunk) -> bool:
    return all(re.fullmatch(r"[.,:'`?;\"-]", tokens[i - 1]) for i in chunk)


def align_pair(
    t1: list[str], t2: list[str], c1: list[Chunk], c2: list[Chunk], *, baseline: bool
) -> list[str]:
    pairs: list[tuple[int, int]] = []
    if baseline:
        used2: set[int] = set()
        for a, x in enumerate(c1):
            for b, y in enumerate(c2):
                if b not in used2 and words(chunk_text(t1, x)) == words(chunk_text(t2, y)):
                    pairs.append((a, b))
                    used2.add(b)
                    break
    else:
        links, stretches = token_links(t1, t2)
        of1 = {t: k for k, ch in enumerate(c1) for t in ch}
        of2 = {t: k for k, ch in enumerate(c2) for t in ch}
        votes = Counter((of1[i], of2[j]) for i, j in links if i in of1 and j in of2)
        taken1: set[int] = set()
        taken2: set[int] = set()
        for (a, b), _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if a not in taken1 and b not in taken2 and not is_punct(t1, c1[a]):
                pairs.append((a, b))
                taken1.add(a)
                taken2.add(b)
        for left, right in stretches:
            free1 = sorted({of1[t] for t in left if t in of1} - taken1)
            free2 = sorted({of2[t] for t in right if t in of2} - taken2)
            for a in free1:
                best = None
                for b in free2:
                    if b in taken2 or is_punct(t2, c2[b]) or is_punct(t1, c1[a]):
                        continue
                    cmp = compare_sentences(chunk_text(t1, c1[a]), chunk_text(t2, c2[b]))
                    # The aligner's question (could these be one unit?), not compare_sentences' verdict.
                    if cmp.score >= MATCH and (best is None or cmp.score > best[0]):
                        best = (cmp.score, b)
                if best is not None:
                    pairs.append((a, best[1]))
                    taken1.add(a)
                    taken2.add(best[1])
    lines = []
    aligned1 = {a for a, _ in pairs}
    aligned2 = {b for _, b in pairs}
    for a, b in sorted(pairs):
        x, y = chunk_text(t1, c1[a]), chunk_text(t2, c2[b])
        kind, score = relation(x, y)
        ids1, ids2 = " ".join(map(str, c1[a])), " ".join(map(str, c2[b]))
        lines.append(f"{ids1} <==> {ids2} // {kind} // {score} // {x} <==> {y}")
    for a, ch in enumerate(c1):
        if a not in aligned1:
            lines.append(
                f"{' '.join(map(str, ch))} <==> 0 // NOALI // NIL // {chunk_text(t1, ch)} <==> -not aligned-"
            )
    for b, ch in enumerate(c2):
        if b not in aligned2:
            lines.append(
                f"0 <==> {' '.join(map(str, ch))} // NOALI // NIL // -not aligned- <==> {chunk_text(t2, ch)}"
            )
    return lines


def write_wa(path: Path, data: Path, *, baseline: bool) -> None:
    pairs = read_pairs(data / "STSint.input.headlines.wa")
    chunks1 = read_chunks(data / "STSint.input.headlines.sent1.chunk.txt")
    chunks2 = read_chunks(data / "STSint.input.headlines.sent2.chunk.txt")
    out = []
    for n, (pid, t1, t2) in enumerate(pairs):
        c1, c2 = chunk_ids(t1, chunks1[n]), chunk_ids(t2, chunks2[n])
        out.append(f'<sentence id="{pid}" status="">')
        out.append("// " + " ".join(t1))
        out.append("// " + " ".join(t2))
        out.append("<alignment>")
        out += align_pair(t1, t2, c1, c2, baseline=baseline)
        out.append("</alignment>")
        out.append("</sentence>")
        out.append("")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def score(data: Path, system: Path) -> dict[str, float]:
    result = subprocess.run(
        ["perl", str(data / "evalF1.pl"), str(data / "STSint.input.headlines.wa"), str(system)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {m[1]: float(m[2]) for m in re.finditer(r"F1 (Ali|Type|Score|Typ\+Sco)\s+([\d.]+)", result.stdout)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared" / "data" / "ists2016_headlines" / "train"
    )
    parser.add_argument("--keep", type=Path, help="also write the system .wa file here")
    args = parser.parse_args(argv)
    if not (args.data / "evalF1.pl").is_file():
        print(f"iSTS data not found at {args.data}", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, baseline in (("identical chunks only", True), ("dedupe word ops + chunks", False)):
            path = Path(tmp) / f"{'base' if baseline else 'sys'}.wa"
            write_wa(path, args.data, baseline=baseline)
            if args.keep and not baseline:
                args.keep.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            rows.append((name, score(args.data, path)))
    print("iSTS 2016 headlines train, 756 pairs, gold chunks; official evalF1.pl")
    print(f"{'system':<28}{'F1 Ali':>9}{'F1 Type':>9}{'F1 Score':>10}{'Typ+Sco':>9}")
    for name, f in rows:
        print(f"{name:<28}{f['Ali']:>9.4f}{f['Type']:>9.4f}{f['Score']:>10.4f}{f['Typ+Sco']:>9.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
