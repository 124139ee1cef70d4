"""Benchmark corpora from Reuters-21578: the real stories plus lightly edited re-sends of each.

A wire archive is mostly the same story sent again: a fixed word or number, a trimmed last paragraph,
a new headline, re-wrapped or re-cased copy. ``Nx`` holds every story N times (the original and N-1
re-sends), so duplicates exist at scale and every story with N >= 2 is one *planted* group whose
recovery a pipeline can be checked on. ``1x`` is the real stories alone (they still hold ~670 real
re-sent pairs).

Corpora are deterministic (each re-send is drawn from ``random.Random`` seeded by seed, story and copy)
and cached under a work directory: a corpus is built into a temporary folder and renamed into place
with its ``manifest.json`` last, so a killed build is never mistaken for a finished one.

Layouts (ids carry the story and copy, so a pipeline's output can be scored without a lookup table):

* ``txt``: ``c{copy}/{story // 1000}/s{story}-c{copy}.txt``, the headline, a blank line, the text;
* ``jsonl``: ``part-{n}.jsonl``, ``per_file`` records ``{id, title, text, published}`` each, in
  (copy, story) order, as an archive would have them day by day.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

CORPUS_VERSION = 1
"""Bump when the generator changes, so cached corpora built by an older generator are rebuilt."""

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578"
DEFAULT_WORK = Path("/tmp/dedupe-bench")
DOC_ID = re.compile(r"s(\d{5})-c(\d{2,3})")
"""Finds (story, copy) in a document id or path."""

_PARAGRAPH = re.compile(r"\n(?=    )")
_SIGNOFF = re.compile(r"\s*\n\s*reuter\s*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{4,}")
_NUMBER = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"\. ")
_HEADLINE_PREFIXES = ("UPDATE 1-", "UPDATE 2-", "CORRECTED-", "REFILE-", "RPT-", "WRAPUP 1-")


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    title: str
    text: str
    published: datetime | None


@dataclass(frozen=True, slots=True)
class Corpus:
    """A built corpus: what to pass to a pipeline and what it should find."""

    name: str
    path: Path
    layout: str
    copies: int
    stories: int
    docs: int

    @property
    def planted_groups(self) -> int:
        """Stories present more than once: each should come back as one group."""
        return self.stories if self.copies > 1 else 0


def parse_size(size: str) -> int:
    """``"5x"`` -> 5 copies of each story."""
    match = re.fullmatch(r"(\d+)x", size.strip())
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"corpus size must look like 1x, 5x, 50x; got {size!r}")
    return int(match.group(1))


def load_stories(data_dir: Path = DEFAULT_DATA) -> list[Story]:
    """The Reuters stories that have a body, in id order."""
    with gzip.open(data_dir / "reuters21578_parsed.json.gz", "rt", encoding="utf-8") as handle:
        records = json.load(handle)
    stories = []
    for record in sorted(records, key=lambda r: int(r["id"])):
        text = record["text"].strip()
        if text:
            title = " ".join(record["title"].split())
            stories.append(Story(int(record["id"]), title, text, _reuters_date(record["date"])))
    return stories


def _reuters_date(value: str) -> datetime | None:
    """``26-FEB-1987 15:14:36.41`` (a few are malformed: those get no date rather than a wrong one)."""
    try:
        return datetime.strptime(" ".join(value.split())[:20], "%d-%b-%Y %H:%M:%S")
    except ValueError:
        return None


def resend(story: Story, copy: int, seed: int) -> Story:
    """Copy ``copy`` of ``story``: the story itself for copy 0, else one to three light edits of it."""
    if copy == 0:
        return story
    rng = random.Random(f"{seed}:{story.id}:{copy}")
    title, text = story.title, story.text
    edits = [name for name, chance in _EDIT_CHANCES if rng.random() < chance] or ["layout"]
    for name in edits:
        if name == "headline":
            title = _new_headline(title, rng)
        elif name == "word":
            text = _change_word(text, rng)
        elif name == "trim":
            text = _drop_last_paragraph(text)
        else:
            text = _change_layout(text, rng)
    published = story.published + timedelta(minutes=7 * copy) if story.published else None
    return Story(story.id, title, text, published)


_EDIT_CHANCES = (("headline", 0.5), ("word", 0.6), ("trim", 0.25), ("layout", 0.4))


def _new_headline(title: str, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(_HEADLINE_PREFIXES) + title
    words = title.split()
    if len(words) > 2:
        del words[rng.randrange(len(words))]
    return " ".join(words).title()


def _change_word(text: str, rng: random.Random) -> str:
    """One word swapped for another of the same story, or one number changed (a fixed figure)."""
    numbers = list(_NUMBER.finditer(text))
    if numbers and rng.random() < 0.5:
        match = rng.choice(numbers)
        return text[: match.start()] + str(int(match.group()) + rng.randint(1, 9)) + text[match.end() :]
    words = list(_WORD.finditer(text))
    if len(words) < 2:
        return text + " (corrected)"
    match = rng.choice(words)
    replacement = rng.choice(words).group()
    if replacement == match.group():
        replacement = "also"
    return text[: match.start()] + replacement + text[match.end() :]


def _drop_last_paragraph(text: str) -> str:
    """The copy cut to fit: its last paragraph gone, the ``Reuter`` sign-off kept."""
    signoff = _SIGNOFF.search(text)
    body, tail = (text[: signoff.start()], text[signoff.start() :]) if signoff else (text, "")
    paragraphs = _PARAGRAPH.split(body)
    if len(paragraphs) < 2:
        return text
    return "\n".join(paragraphs[:-1]) + tail


def _change_layout(text: str, rng: random.Random) -> str:
    """What a different desk system does to the same words: wrapping, case, spacing."""
    choice = rng.randrange(3)
    if choice == 0:
        width = rng.choice((60, 66, 72, 80))
        paragraphs = [textwrap.fill(" ".join(p.split()), width) for p in _PARAGRAPH.split(text)]
        return "\n\n".join(p for p in paragraphs if p)
    if choice == 1:
        paragraphs = _PARAGRAPH.split(text)
        index = rng.randrange(len(paragraphs))
        paragraphs[index] = paragraphs[index].upper()
        return "\n".join(paragraphs)
    return _SENTENCE_END.sub(".  ", text).replace("\n", " \r\n")


def build(
    size: str,
    work_dir: Path = DEFAULT_WORK,
    *,
    seed: int = 1987,
    layout: str | None = None,
    per_file: int = 1000,
    stories: list[Story] | None = None,
) -> Corpus:
    """The ``size`` corpus, built on first use and read from ``work_dir`` afterwards.

    ``layout`` defaults to one ``.txt`` file per document up to 10x and JSON Lines above it (a million
    small files would measure the file system, not the pipeline).
    """
    copies = parse_size(size)
    layout = layout or ("txt" if copies <= 10 else "jsonl")
    if layout not in ("txt", "jsonl"):
        raise ValueError(f"layout must be txt or jsonl, got {layout!r}")
    name = f"reuters-{size}-{layout}-s{seed}-v{CORPUS_VERSION}"
    path = work_dir / name
    manifest = path / "manifest.json"
    if manifest.exists():
        return _corpus_from_manifest(path, json.loads(manifest.read_text()))
    stories = stories if stories is not None else load_stories()
    building = work_dir / f".{name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    (building / "docs").mkdir(parents=True)
    docs = (_write_txt if layout == "txt" else _write_jsonl)(
        building / "docs", stories, copies, seed, per_file
    )
    info = {"size": size, "layout": layout, "copies": copies, "stories": len(stories), "docs": docs}
    info |= {"seed": seed, "version": CORPUS_VERSION}
    (building / "manifest.json").write_text(json.dumps(info, indent=1))
    shutil.rmtree(path, ignore_errors=True)
    building.rename(path)
    return _corpus_from_manifest(path, info)


def _corpus_from_manifest(path: Path, info: dict[str, object]) -> Corpus:
    return Corpus(
        name=str(info["size"]),
        path=path / "docs",
        layout=str(info["layout"]),
        copies=int(str(info["copies"])),
        stories=int(str(info["stories"])),
        docs=int(str(info["docs"])),
    )


def doc_id(story: int, copy: int) -> str:
    return f"s{story:05d}-c{copy:02d}"


def txt_document(story: Story) -> str:
    """A ``.txt`` article as dedupe reads it: the headline, a blank line, the text."""
    return f"{story.title}\n\n{story.text}\n" if story.title else f"{story.text}\n"


def json_record(story: Story, copy: int) -> str:
    published = story.published.isoformat() + "Z" if story.published else None
    record = {"id": doc_id(story.id, copy), "title": story.title, "text": story.text, "published": published}
    return json.dumps(record, ensure_ascii=False)


def _write_txt(root: Path, stories: list[Story], copies: int, seed: int, per_file: int) -> int:
    count = 0
    made: set[Path] = set()
    for copy in range(copies):
        for story in stories:
            folder = root / f"c{copy:02d}" / f"{story.id // 1000:03d}"
            if folder not in made:
                folder.mkdir(parents=True, exist_ok=True)
                made.add(folder)
            text = txt_document(resend(story, copy, seed))
            (folder / f"{doc_id(story.id, copy)}.txt").write_text(text, encoding="utf-8")
            count += 1
    return count


def _write_jsonl(root: Path, stories: list[Story], copies: int, seed: int, per_file: int) -> int:
    count = 0
    lines: list[str] = []
    for copy in range(copies):
        for story in stories:
            lines.append(json_record(resend(story, copy, seed), copy))
            count += 1
            if len(lines) == per_file:
                _write_lines(root / f"part-{(count - 1) // per_file:05d}.jsonl", lines)
                lines = []
    if lines:
        _write_lines(root / f"part-{count // per_file:05d}.jsonl", lines)
    return count


def _write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def documents(corpus_path: Path) -> Iterator[tuple[str, str]]:
    """(id, full text) of every document, in a stable order: what a reference pipeline reads.

    The text is what a user's script would hash: the whole ``.txt`` file, or a record's title and text.
    """
    for folder, subfolders, files in os.walk(corpus_path):
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(".txt"):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    yield name[:-4], handle.read()
            elif name.endswith(".jsonl"):
                with open(path, encoding="utf-8") as handle:
                    for line in handle:
                        record = json.loads(line)
                        yield record["id"], f"{record['title']}\n\n{record['text']}"


def story_of(identifier: str) -> int | None:
    """The story a document id or path belongs to (``None`` for a document from elsewhere)."""
    match = DOC_ID.search(identifier)
    return int(match.group(1)) if match else None


def linked_copy(corpus: Corpus, dest: Path) -> None:
    """A copy of ``corpus`` at ``dest`` made of hard links: instant, and ``perturb`` never edits the cache."""
    staging = dest.with_name(dest.name + f".staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(corpus.path, staging, copy_function=os.link)
    staging.rename(dest)


def perturb(folder: Path, layout: str, fraction: float, round_: int) -> int:
    """Edit ``fraction`` of the documents under ``folder`` (a ``linked_copy``); returns how many.

    An edited file is written fresh and renamed over its link, so the cached corpus stays as built.
    Each ``round_`` edits its own sample with text no earlier round wrote, so a signature cache warmed
    by earlier rounds holds none of the edited texts.
    """
    rng = random.Random(f"perturb:{round_}")
    if layout == "txt":
        files = sorted(str(p) for p in folder.rglob("*.txt"))
        chosen = rng.sample(files, max(1, round(fraction * len(files))))
        for path in chosen:
            text = Path(path).read_text(encoding="utf-8")
            _replace_file(Path(path), text.rstrip("\n") + _edit_mark(rng) + "\n")
        return len(chosen)
    edited = 0
    for part in sorted(folder.glob("*.jsonl")):
        lines = part.read_text(encoding="utf-8").splitlines()
        touched = False
        for index, line in enumerate(lines):
            if rng.random() < fraction:
                record = json.loads(line)
                record["text"] += _edit_mark(rng)
                lines[index] = json.dumps(record, ensure_ascii=False)
                edited += 1
                touched = True
        if touched:
            _replace_file(part, "\n".join(lines) + "\n")
    return edited


def _edit_mark(rng: random.Random) -> str:
    """A new text for the cache, but no new similarity: a serial number shared with no other document
    (a shared phrase such as "edited in round 2" would give every edited copy a shingle in common)."""
    return f" {rng.getrandbits(64):016x}"


def _replace_file(path: Path, text: str) -> None:
    """Write beside and rename over: breaks the hard link instead of editing the cached corpus."""
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(text, encoding="utf-8")
    fresh.replace(path)
