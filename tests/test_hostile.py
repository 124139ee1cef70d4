"""Hostile input over every face: the library, ``dedupe group`` (text, JSON, JSON Lines), ``dedupe diff``, the
TUI, the pre-commit hook (``dedupe check``) and the index (``dedupe index add|query``).

The corpus is ``tests/hostile/`` (small hand-written bad files); big inputs (a 200 MB file, a 20 MB line,
thousands of tiny files, 100,000 sentences) are generated in ``tmp_path`` at test time. Whatever arrives, a
face reports each bad input with its path and one line saying what is wrong, goes on with the rest, exits 2,
never prints a traceback and never lets an escape sequence, bidi override or Rich markup from an article
reach the terminal.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import jsonschema
import pytest

from dedupe.cli import main
from dedupe.errors import SourceError
from dedupe.model import Article
from dedupe.pipeline import ScanOptions, scan
from dedupe.sources import ReadOptions, iter_articles, parse_bytes
from dedupe.text import normalize

REPO = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
GROUPS_SCHEMA = json.loads((REPO / "schema" / "groups.schema.json").read_text())
DIFF_SCHEMA = json.loads((REPO / "schema" / "diff.schema.json").read_text())

# Every bad input of the corpus and the one-line reason each face reports for it.
ERRORS = {
    "billion-laughs.xml": "XML entity declarations are not allowed",
    "binary-image.txt": "binary file",
    "broken-front-matter.md": "front matter is not valid YAML (line 4): expected ',' or ']', but got ':'",
    "empty.md": "empty file",
    "front-matter-alias-bomb.md": "front matter holds more than 10000 values",
    "front-matter-list.md": "front matter is a YAML list, not a mapping of keys to values",
    "front-matter-python-tag.md": "front matter is not valid YAML (line 2): could not determine a constructor "
    "for the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    "latin1-bytes.txt": "not UTF-8 text (byte 0xe9 at offset 76)",
    "malformed.json": "malformed JSON at line 3 column 2: Expecting ',' delimiter",
    "not-an-article.json#1": "expected an article object, found a JSON number",
    "not-an-article.json#2": "expected an article object, found a JSON string",
    "not-an-article.json#3": "expected an article object, found a JSON null",
    "one-bad-line.jsonl:2": "malformed JSON at column 48: Unterminated string starting at",
    "only-whitespace.json": "empty file (only whitespace)",
    "unclosed.xml": "malformed XML at line 2 column 83: mismatched tag",
    "xxe-file.xml": "XML entity declarations are not allowed",
    "xxe-parameter.xml": "XML entity declarations are not allowed",
}
# The inputs that are articles, with what must and must not be in what is read.
ARTICLES = {
    "escapes.json": ("Escape sequences in a JSON body and [reverse]markup[/reverse] must stay inert", ""),
    "escapes.txt": ("to pass the harbour budget [link=http://evil.example]after a long debate[/link]", ""),
    "external-dtd.xml": ("The ferry timetable changes on Sunday", ""),
    "one-bad-line.jsonl:1": ("Crews finished repairing the quay wall", ""),
    "one-bad-line.jsonl:3": ("Volunteers repainted the Kelby lighthouse", ""),
    "script-and-hidden.html": ("The town pier will close for six weeks", "LEAK"),
}
# Anything that can move the cursor, recolour, retitle, hyperlink or reorder a terminal.
TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]"
)


def unsafe_in(output: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in TERMINAL_UNSAFE.findall(output)})


def assert_clean_stderr(err: str, names: list[str]) -> None:
    """One ``dedupe: ...`` line per message, every bad file named, no traceback, nothing unsafe."""
    assert "Traceback" not in err
    assert unsafe_in(err) == []
    lines = err.splitlines()
    assert all(line.startswith("dedupe: ") for line in lines), lines
    for name in names:
        assert any(f"{name}: {ERRORS[name]}" in line for line in lines), (name, lines)


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NO_COLOR", raising=False)


def rel(name: str) -> str:
    return f"tests/hostile/{name}"


# --- the library ------------------------------------------------------------------------------------------


def test_library_reads_every_good_input_and_names_every_bad_one():
    items = list(iter_articles(["tests/hostile"]))
    errors = {item.path: item.reason for item in items if isinstance(item, SourceError)}
    articles = {item.path: item for item in items if isinstance(item, Article)}
    assert errors == {rel(name): reason for name, reason in ERRORS.items()}
    assert set(articles) == {rel(name) for name in ARTICLES}
    for name, (present, absent) in ARTICLES.items():
        article = articles[rel(name)]
        assert present in article.text
        assert not absent or absent not in article.text
        for value in (article.text, article.title, article.source):
            assert "\x1b" not in value and "\x07" not in value  # escape sequences go whole at reading
    assert not Path("/tmp/dedupe-pwned").exists()  # the YAML python tag ran nothing


def test_escape_sequences_go_whole_and_markup_stays_literal_text():
    [article] = iter_articles([rel("escapes.txt")])
    assert isinstance(article, Article)
    # the OSC 8 hyperlink keeps its text only
    assert article.title == "Council votes [bold red]budget[/] \u202eyrtnuoc\u202clink"
    assert "pwned" not in article.title and "evil.example" not in article.title
    assert "[?1049h" not in article.text and "[2J" not in article.text


def test_scan_reports_errors_and_groups_the_rest():
    result = scan(["tests/hostile"], ScanOptions(cache_dir=None, singletons=True))
    assert {e.path for e in result.errors} == {rel(name) for name in ERRORS}
    assert {a.path for a in result.articles} == {rel(name) for name in ARTICLES}
    assert len(result.groups) == len(ARTICLES)  # nothing in the corpus copies anything else


# --- nothing is fetched: XML and HTML ---------------------------------------------------------------------


@pytest.fixture
def listener():
    """A TCP server that counts connections: any fetch of an external entity, DTD or resource shows here."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    hits.append(conn.recv(1024))
                except OSError:
                    hits.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", hits
    stop.set()
    thread.join(2)
    server.close()


def test_no_entity_dtd_or_resource_is_ever_fetched(listener, tmp_path):
    url, hits = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = "<contentSet><inlineData>The lock gates open at noon for the regatta.</inlineData></contentSet>"
    documents = {
        "external-dtd.xml": f'<?xml version="1.0"?>\n<!DOCTYPE newsItem SYSTEM "{url}/a.dtd">\n'
        f'<newsItem guid="g">{body}</newsItem>',
        "entity.xml": f'<?xml version="1.0"?>\n<!DOCTYPE newsItem [<!ENTITY e SYSTEM "{url}/e">]>\n'
        f'<newsItem guid="g"><contentSet><inlineData>&e;</inlineData></contentSet></newsItem>',
        "parameter.xml": f'<?xml version="1.0"?>\n<!DOCTYPE n [<!ENTITY % p SYSTEM "{url}/p"> %p;]>\n'
        f'<newsItem guid="g">{body}</newsItem>',
        "file.xml": f'<?xml version="1.0"?>\n<!DOCTYPE n [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        f'<newsItem guid="g"><contentSet><inlineData>&s;</inlineData></contentSet></newsItem>',
        "xinclude.xml": f'<newsItem guid="g" xmlns:xi="http://www.w3.org/2001/XInclude"><contentSet><inlineXML>'
        f'<p>The lock gates open at noon.</p><xi:include href="{url}/x" parse="text"/></inlineXML></contentSet>'
        "</newsItem>",
        "page.html": f'<!DOCTYPE html SYSTEM "{url}/h.dtd"><html><head><link rel="stylesheet" href="{url}/s.css">'
        f'<script src="{url}/s.js"></script></head><body><article><p>The lock gates open at noon for the '
        f'regatta, the harbour master said.</p><img src="{url}/i.png"><iframe src="{url}/f"></iframe>'
        "</article></body></html>",
        "ninjs.json": json.dumps(
            {"body_html": f'<!DOCTYPE x SYSTEM "{url}/d"><p>The lock gates open.</p><img src="{url}/i.png">'}
        ),
    }
    for name, text in documents.items():
        (tmp_path / name).write_text(text)
    items = list(iter_articles([str(tmp_path / name) for name in documents]))
    time.sleep(0.3)
    assert hits == []
    assert "TOP-SECRET" not in repr(items)
    reasons = {Path(i.path).name: i.reason for i in items if isinstance(i, SourceError)}
    assert reasons == {
        "entity.xml": "XML entity declarations are not allowed",
        "parameter.xml": "XML entity declarations are not allowed",
        "file.xml": "XML entity declarations are not allowed",
    }


# --- the CLI: group in every format, diff ------------------------------------------------------------------


def test_group_json_lists_every_bad_input_validates_and_escapes_what_it_carries(capsys):
    code = main(["group", "tests/hostile", "--format", "json", "--no-cache", "--singletons"])
    out, err = capsys.readouterr()
    assert code == 2
    document = json.loads(out)
    jsonschema.validate(document, GROUPS_SCHEMA)
    assert {e["path"]: e["error"] for e in document["errors"]} == {rel(n): r for n, r in ERRORS.items()}
    titles = {m["path"]: m["title"] for g in document["groups"] for m in g["members"]}
    assert titles[rel("escapes.txt")] == "Council votes [bold red]budget[/] \u202eyrtnuoc\u202clink"
    assert unsafe_in(out) == []  # the bidi override is in the data, written as \u202e
    assert "\\u202e" in out
    assert_clean_stderr(err, list(ERRORS))


def test_group_jsonl_has_one_line_per_group_then_per_error(capsys):
    code = main(["group", "tests/hostile", "--format", "jsonl", "--no-cache", "--singletons"])
    out, err = capsys.readouterr()
    assert code == 2 and unsafe_in(out) == []
    lines = [json.loads(line) for line in out.splitlines()]
    errors = {line["path"]: line["error"] for line in lines if line["schema"] == "dedupe.error/1"}
    assert errors == {rel(n): r for n, r in ERRORS.items()}
    assert sum(line["schema"] == "dedupe.group/1" for line in lines) == len(ARTICLES)
    assert_clean_stderr(err, list(ERRORS))


@pytest.mark.parametrize("color", ["never", "always"])
def test_group_text_shows_titles_without_escapes_or_bidi(capsys, color):
    code = main(["group", "tests/hostile", "--no-cache", "--singletons", "--color", color])
    out, err = capsys.readouterr()
    assert code == 2
    own_colours = re.sub(r"\x1b\[[0-9;]*m", "", out)  # the report's own SGR colours, when asked for
    assert unsafe_in(own_colours) == []
    assert "Council votes [bold red]budget[/] yrtnuoclink" in out
    assert "17 inputs unreadable" in out
    assert_clean_stderr(err, list(ERRORS))


def test_diff_of_hostile_versions_is_inert_and_names_the_bad_one(capsys):
    code = main(
        ["diff", rel("escapes.txt"), rel("escapes.json"), rel("binary-image.txt"), "--color", "never"]
    )
    out, err = capsys.readouterr()
    assert code == 2 and unsafe_in(out) == []
    assert "[link=http://evil.example]after a long debate[/link]" in out
    assert_clean_stderr(err, ["binary-image.txt"])
    code = main(["diff", rel("escapes.txt"), rel("escapes.json"), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and unsafe_in(out) == [] and err == ""
    jsonschema.validate(json.loads(out), DIFF_SCHEMA)


def test_diff_with_only_bad_inputs_exits_2(capsys):
    assert main(["diff", rel("empty.md"), rel("xxe-file.xml")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert_clean_stderr(err, ["empty.md", "xxe-file.xml"])
    assert "no readable article to compare" in err


def test_unreadable_and_looping_paths_on_the_command_line(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(
        "Tide tables\n\nThe spring tide peaks on Thursday evening at the quay.\n"
    )
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a link to itself: ELOOP
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    code = main(["group", str(tmp_path), str(tmp_path / "self.txt"), "--format", "json", "--no-cache"])
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert code == 2 and document["articles"] == 1  # the folder is walked once, through the loop or not
    assert {e["path"]: e["error"] for e in document["errors"]} == {
        str(tmp_path / "dangling.md"): "broken symbolic link",
        str(tmp_path / "self.txt"): "cannot read file: too many levels of symbolic links",
    }
    assert "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file: the case cannot happen")
def test_an_unreadable_file_is_named_and_the_rest_read(tmp_path, capsys):
    locked = tmp_path / "locked.txt"
    locked.write_text("Locked\n\nNobody may read this story about the harbour.\n")
    (tmp_path / "open.txt").write_text("Open\n\nEveryone may read this story about the quay.\n")
    locked.chmod(0)
    try:
        code = main(["group", str(tmp_path), "--format", "json", "--no-cache"])
    finally:
        locked.chmod(0o644)
    document = json.loads(capsys.readouterr().out)
    assert code == 2 and document["articles"] == 1
    assert document["errors"] == [{"path": str(locked), "error": "cannot read file: permission denied"}]


# --- the TUI ---------------------------------------------------------------------------------------------


def test_tui_scanning_the_corpus_shows_article_text_literally():
    import asyncio

    from test_tui import SIZE, screen_segments, settle, spans

    from tui.app import DedupeApp

    async def run() -> None:
        options = ScanOptions(cache_dir=None, singletons=True)
        app = DedupeApp(paths=["tests/hostile"], options=options)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)  # --singletons: every article of the corpus is listed
            segments = screen_segments(app)
            text = "".join(s.text for s in segments)
            assert unsafe_in(text) == [] and "pwned" not in text
            found = list(spans(segments, "[bold red]budget[/]"))
            assert found, text
            assert all(len(styles) == 1 for styles in found)  # the brackets style nothing
            assert "17 inputs unreadable" in text

    asyncio.run(run())


# --- the hook and the index -------------------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Desk",
    "GIT_AUTHOR_EMAIL": "desk@example.org",
    "GIT_COMMITTER_NAME": "Desk",
    "GIT_COMMITTER_EMAIL": "desk@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def test_check_names_each_bad_staged_file_and_still_checks_the_rest(tmp_path, monkeypatch, capsys):
    (tmp_path / "gitconfig").write_text("")
    for name, value in {**GIT_ENV, "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig")}.items():
        monkeypatch.setenv(name, value)
    site = tmp_path / "site"
    site.mkdir()
    story = (
        "The harbour board approved a new fee schedule for visiting yachts on Monday evening. "
        "The chair said the \u202ekcod\u202c fees would rise by \x1b[31mtwelve\x1b[0m per cent in April. "
        "[bold]Sailing clubs[/bold] said they would appeal the decision at the next council meeting.\n"
    )
    (site / "archive.txt").write_text("Fees approved\n\n" + story)
    git = ["git", "-C", str(site)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "archive"], check=True)
    bad = ["binary-image.txt", "billion-laughs.xml", "broken-front-matter.md", "latin1-bytes.txt"]
    for name in [*bad, "escapes.txt"]:
        (site / name).write_bytes((HOSTILE / name).read_bytes())
    (site / "copy.txt").write_text("Fees approved again\n\n" + story.replace("twelve", "fifteen"))
    subprocess.run([*git, "add", "-A"], check=True)
    monkeypatch.chdir(site)
    code = main(["check", *bad, "escapes.txt", "copy.txt", "--no-cache"])
    out, err = capsys.readouterr()
    assert code == 2  # unreadable staged files win over the copy found
    assert "copy.txt: duplicates archive.txt" in out  # the readable ones were still checked
    assert "[bold]Sailing clubs[/bold]" in out and "kcod" in out  # shared sentences shown, inert
    assert unsafe_in(out) == [] and "Traceback" not in err
    for name in bad:
        assert f"dedupe: error: {name}: {ERRORS[name]}" in err


def test_index_add_and_query_name_bad_inputs_and_index_the_rest(tmp_path, capsys):
    store = str(tmp_path / "index.sqlite3")
    code = main(["index", "add", "tests/hostile", "--store", store, "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert_clean_stderr(err, list(ERRORS))
    assert f"indexed {len(ARTICLES)} articles" in err
    code = main(["index", "query", "tests/hostile", "--store", store, "--no-cache", "--format", "json"])
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert code == 2 and document["findings"] == [] and unsafe_in(out) == []
    assert {e["path"] for e in document["errors"]} == {rel(name) for name in ERRORS}
    assert_clean_stderr(err, list(ERRORS))


# --- size: limits, big files, long lines, many files, many sentences --------------------------------------


_MEASURED = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "dedupe", *sys.argv[1:]])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


def _run(args: list[str], **kwargs) -> tuple[subprocess.CompletedProcess[bytes], float, int]:
    """``dedupe ARGS`` in a child; its exit, wall time and peak memory (MB).

    The child runs under a fresh Python that waits for it alone: this process's own RUSAGE_CHILDREN
    also remembers every earlier test's children, whose peak could mask this one's.
    """
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, cwd=REPO, **kwargs)
    *stderr, peak = done.stderr.decode().rstrip("\n").split("\n")
    done.stderr = "".join(line + "\n" for line in stderr).encode()
    return done, time.monotonic() - started, int(peak) // 1024


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path, capsys):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # 200 MB, sparse: the size is what is checked, before any read
        handle.write(b"Headline\n\n")
        handle.seek(200 * 2**20)
        handle.write(b"The end.\n")
    (tmp_path / "small.txt").write_text("Small\n\nA small story about the ferry to Kelby Island.\n")
    started = time.monotonic()
    code = main(["group", str(tmp_path), "--format", "json", "--no-cache"])
    out, err = capsys.readouterr()
    assert time.monotonic() - started < 10
    assert code == 2 and json.loads(out)["articles"] == 1
    assert f"dedupe: error: {big}: larger than the 50 MB limit (--max-bytes)\n" in err
    assert main(["group", str(big), "--max-bytes", "1000", "--no-cache"]) == 2
    assert "larger than the 1000 bytes limit (--max-bytes)" in capsys.readouterr().err


@pytest.mark.slow
def test_200_mb_on_stdin_stops_at_the_limit_in_bounded_memory(tmp_path):
    big = tmp_path / "huge.txt"
    line = b"The quick council voted on the harbour budget again today. " * 1000 + b"\n"
    with big.open("wb") as handle:
        for _ in range(200 * 2**20 // len(line) + 1):
            handle.write(line)
    with big.open("rb") as stdin:
        done, seconds, peak_mb = _run(
            ["group", "-", "--no-cache", "--max-bytes", str(20 * 2**20)], stdin=stdin
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode() == "dedupe: error: -: larger than the 20 MB limit (--max-bytes)\n"
    assert peak_mb < 400, peak_mb  # read at most the limit + 1 byte, never the 200 MB
    assert seconds < 60


@pytest.mark.slow
def test_a_single_20_mb_line_is_read_and_grouped_in_bounded_time_and_memory(tmp_path):
    words = "council harbour ferry budget storm quay tide bridge vote rail".split()
    line = " ".join(words[(i * 7 + i // 10) % len(words)] for i in range(3_200_000))[: 20 * 2**20]
    (tmp_path / "line.txt").write_text(line)
    (tmp_path / "copy.txt").write_text("A headline\n\n" + line)
    done, seconds, peak_mb = _run(["group", str(tmp_path), "--format", "json", "--no-cache", "-j", "1"])
    assert done.returncode == 0, done.stderr[-2000:]
    document = json.loads(done.stdout)
    assert [[m["relation"] for m in g["members"]] for g in document["groups"]] == [["base", "exact"]]
    assert seconds < 120 and peak_mb < 3000, (seconds, peak_mb)


def test_thousands_of_tiny_files(tmp_path):
    import random

    folder = tmp_path / "desk"
    folder.mkdir()
    rng = random.Random(9)
    vocabulary = [
        f"{a}{b}" for a in ("har", "qu", "ti", "fer", "bri", "cou", "vo", "ra") for b in "aeiouyrstn"
    ]
    notes = [" ".join(rng.choices(vocabulary, k=12)) + "." for _ in range(3000)]
    for i, note in enumerate(notes):
        (folder / f"{i:05d}.txt").write_text(f"Item {i}\n\n{note}\n")
    (folder / "copy.txt").write_text(f"Item 42 again\n\n{notes[42]}\n")
    (folder / "00007.txt").write_bytes(b"")  # one of them empty
    started = time.monotonic()
    result = scan([str(folder)], ScanOptions(cache_dir=None, jobs=1))
    assert time.monotonic() - started < 60
    assert len(result.articles) == 3000 and [e.reason for e in result.errors] == ["empty file"]
    assert [[m.id for m in g.members] for g in result.groups] == [
        [str(folder / "00042.txt"), str(folder / "copy.txt")]
    ]


def _sentences(count: int, salt: str = "") -> str:
    places = ["Marrow", "Kelby", "Port Ellery", "Tillman", "Breck", "Holloway", "Pikeston"]
    return " ".join(
        f"Crews in {places[i % 7]} repaired section {i}{salt} of the sea wall before the {i % 12 + 1} pm tide."
        for i in range(count)
    )


@pytest.mark.slow
def test_an_article_of_100000_sentences_groups_and_diffs_within_bounds(tmp_path):
    text = _sentences(100_000)
    (tmp_path / "a.txt").write_text("Sea wall\n\n" + text)
    (tmp_path / "b.txt").write_text("Sea wall repaired\n\n" + text.replace("section 5 of", "section 5A of"))
    done, seconds, peak_mb = _run(["group", str(tmp_path), "--format", "json", "--no-cache", "-j", "1"])
    assert done.returncode == 0, done.stderr[-2000:]
    assert [m["relation"] for m in json.loads(done.stdout)["groups"][0]["members"]] == ["base", "near"]
    assert seconds < 120 and peak_mb < 3000, (seconds, peak_mb)
    done, seconds, peak_mb = _run(
        ["diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json"]
    )
    assert b"Traceback" not in done.stderr, done.stderr[-3000:]
    assert seconds < 180 and peak_mb < 3000, (seconds, peak_mb)
    assert done.returncode == 0, done.stderr[-2000:]
    document = json.loads(done.stdout)
    jsonschema.validate(document, DIFF_SCHEMA)
    statuses = [row["cells"][document["versions"][0]]["status"] for row in document["rows"]]
    assert len(statuses) == 100_000 and statuses.count("reworded") == 1


def test_an_article_of_one_huge_sentence(tmp_path, capsys):
    sentence = " ".join(f"word{i % 997}" for i in range(60_000)) + "."
    (tmp_path / "a.txt").write_text("One sentence\n\n" + sentence)
    (tmp_path / "b.txt").write_text("One sentence\n\n" + sentence.replace("word5 ", "word6 ", 1))
    started = time.monotonic()
    assert main(["group", str(tmp_path), "--format", "json", "--no-cache"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [m["relation"] for m in document["groups"][0]["members"]] == ["base", "near"]
    assert main(["diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert len(rows) == 1
    assert time.monotonic() - started < 60


# --- parsers stay linear on adversarial markup (fuzzing findings) -----------------------------------------

QUADRATIC_BEFORE = [  # (format, prefix, repeated unit): each took 5-20 s at 20-40 KB before the fix
    ("markdown", b"# t\n\n", b"**a "),  # strong never closed
    ("markdown", b"# t\n\n", b"*a "),  # emphasis never closed
    ("markdown", b"# t\n\n", b"_a "),
    ("markdown", b"# t\n\n", b"~~a "),
    ("markdown", b"# t\n\n", b"["),  # link text never closed
    ("markdown", b"# t\n\n", b"[a]("),  # link target never closed
    ("markdown", b"# t\n\n", b"!["),
    ("markdown", b"# t\n\n", b"<http:"),  # autolink never closed
    ("markdown", b"# t\n\n", b"``a"),
    ("html", b"<html><body><p>x</p>", b"<a "),  # html.parser: unclosed start tags
    ("html", b"<html><body><p>x</p>", b"<!--"),
    ("html", b"<html><body><p>x</p>", b"</"),
    ("json", b'{"text": "x", "body_html": "<p>x</p>', b"<a "),  # a ninjs HTML body
    ("json", b'{"text": "x", "body_html": "<p>x</p>', b"<!--"),
]


@pytest.mark.parametrize(("fmt", "prefix", "unit"), QUADRATIC_BEFORE)
def test_adversarial_markup_parses_in_linear_time(fmt, prefix, unit):
    data = prefix + unit * (60_000 // len(unit)) + (b'"}' if fmt == "json" else b"")
    parse_bytes(b"<p>warm up</p>", "w", "html")  # trafilatura's first import is not parsing time
    started = time.perf_counter()
    items = list(parse_bytes(data, "adversarial", fmt))
    assert time.perf_counter() - started < 2.0
    assert len(items) == 1 and not getattr(items[0], "reason", "").startswith("cannot read (")


def test_markdown_inline_markup_is_still_removed_as_before():
    from dedupe.sources.plain import markdown_to_text

    markdown = (
        "A **strong** and *light* and _under_ and ~~struck~~ word, 2 * 3 and snake_case stay.\n"
        "See [the report](https://example.org/r) and [the note][n], ![a chart](c.png) <https://example.org> "
        "and ``code with ` inside`` and `code`. Unclosed: **open *open _open ~~open [open ![open <http://open\n"
        "Nested [link with *emphasis*](u) and **strong with [link](u)**."
    )
    assert markdown_to_text(markdown) == (
        "A strong and light and under and struck word, 2 * 3 and snake_case stay.\n"
        "See the report and the note,  https://example.org and code with ` inside and code. "
        "Unclosed: **open *open _open ~~open [open ![open <http://open\n"
        "Nested link with emphasis and strong with link."
    )


def test_a_yaml_error_quoted_over_several_lines_is_one_line():
    [error] = parse_bytes(b"---\nid: \x1f\n---\n# \n\n\n", "x.md", "markdown")  # fuzzing finding
    assert isinstance(error, SourceError)
    assert error.reason == (
        "front matter is not valid YAML: unacceptable character #x001f: special characters are not allowed "
        'in "<unicode string>", position 4'
    )


def test_input_of_only_unicode_whitespace_is_an_error_not_nothing():
    for fmt in ("jsonl", "json", "text", "markdown", None):  # U+0085: whitespace to str, not to bytes
        items = list(parse_bytes("\u0085\u2028\u3000".encode(), "ws", fmt))  # fuzzing finding
        assert [getattr(item, "reason", None) for item in items] in (
            ["no article text"],
            ["empty file (only whitespace)"],
            ["malformed JSON at line 1 column 1: Expecting value"],
        ), (fmt, items)


def test_a_page_of_too_many_elements_is_refused_quickly():
    parse_bytes(b"<p>warm up</p>", "w", "html")
    started = time.perf_counter()
    [error] = parse_bytes(b"<html><body><article>" + b"<p>" * 40_000, "p.html", "html")  # fuzzing finding
    assert isinstance(error, SourceError)
    assert error.reason == "40,003 HTML elements, more than a page may have (30,000)"
    assert time.perf_counter() - started < 2.0


def test_lone_surrogates_from_json_escapes_become_replacement_characters(capsys, tmp_path):
    path = tmp_path / "surrogate.json"
    path.write_text('{"title": "Fees \\ud800 rise", "text": "Harbour fees rise \\udfff by 4 per cent."}')
    [article] = iter_articles([str(path)])
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Fees \ufffd rise", "Harbour fees rise \ufffd by 4 per cent.")
    assert main(["group", str(path), "--singletons", "--no-cache"]) == 0  # printed without UnicodeEncodeError
    assert "Fees \ufffd rise" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text",
    [
        "\u0345",  # casefolds to Greek iota, a homoglyph of i (fuzzing finding)
        "\u03aa\u0301",  # Greek capital iota with dialytika and an accent: composes after folding
        "\u0500",  # Cyrillic capital komi de: its small form is a homoglyph of d
        "\u0456\u0301",  # Cyrillic i and an accent: Latin i-acute once mapped
    ],
)
def test_normalize_folds_in_one_pass(text):
    once = normalize(text)
    assert normalize(once) == once


def test_read_limit_applies_to_every_file_and_to_stdin(tmp_path):
    (tmp_path / "a.txt").write_text("x" * 600)
    (tmp_path / "b.jsonl").write_text('{"text": "short"}\n' * 40)
    items = list(iter_articles([str(tmp_path)], ReadOptions(max_bytes=500)))
    assert [(Path(i.path).name, i.reason) for i in items if isinstance(i, SourceError)] == [
        ("a.txt", "larger than the 500 bytes limit (--max-bytes)"),
        ("b.jsonl", "larger than the 500 bytes limit (--max-bytes)"),
    ]


def test_reasons_and_text_hold_no_control_characters_from_any_corpus_file():
    for item in iter_articles(["tests/hostile", "tests/data/bad"]):
        values = [item.reason] if isinstance(item, SourceError) else [item.title, item.source, item.id]
        for value in values:
            assert "\n" not in value
            assert not [c for c in value if unicodedata.category(c) == "Cc"], (item.path, value)


# --- evasion: copies dressed up to look new are still exact or near copies --------------------------------

ORIGINAL = (
    "Marrow Harbour Board votes to raise mooring fees\n\n"
    "The Marrow Harbour Board voted on Tuesday evening to raise mooring fees for visiting yachts by "
    "twelve per cent from the first of April, saying the money would pay for new pontoons and a "
    "dredging programme that has been delayed for three years.\n\n"
    "Board chair Imogen Castell said the increase was \u201cmodest and overdue\u201d and that local "
    "fishing boats would be exempt. \u201cWe cannot keep patching the east pontoon every winter,\u201d "
    "she told the meeting \u2014 which ran for nearly four hours.\n\n"
    "Opponents, including the Kelby Sailing Club, said the rise would push visitors to cheaper "
    "moorings along the coast. The club's secretary, Owen Dace, said members would ask the council "
    "to review the decision at its next session in March.\n\n"
    "The board expects the new fees to raise about 180,000 pounds a year. Work on the pontoons is "
    "due to start in the autumn, once the summer season has ended."
)
HOMOGLYPHS = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")  # Cyrillic look-alikes
GREEK = str.maketrans("oivAEIO", "οινΑΕΙΟ")


def _evasions() -> dict[str, str]:
    headline, body = ORIGINAL.split("\n\n", 1)
    zero_width = "".join(
        ch + ("\u200b" if i % 3 == 0 else "\u200d" if i % 7 == 0 else "") for i, ch in enumerate(body)
    )
    reflowed = "\n".join(
        " ".join(line.split()) for line in __import__("textwrap").wrap(body.replace("\n\n", " \n\n "), 41)
    )
    swapped = (
        body.replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2014", "--")
        .replace(", ", " , ")
        .replace("'", "\u2019")
        .replace(".", " .")
    )
    return {
        "homoglyphs.txt": f"{headline}\n\n{body.translate(HOMOGLYPHS)}",
        "greek.txt": f"{headline}\n\n{body.translate(GREEK)}",
        "zero-width.txt": f"{headline}\n\n{zero_width}\ufeff\u2060\u00ad",
        "reflowed.txt": "A new headline for the same story\n\n"
        + reflowed.replace(" ", "  ").replace("\n", "\r\n"),
        "swapped-punctuation.txt": f"{headline}\n\n{swapped}",
        "fullwidth.txt": f"{headline}\n\n" + body.replace("Marrow", "\uff2d\uff41\uff52\uff52\uff4f\uff57"),
        "everything.txt": f"{headline}\n\n"
        + " \u200b".join(swapped.translate(HOMOGLYPHS).split(" ")).replace("\n\n", "\n \t\n"),
    }


def _invisible_html(body: str) -> str:
    paragraphs = body.split("\n\n")
    hidden = [
        '<span style="display:none">Buy cheap watches online today</span>',
        "<span hidden>unrelated filler words to dodge detection</span>",
        '<span aria-hidden="true">more filler nobody can see</span>',
        '<span style="visibility: hidden">invisible padding text</span>',
        "<!-- a comment with words that are not in the story -->",
    ]
    marked = [
        " ".join(
            word + (hidden[i % len(hidden)] if i % 9 == 4 else "") for i, word in enumerate(p.split(" "))
        )
        for p in paragraphs
    ]
    return "".join(f"<p>{p}</p>" for p in marked)


def test_copies_dressed_up_as_new_are_still_found_as_exact_or_near(tmp_path):
    headline, body = ORIGINAL.split("\n\n", 1)
    (tmp_path / "original.txt").write_text(ORIGINAL)
    for name, text in _evasions().items():
        (tmp_path / name).write_text(text, newline="")
    html = _invisible_html(body)
    (tmp_path / "hidden-html.html").write_text(
        f"<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>{html}"
        "</article></body></html>"
    )
    (tmp_path / "hidden-ninjs.json").write_text(json.dumps({"headline": headline, "body_html": html}))
    (tmp_path / "unrelated.txt").write_text(
        "Kelby ferry timetable\n\nThe Kelby ferry will run an extra evening crossing on Fridays through "
        "August, the operator said, after record passenger numbers at the start of the summer season."
    )
    result = scan([str(tmp_path)], ScanOptions(cache_dir=None, singletons=True))
    assert result.errors == ()
    by_path = {a.id: a.path for a in result.articles}
    [story, unrelated] = sorted(result.groups, key=lambda g: -len(g.members))
    assert [by_path[m.id] for m in unrelated.members] == [str(tmp_path / "unrelated.txt")]
    relations = {Path(by_path[m.id]).name: m.relation for m in story.members}
    assert set(relations) == {"original.txt", "hidden-html.html", "hidden-ninjs.json", *_evasions()}
    assert {name: rel for name, rel in relations.items() if rel not in ("base", "exact", "near")} == {}
    exact = {"homoglyphs.txt", "zero-width.txt", "reflowed.txt", "fullwidth.txt", "hidden-ninjs.json"}
    assert {name for name, rel in relations.items() if rel in ("base", "exact")} >= exact
    for article in result.articles:  # the hidden words never reached the text that is compared
        assert (
            "watches" not in article.text and "filler" not in article.text and "comment" not in article.text
        )
