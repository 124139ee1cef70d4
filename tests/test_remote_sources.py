"""Articles at fsspec URLs (``dedupe.sources.remote``): listed like a folder, read like a file, errors as
``SourceError`` or, for a URL that cannot be understood, a ``ConfigError``. Uses fsspec's in-process
``memory://`` file system: no network."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dedupe.errors import ConfigError, SourceError
from dedupe.model import Article
from dedupe.sources import ReadOptions
from dedupe.sources.reading import iter_articles
from dedupe.sources.remote import RemoteFile, is_url, list_url, read_url

fsspec = pytest.importorskip("fsspec")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def memory() -> Iterator[str]:
    """A memory:// folder holding the samples in a subfolder, a hidden file and a file of no format."""
    fs = fsspec.filesystem("memory")
    root = "memory://remote-test"
    for path in SEEDS.iterdir():
        fs.pipe(f"{root}/seeds/{path.name}", path.read_bytes())
    fs.pipe(f"{root}/.hidden/story.txt", b"Hidden folder.")
    fs.pipe(f"{root}/seeds/.draft.txt", b"Hidden file.")
    fs.pipe(f"{root}/notes.bin", b"\x00\x01")
    fs.pipe(f"{root}/a.txt", b"First story of the folder, in plain text.")
    yield root
    fs.rm("/remote-test", recursive=True)


def test_is_url() -> None:
    assert is_url("s3://bucket/x") and is_url("memory://x") and is_url("file:///tmp/x")
    assert not is_url("/tmp/x") and not is_url("archive/2026") and not is_url("-") and not is_url("C:/x")


def test_a_folder_url_lists_what_a_folder_walk_would(memory: str) -> None:
    listed = list(list_url(memory))
    assert all(isinstance(item, RemoteFile) for item in listed)
    urls = [item.url for item in listed]
    expected = sorted(f"{memory}/seeds/{p.name}" for p in SEEDS.iterdir())
    assert urls == [f"{memory}/a.txt", *expected]  # a.txt before seeds/, hidden names and notes.bin left out
    assert list(list_url(memory + "/")) == listed


def test_a_file_url_is_read_with_the_local_parsers(memory: str) -> None:
    """Each sample read through fsspec gives what reading it from disk gives, the URL as its path."""
    for path in sorted(SEEDS.iterdir()):
        url = f"{memory}/seeds/{path.name}"
        (listed,) = list_url(url)
        remote = list(read_url(listed))
        local = list(iter_articles([str(path)]))
        assert [_renamed(item, str(path), url) for item in local] == [_fields(item) for item in remote]


def _fields(item: Article | SourceError) -> Article | tuple[str, str]:
    return (item.path, item.reason) if isinstance(item, SourceError) else item


def _renamed(item: Article | SourceError, path: str, url: str) -> Article | tuple[str, str]:
    if isinstance(item, SourceError):
        return (item.path.replace(path, url), item.reason)
    return Article(
        id=item.id.replace(path, url),
        text=item.text,
        title=item.title,
        source=item.source,
        published=item.published,
        path=item.path.replace(path, url),
        meta=item.meta,
    )


def test_a_missing_or_too_large_file_is_a_source_error(memory: str) -> None:
    (missing,) = read_url(RemoteFile(f"{memory}/nowhere.txt", "txt"))
    assert isinstance(missing, SourceError)
    assert (missing.path, missing.reason) == (
        f"{memory}/nowhere.txt",
        "cannot read file: no such file or directory",
    )
    (large,) = read_url(RemoteFile(f"{memory}/a.txt", "txt"), ReadOptions(max_bytes=10))
    assert isinstance(large, SourceError) and "--max-bytes" in large.reason


def test_an_unknown_protocol_or_a_missing_fsspec_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="Protocol not known"):
        list(list_url("nosuchprotocol://x/y"))
    monkeypatch.setitem(sys.modules, "fsspec", None)
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    with pytest.raises(ConfigError, match="needs fsspec"):
        list(list_url("memory://x"))
