"""The input readers: one fixture per format, every kind of bad input, folder walking and stdin."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedupe.errors import ConfigError, SourceError
from dedupe.model import Article
from dedupe.sources import (
    ReadOptions,
    cleaning,
    iter_articles,
    markup,
    parse_bytes,
    parse_published,
    reading,
    sniff_format,
)
from dedupe.sources.plain import _looks_like_headline, markdown_to_text

DATA = Path(__file__).parent / "data"
FORMATS = DATA / "formats"
BAD = DATA / "bad"


def read_all(*paths: Path | str, options: ReadOptions | None = None) -> list[Article | SourceError]:
    return list(iter_articles([str(path) for path in paths], options or ReadOptions()))


def read_one(path: Path | str) -> Article:
    items = read_all(path)
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def read_error(path: Path | str, options: ReadOptions | None = None) -> SourceError:
    items = read_all(path, options=options)
    assert len(items) == 1, items
    assert isinstance(items[0], SourceError), items[0]
    return items[0]


def fields(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "path": article.path,
        "text": article.text,
    }


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: timezone = UTC) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


# --- formats ---------------------------------------------------------------------------------------------


def test_plain_text_short_first_line_and_blank_line_is_the_headline() -> None:
    path = FORMATS / "bbc_style.txt"
    assert fields(read_one(path)) == {
        "id": str(path),
        "title": "Ferry service to Kelby Island resumes",
        "source": "",
        "published": None,
        "path": str(path),
        "text": "The ferry link between Marrow Quay and Kelby Island resumed on Monday after a two-week "
        "suspension caused by a fault in the loading ramp.\n\nOperator Tidewater Lines said all sailings would "
        "run to the normal timetable, with an extra crossing on Friday evenings until the end of the month.",
    }


def test_plain_text_first_sentence_is_not_a_headline() -> None:
    article = read_one(FORMATS / "no_headline.txt")
    assert article.title == ""
    assert article.text == (
        "Kelby Island's only bakery will close for renovation in April.\n\nThe owners said the work would take "
        "six weeks."
    )


def test_markdown_front_matter_and_markup_removed() -> None:
    path = FORMATS / "article.md"
    article = read_one(path)
    assert fields(article) == {
        "id": "gazette-2024-0305-bridge",
        "title": "Harbour bridge reopens after repairs",
        "source": "Coastline Gazette",
        "published": at(2024, 3, 5, 8, 15),  # naive in the front matter: taken as UTC
        "path": str(path),
        "text": "Harbour bridge reopens\n\n"
        "The old harbour bridge in Port Ellery reopened on Tuesday after eleven weeks of work,\n"
        "the town council said.\n\n"
        "What changed\n\n"
        "Forty corroded beams were replaced.\nThe main span was repainted.\n\n"
        '"We thank residents for their patience," said Mayor Dana Whitlow.',
    }
    assert dict(article.meta) == {
        "byline": "Dana Okafor",
        "url": "https://gazette.example/bridge-reopens",
        "updates": "gazette-2024-0304-bridge",
        "tags": ["transport", "Port Ellery"],
    }


def test_markdown_inline_markup() -> None:
    markdown = (
        "# Title #\n"
        "A __strong__ and _light_ word, snake_case_name and 2 * 3 stay; `code` and ~~gone~~ words.\n"
        "See <https://example.org> and [the report][ref] \\*not emphasis\\*. A &amp; B <br/>\n"
        "***\n"
        "```\n"
        "1. first\n"
        "[ref]: https://example.org/report\n"
        "<script>alert('SCRIPT-LEAK')</script>"
    )
    assert markdown_to_text(markdown) == (
        "Title\n"
        "A strong and light word, snake_case_name and 2 * 3 stay; code and gone words.\n"
        "See https://example.org and the report *not emphasis*. A & B\n"
        "first"
    )


@pytest.mark.parametrize(
    ("name", "expected", "meta"),
    [
        (
            "ninjs1.json",
            {
                "id": "urn:newsml:tidewire.example:20240305:ferry-1",
                "title": "Ferry link to Kelby Island restored",
                "source": "Tidewire",
                "published": at(2024, 3, 5, 10, 15),
                "text": "MARROW QUAY (Tidewire) - Ferries between Marrow Quay and Kelby Island ran again on Monday."
                "\n\nThe loading ramp had been out of action for two weeks.",
            },
            {
                "byline": "By Sam Reyes, Tidewire",
                "located": "Marrow Quay",
                "firstcreated": "2024-03-05T09:00:00Z",
            },
        ),
        (
            "ninjs2.json",
            {
                "id": "urn:newsml:northpress.example:20240305:ferry-2",
                "title": "Kelby ferry back in service",
                "source": "Northpress",
                "published": at(2024, 3, 5, 11, 40, tz=timezone(timedelta(hours=1))),
                "text": "Ferries to Kelby Island are sailing again.\n\n"
                "The ramp fault was fixed on Sunday night & tested at dawn.",
            },
            {"by": "Northpress staff", "language": "en"},
        ),
        (
            "ninjs3.json",
            {
                "id": "https://ninjs.example/items/ferry-3",
                "title": "Ferries sail to Kelby again",
                "source": "Island Broadcasting",
                "published": at(2024, 3, 5, 12, 0),
                "text": "Ferries are sailing to Kelby Island again.\n\n"
                "Island Broadcasting confirmed the first crossing left at dawn.",
            },
            {"by": "Lee Tran", "firstCreated": "2024-03-05T07:30:00Z"},
        ),
    ],
)
def test_ninjs_generations(name: str, expected: dict[str, object], meta: dict[str, str]) -> None:
    path = FORMATS / name
    article = read_one(path)
    assert fields(article) == {**expected, "path": str(path)}
    assert meta.items() <= dict(article.meta).items()
    assert not any(key.startswith("body") or key in ("bodies", "headlines") for key in article.meta)


def test_generic_json_object() -> None:
    path = FORMATS / "generic.json"
    article = read_one(path)
    assert fields(article) == {
        "id": str(path),
        "title": "Bakery to close for renovation",
        "source": "Kelby Bulletin",
        "published": at(2024, 3, 5, 14, 0),  # RFC 2822
        "path": str(path),
        "text": "The Kelby Island bakery will shut for six weeks from April.",
    }
    assert dict(article.meta) == {"section": "local"}


def test_json_list_gives_one_article_per_item() -> None:
    path = FORMATS / "list.json"
    first, second = read_all(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.path, first.title, first.published) == (
        "bulletin-1",
        f"{path}#1",
        "Harbour wall inspected",
        at(2024, 3, 5),
    )
    assert first.text == "Engineers inspected the harbour wall at Marrow Quay on Tuesday."
    assert (second.id, second.path, second.title) == (
        "urn:example:wall-2",
        f"{path}#2",
        "Wall survey finds minor cracks",
    )
    assert second.text == "The survey found minor cracks.\n\nRepairs will start in May."  # sniffed as HTML


def test_json_lines_paths_and_default_ids() -> None:
    path = FORMATS / "lines.jsonl"
    first, third = read_all(path)  # line 2 is blank
    assert isinstance(first, Article) and isinstance(third, Article)
    assert fields(first) == {
        "id": "urn:example:line-1",
        "title": "Tide gauge installed",
        "source": "Tidewire",
        "published": at(2024, 3, 1, 8, 0),
        "path": f"{path}:1",
        "text": "A new tide gauge was installed at the quay.",
    }
    assert fields(third) == {
        "id": f"{path}:3",
        "title": "Gauge readings published",
        "source": "",
        "published": at(2024, 3, 2, 9, 30),
        "path": f"{path}:3",
        "text": "The first readings from the tide gauge were published online.",
    }


def test_newsml_item_with_namespace_and_nitf_body() -> None:
    path = FORMATS / "newsml_item.xml"
    article = read_one(path)
    assert fields(article) == {
        "id": "urn:newsml:tidewire.example:20240305:bridge",
        "title": "Port Ellery bridge open to traffic",
        "source": "TIDEWIRE",
        "published": at(2024, 3, 5, 9, 45),
        "path": str(path),
        "text": "PORT ELLERY (Tidewire) - The harbour bridge reopened to cars on Tuesday.\n\n"
        "Repairs took eleven weeks, the council said.",
    }
    assert dict(article.meta) == {
        "version": "3",
        "byline": "Priya Nair",
        "slugline": "BRIDGE-REOPENS",
        "language": "en",
    }


def test_newsml_message_with_two_items() -> None:
    path = FORMATS / "newsml_message.xml"
    first, second = read_all(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert fields(first) == {
        "id": "urn:example:msg-1",
        "title": "Quay car park reopens",
        "source": "Harbour Radio News",  # creditline before provider
        "published": at(2024, 3, 5, 7, 0),  # firstCreated, naive: UTC
        "path": f"{path}#1",
        "text": "The quay car park reopened this morning.\n\nParking is free until Friday.",
    }
    assert fields(second) == {
        "id": "urn:example:msg-2",
        "title": "Bus timetable changes",
        "source": "Harbour Radio Network",
        "published": at(2024, 3, 5, 8, 30),
        "path": f"{path}#2",
        "text": "Buses to the quay will run every ten minutes.\n\nEvening services are unchanged.",
    }


def test_html_page_main_text_without_scripts_styles_or_hidden_elements() -> None:
    path = FORMATS / "page.html"
    article = read_one(path)
    assert (article.id, article.path) == (str(path), str(path))
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.source == "Coastline Gazette"
    assert article.published == at(2024, 3, 5, 9, 30, tz=timezone(timedelta(hours=1)))
    assert article.text.split("\n") == [
        "The old harbour bridge in Port Ellery reopened to traffic on Tuesday morning after eleven weeks of "
        "repair work on its steel deck.",
        "Engineers replaced forty corroded beams and repainted the main span, the town council said in a "
        "statement issued shortly after dawn.",
        "Mayor Dana Whitlow thanked residents for their patience and said the bridge would carry buses again "
        "from next Monday.",
    ]
    assert "LEAK" not in article.text
    assert dict(article.meta) == {"url": "https://gazette.example/bridge"}


def test_html_in_the_charset_it_declares() -> None:
    page = (FORMATS / "page.html").read_text().replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("eleven weeks", "eleven weeks and \N{POUND SIGN}2m")
    [article] = parse_bytes(page.encode("cp1252"), "old.html", "html")
    assert isinstance(article, Article)
    assert "eleven weeks and \N{POUND SIGN}2m" in article.text


def test_text_loses_control_characters_and_ansi_escapes() -> None:
    data = b"\xef\xbb\xbfTitle \x1b[1mbold\x1b[0m\r\n\r\nBody \x1b[31mred\x1b[0m text\x07 here\x1b]0;owned\x07.\r\n"
    [article] = parse_bytes(data, "x.txt", "text")
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Title bold", "Body red text here.")


def test_utf16_with_bom_is_text() -> None:
    [article] = parse_bytes("Headline\n\nBody in UTF-16.".encode("utf-16"), "x.txt", "text")
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Headline", "Body in UTF-16.")


# --- bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("binary.txt", "binary file"),
        ("undecodable.txt", "not UTF-8 text (byte 0x9c at offset 12)"),
        ("empty.txt", "empty file"),
        ("whitespace.txt", "empty file (only whitespace)"),
        ("malformed.json", "malformed JSON at line 3 column 49: Expecting ',' delimiter"),
        ("malformed.xml", "malformed XML at line 3 column 36: mismatched tag"),
        ("billion_laughs.xml", "XML entity declarations are not allowed"),
        (
            "broken_front_matter.md",
            "front matter is not valid YAML (line 4): expected ',' or ']', but got ':'",
        ),
        (
            "bad_date.md",
            "front matter 'published': cannot parse date 'next Tuesday-ish' (expected ISO 8601 or RFC 2822)",
        ),
        ("no_text.html", "no article text"),
    ],
)
def test_bad_input_is_one_error_naming_the_file(name: str, reason: str) -> None:
    read_error(BAD / name)  # a first run loads modules (trafilatura's fallbacks: seconds): not parsing time

    started = time.perf_counter()
    error = read_error(BAD / name)
    assert (error.path, error.reason) == (str(BAD / name), reason)
    assert str(error) == f"{BAD / name}: {reason}"
    assert time.perf_counter() - started < 1.0  # nothing was expanded


def test_json_lines_bad_line_spoils_only_itself() -> None:
    path = BAD / "mixed.jsonl"
    results = [(item.path, item.id if isinstance(item, Article) else item.reason) for item in read_all(path)]
    assert results == [
        (f"{path}:1", "good-1"),
        (f"{path}:2", "malformed JSON at column 62: Expecting ',' delimiter"),
        (f"{path}:3", "expected an article object, found a JSON array"),
        (f"{path}:4", "no article text"),
        (f"{path}:5", "good-5"),
    ]


def test_xxe_never_reads_the_external_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    item = tmp_path / "xxe.xml"
    item.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<newsItem guid="urn:xxe"><contentSet><inlineData>&xxe;</inlineData></contentSet></newsItem>\n'
    )
    items = read_all(item)
    assert [(error.path, error.reason) for error in items if isinstance(error, SourceError)] == [
        (str(item), "XML entity declarations are not allowed")
    ]
    assert "TOP-SECRET-TOKEN" not in repr(items)


def test_unparseable_published_in_json_is_an_error() -> None:
    [error] = parse_bytes(b'{"title": "t", "text": "body", "versioncreated": "yesterday"}', "x.json", "json")
    assert isinstance(error, SourceError)
    assert error.reason == "'versioncreated': cannot parse date 'yesterday' (expected ISO 8601 or RFC 2822)"


def test_deep_nesting_is_an_error() -> None:
    [error] = parse_bytes(b"[" * 100_000 + b"]" * 100_000, "deep.json", "json")
    assert isinstance(error, SourceError)
    assert error.reason == "nested too deeply to read"


def test_max_bytes_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="--max-bytes"):
        ReadOptions(max_bytes=0)


def test_unclosed_front_matter() -> None:
    [error] = parse_bytes(b"---\ntitle: x\n\nBody without an end to the front matter.\n", "x.md", "markdown")
    assert isinstance(error, SourceError)
    assert error.reason == "front matter is not closed (no second '---' line)"


def test_file_over_max_bytes(tmp_path: Path) -> None:
    error = read_error(FORMATS / "page.html", ReadOptions(max_bytes=100))
    assert error.reason == "larger than the 100 bytes limit (--max-bytes)"
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048 + b"\n")
    assert read_error(big, ReadOptions(max_bytes=2048)).reason == "larger than the 2 KB limit (--max-bytes)"
    assert read_one(big).text == "x" * 2048


def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    locked_file = tmp_path / "locked.txt"
    locked_file.write_text("Headline\n\nBody.\n")
    locked_folder = tmp_path / "locked"
    locked_folder.mkdir()
    (locked_folder / "inside.txt").write_text("Inside.\n")
    locked_file.chmod(0)
    locked_folder.chmod(0)
    try:
        if os.access(locked_file, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        assert read_error(locked_file).reason == "cannot read file: permission denied"
        assert read_error(locked_folder).reason == "cannot read folder: permission denied"
    finally:
        locked_folder.chmod(0o755)
        locked_file.chmod(0o644)


def test_missing_path() -> None:
    assert read_error("no/such/file.txt").reason == "cannot read file: no such file or directory"


# --- stdin, sniffing, walking ----------------------------------------------------------------------------


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))


def test_stdin_ninjs_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, (FORMATS / "ninjs3.json").read_bytes())
    article = read_one("-")
    assert (article.id, article.path, article.title) == (
        "https://ninjs.example/items/ferry-3",
        "-",
        "Ferries sail to Kelby again",
    )


def test_stdin_plain_text_and_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"Headline from a pipe\n\nBody from a pipe.\n")
    article = read_one("-")
    assert (article.id, article.path, article.title, article.text) == (
        "-",
        "-",
        "Headline from a pipe",
        "Body from a pipe.",
    )
    fake_stdin(monkeypatch, (FORMATS / "lines.jsonl").read_bytes())
    assert [item.path for item in read_all("-")] == ["-:1", "-:3"]


def test_stdin_over_max_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"y" * 50)
    error = read_error("-", ReadOptions(max_bytes=10))
    assert (error.path, error.reason) == ("-", "larger than the 10 bytes limit (--max-bytes)")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'  {"title": "t",\n "text": "x"}', "json"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'[{"text": "a"}]', "json"),
        (b'<?xml version="1.0"?>\n<newsMessage/>', "newsml"),
        (b"<newsItem guid='x'/>", "newsml"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "html"),
        (b"<p>just a fragment</p>", "html"),
        (b"---\ntitle: x\n---\nbody", "markdown"),
        (b"# Heading\n\nbody", "markdown"),
        (b"Plain words.", "text"),
    ],
)
def test_sniff_format(data: bytes, expected: str) -> None:
    assert sniff_format(data) == expected


def test_explicit_file_with_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    item = tmp_path / "wire.item"
    shutil.copy(FORMATS / "newsml_item.xml", item)
    assert read_one(item).id == "urn:newsml:tidewire.example:20240305:bridge"


def test_folder_walk_sorted_recursive_skipping_hidden_unknown_and_loops(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "z" / "deeper").mkdir(parents=True)
    (root / ".hidden-folder").mkdir()
    (root / "b.txt").write_text("Story b.\n")
    (root / "a" / "c.md").write_text("Story c.\n")
    (root / "z" / "deeper" / "d.json").write_text('{"text": "Story d."}')
    (root / ".hidden.txt").write_text("Hidden.\n")
    (root / ".hidden-folder" / "e.txt").write_text("Hidden too.\n")
    (root / "notes.docx").write_text("Not an article format.\n")
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    (root / "alias").symlink_to(root / "a", target_is_directory=True)
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    items = read_all(root)
    assert [(item.path, item.text if isinstance(item, Article) else item.reason) for item in items] == [
        (str(root / "a" / "c.md"), "Story c."),
        (str(root / "b.txt"), "Story b."),
        (str(root / "dangling.txt"), "broken symbolic link"),
        (str(root / "z" / "deeper" / "d.json"), "Story d."),
    ]


def test_ids_are_left_as_the_formats_give_them(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text('{"id": "same", "text": "First version."}')
    (tmp_path / "two.json").write_text('{"id": "same", "text": "Second version."}')
    items = read_all(tmp_path)
    assert [(item.id, item.path) for item in items if isinstance(item, Article)] == [
        ("same", str(tmp_path / "one.json")),
        ("same", str(tmp_path / "two.json")),
    ]  # the pipeline makes ids unique, whatever the order they were read in


def test_core_import_does_not_load_trafilatura() -> None:
    script = (
        "import sys; from dedupe.sources import iter_articles; "
        f"items = list(iter_articles([{str(FORMATS / 'bbc_style.txt')!r}, {str(FORMATS / 'ninjs2.json')!r}])); "
        "assert len(items) == 2, items; assert 'trafilatura' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parent.parent)


# --- dates and robustness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T10:00:00Z", at(2024, 3, 5, 10, 0)),
        ("2024-03-05T10:00:00+02:00", at(2024, 3, 5, 10, 0, tz=timezone(timedelta(hours=2)))),
        ("2024-03-05T10:00:00", at(2024, 3, 5, 10, 0)),
        ("2024-03-05", at(2024, 3, 5)),
        ("Tue, 05 Mar 2024 10:00:00 +0100", at(2024, 3, 5, 10, 0, tz=timezone(timedelta(hours=1)))),
        (datetime(2024, 3, 5, 10, 0), at(2024, 3, 5, 10, 0)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value: object, expected: datetime | None) -> None:
    assert parse_published(value) == expected
    if expected is not None:
        assert parse_published(value).tzinfo is not None  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["next Tuesday", "2024-13-45", 1709632800])
def test_parse_published_refuses_with_the_value(value: object) -> None:
    with pytest.raises(ValueError, match=repr(value).replace("(", r"\(")):
        parse_published(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(str.encode),
        st.sampled_from([path.read_bytes() for path in sorted(FORMATS.iterdir())]).flatmap(
            lambda fixture: st.integers(0, len(fixture)).map(lambda cut: fixture[:cut])
        ),
    ),
    fmt=st.sampled_from(["text", "markdown", "json", "jsonl", "newsml", "html", None]),
)
def test_any_bytes_give_articles_or_errors_never_exceptions(data: bytes, fmt: str | None) -> None:
    for item in parse_bytes(data, "fuzz", fmt):  # type: ignore[arg-type]
        if isinstance(item, SourceError):
            assert item.reason and "\n" not in item.reason
            assert not item.reason.startswith("cannot read (")  # no parser crashed
        else:
            assert item.text and item.text == item.text.strip()
            assert not any(ord(char) < 32 and char not in "\n\t" for char in item.text)
            assert item.published is None or item.published.tzinfo is not None


def test_reading_on_several_processes_gives_the_same_stream(tmp_path: Path) -> None:
    """Articles and errors in the same order, equal field by field (meta included), with 1 or 2 jobs."""
    for number in range(150):  # more than one batch per worker
        folder = tmp_path / f"desk{number % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"story{number:03}.md").write_text(
            f"---\ntitle: Story {number}\nsource: Desk {number % 3}\ntags: [a, b]\n---\nBody of story {number}.\n"
        )
    (tmp_path / "desk1" / "broken.json").write_text("{not json")
    (tmp_path / "desk2" / "empty.txt").write_text("")
    serial = list(iter_articles([str(tmp_path)], jobs=1))
    parallel = list(iter_articles([str(tmp_path)], jobs=2))
    assert len(serial) == 152
    assert [type(item) for item in parallel] == [type(item) for item in serial]
    assert [a for a in parallel if isinstance(a, Article)] == [a for a in serial if isinstance(a, Article)]
    assert [dict(a.meta) for a in parallel if isinstance(a, Article)] == [
        dict(a.meta) for a in serial if isinstance(a, Article)
    ]
    errors = [(e.path, e.reason) for e in serial if isinstance(e, SourceError)]
    assert [(e.path, e.reason) for e in parallel if isinstance(e, SourceError)] == errors
    assert len(errors) == 2


# --- fast paths: each gives what the plain code it stands in for gives -----------------------------------

_OLD_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
_OLD_WHITESPACE = re.compile(r"\s+")


def _folded_reference(text: str) -> str:
    text = cleaning.without_controls(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def _clean_text_reference(text: str) -> str:
    """``clean_text`` as it was before its quick tests: every step on every text."""
    lines = "\n".join(line.strip() for line in _folded_reference(text).split("\n"))
    return _OLD_BLANK_LINE_RUNS.sub("\n\n", lines).strip()


def _plain_text_reference(data: bytes) -> tuple[str, str]:
    text = _clean_text_reference(cleaning.decode_text(data))
    lines = text.split("\n")
    if len(lines) > 2 and not lines[1] and _looks_like_headline(lines[0]):
        return _OLD_WHITESPACE.sub(" ", _clean_text_reference(lines[0])).strip(), "\n".join(lines[2:])
    return "", text


_AWKWARD = "\x00\x07\x0b\x0c\r\n\n\n\t \x1b[]0;m\x07\x1c\x85\x9f\xa0\u2028\u2029\u3000\u200b\ud800\udfffaé. "
"""Characters each step of cleaning changes or keeps on purpose: controls, an ANSI escape's parts, breaks
of every kind, Unicode spaces, lone surrogates."""
_TEXTS = st.one_of(
    st.text(st.sampled_from(_AWKWARD), max_size=60),
    st.text(st.characters(max_codepoint=127), max_size=200),
    st.text(st.one_of(st.sampled_from(_AWKWARD), st.characters(codec="utf-8")), max_size=200),
)


@given(text=_TEXTS)
def test_clean_text_and_clean_line_give_what_every_step_on_every_text_gives(text: str) -> None:
    assert cleaning.clean_text(text) == _clean_text_reference(text)
    assert cleaning.clean_line(text) == _OLD_WHITESPACE.sub(" ", _clean_text_reference(text)).strip()


@given(text=_TEXTS)
def test_without_controls_and_markup_whitespace_give_what_their_regexes_give(text: str) -> None:
    expected = cleaning._LONE_SURROGATE.sub(
        "\ufffd", cleaning._CONTROL.sub("", cleaning._ANSI_ESCAPE.sub("", text))
    )
    assert cleaning.without_controls(text) == expected
    assert markup._one_space_a_run(text) == _OLD_WHITESPACE.sub(" ", text)


@given(text=_TEXTS)
def test_plain_text_headline_split_as_before(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    items = list(parse_bytes(data, "x.txt", "text"))
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        return  # not UTF-8: an error either way
    title, body = _plain_text_reference(data)
    if isinstance(items[0], Article):
        assert (items[0].title, items[0].text) == (title, body)
    elif items[0].reason == "no article text":
        assert not body
    else:  # refused before any parsing
        assert items[0].reason in ("empty file", "empty file (only whitespace)", "binary file")


@pytest.mark.parametrize("codes", [range(0x3000), range(0xD800, 0xE000)])
def test_the_quick_test_flags_exactly_the_characters_cleaning_changes(codes: range) -> None:
    """Every code point up to U+2FFF (ASCII, both control blocks, U+2028/9) and every surrogate; the
    rest of Unicode has no control, break or surrogate, and is drawn by the test above."""
    for char in map(chr, codes):
        assert cleaning._needs_folding(char) == (_folded_reference(char) != char), hex(ord(char))
        assert cleaning._needs_folding(char) == bool(cleaning._TO_FOLD.search(char)), hex(ord(char))


def test_regex_whitespace_is_str_split_whitespace() -> None:
    """``clean_line`` folds whitespace with ``str.split``, as it did with ``\\s+``: the same characters."""
    everything = "".join(map(chr, range(0x110000)))
    assert set(re.findall(r"\s", everything)) == {char for char in everything if char.isspace()}


def test_a_file_longer_than_its_status_said_is_read_on_to_the_limit(tmp_path: Path) -> None:
    """As if it grew after its size was taken: the first read asks for too little, later ones go on."""
    path = tmp_path / "growing.txt"
    path.write_bytes(bytes(range(256)) * 1000)
    with open(path, "rb", buffering=0) as handle:
        assert reading._read_to_end(handle, 10, 300_000) == path.read_bytes()
    with open(path, "rb", buffering=0) as handle:
        assert reading._read_to_end(handle, 10, 100_001) == path.read_bytes()[:100_001]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_file_of_no_size_that_never_ends_stops_at_the_limit() -> None:
    """A device's status gives size 0: it is read up to the limit, then refused as too large."""
    error = read_error("/dev/zero", ReadOptions(max_bytes=200_000))
    assert error.reason == "larger than the 200000 bytes limit (--max-bytes)"


@pytest.mark.parametrize("size", [99, 100, 101])
def test_files_at_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"x" * size)
    items = read_all(path, options=ReadOptions(max_bytes=100))
    if size <= 100:
        assert isinstance(items[0], Article) and items[0].text == "x" * size
    else:
        assert isinstance(items[0], SourceError) and "limit" in items[0].reason
