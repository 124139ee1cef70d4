"""The persistent index: both stores behind one interface, atomic and locked writes, distrust of bad indexes,
and the ``dedupe index`` commands.

Redis tests run against a real ``redis-server`` at ``DEDUPE_TEST_REDIS_URL`` (``.ci/run`` starts one); each
test uses its own key prefix and deletes it afterwards.
"""

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from dedupe.cli import main
from dedupe.errors import StoreError
from dedupe.pipeline import ScanOptions
from dedupe.signature import SignatureParams
from dedupe.store import CorruptIndex, Header, item_band_keys, open_store, write_session
from dedupe.store.indexing import add_files, header_of, index_items, read_file, read_source, remove_files
from dedupe.store.lookup import find_duplicates
from dedupe.store.render import findings_json

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SCHEMA = json.loads((REPO / "schema" / "duplicates.schema.json").read_text())
STATS_SCHEMA = json.loads((REPO / "schema" / "index-stats.schema.json").read_text())
OPTIONS = ScanOptions(jobs=1)
HEADER = header_of(OPTIONS)
_VOCABULARY = [
    f"{a}{b}{c}" for a in ("ka", "lo", "mi", "ne", "su", "ta") for b in "aeiou" for c in "rstlnmdk"
]


def story(seed: int, sentences: int = 12) -> str:
    """A made-up story: distinct seeds share no more than chance 5-shingles."""
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(12, 20))).capitalize() + "."
        for _ in range(sentences)
    )


def write_stories(folder: Path, count: int, first: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(first, first + count):
        path = folder / f"story-{number:05d}.txt"
        path.write_text(story(number) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def redis_url():
    url = os.environ.get("DEDUPE_TEST_REDIS_URL")
    if not url:
        pytest.skip("DEDUPE_TEST_REDIS_URL is not set: no redis-server to test against (.ci/run starts one)")
    import redis

    prefix = f"dedupe-test-{uuid.uuid4().hex[:12]}"
    yield f"{url}{'&' if '?' in url else '?'}prefix={prefix}"
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["sqlite", "redis"])
def location(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "index" / "index.sqlite3")
    return request.getfixturevalue("redis_url")


def messages():
    said: list[str] = []
    return said, said.append


def consistent(location: str) -> dict:
    """The index's own view (stats) checked against its content: every item whole, nothing left over."""
    with open_store(location, HEADER) as store:
        stats = store.stats()
        files = store.files()
    if location.startswith("redis"):
        import redis

        from dedupe.store.redisstore import split_location

        url, prefix = split_location(location)
        client = redis.Redis.from_url(url)
        keys = [k.decode().split(":item:", 1)[1] for k in client.scan_iter(match=f"{prefix}:item:*")]
        assert len(keys) == stats.items
        expected = set()
        for key in keys:
            row = client.hgetall(f"{prefix}:item:{key}")
            assert row[b"file"].decode() in files
            shingles = np.frombuffer(row[b"shingles"], dtype=np.uint32)
            terms = np.frombuffer(row[b"terms"], dtype=np.uint32)
            expected.update(
                (band, key.encode())
                for band in item_band_keys(shingles, terms, store.banding).ravel().tolist()
            )
        bands = list(client.scan_iter(match=f"{prefix}:b:*", count=10_000))
        pipeline = client.pipeline(transaction=False)
        for band in bands:
            pipeline.smembers(band)
        found = {
            (int.from_bytes(band[-8:], "big"), member)
            for band, members in zip(bands, pipeline.execute(), strict=True)
            for member in members
        }
        assert found == expected and len(found) == stats.band_entries
        client.close()
    else:
        db = sqlite3.connect(location)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT item, file, shingles, terms FROM items").fetchall()
        assert len(rows) == stats.items
        expected = set()
        for item, file, shingles, terms in rows:
            assert file in files
            keys = item_band_keys(
                np.frombuffer(shingles, np.uint32), np.frombuffer(terms, np.uint32), store.banding
            )
            expected.update((band, item) for band in keys.view(np.int64).ravel().tolist())
        assert set(db.execute("SELECT band, item FROM bands").fetchall()) == expected
        db.close()
    return {"files": stats.files, "items": stats.items}


def test_add_lookup_replace_and_remove(location, tmp_path):
    folder = tmp_path / "desk"
    first = write_stories(folder, 3)
    warnings: list[str] = []
    with open_store(location, HEADER, write=True) as store:
        added = add_files(store, [str(folder)], OPTIONS, warnings)
        assert (added.files, added.items, added.unchanged) == (3, 3, 0)
        again = add_files(store, [str(folder)], OPTIONS, warnings)
        assert (again.files, again.unchanged) == (0, 3)
    assert consistent(location) == {"files": 3, "items": 3}
    copy = tmp_path / "copy.txt"
    copy.write_text(first[1].read_text().upper().replace(" ", "   ", 5))  # the same text, normalised
    source = read_file(str(copy), OPTIONS.read)
    queries = list(zip(index_items([source], OPTIONS, warnings), source.texts, strict=True))
    with open_store(location, HEADER) as store:
        found = find_duplicates(store, queries, OPTIONS.grouping, 5, store.texts)
    assert [(f.existing.key, f.relation, f.verified) for f in found] == [(str(first[1]), "exact", True)]
    first[1].write_text(story(99))  # the indexed file changes: re-added, its old version forgotten
    with open_store(location, HEADER, write=True) as store:
        assert add_files(store, [str(folder)], OPTIONS, warnings).files == 1
        assert remove_files(store, [str(first[0]), str(tmp_path / "nowhere")]) == (
            [str(first[0])],
            [str(tmp_path / "nowhere")],
        )
    with open_store(location, HEADER) as store:
        assert find_duplicates(store, queries, OPTIONS.grouping, 5, store.texts) == []
        assert sorted(store.files()) == [str(first[1]), str(first[2])]
    assert consistent(location) == {"files": 2, "items": 2}
    with open_store(location, HEADER, write=True) as store:
        assert remove_files(store, [str(folder)])[0] == [str(first[1]), str(first[2])]
    assert consistent(location) == {"files": 0, "items": 0}


def test_candidates_are_verified_against_the_text_indexed_not_their_file_now(location, tmp_path):
    """The index keeps each article's matching text: verification needs no file (an index shared by desks
    on other machines), and a file changed since it was indexed cannot make the answer stale."""
    original = tmp_path / "wire.txt"
    original.write_text(story(7))
    with open_store(location, HEADER, write=True) as store:
        add_files(store, [str(original)], OPTIONS, [])
    original.write_text("Rewritten since it was indexed, on another desk's disk.\n")
    copy = tmp_path / "copy.txt"
    copy.write_text(story(7) + "\n\nOne more closing sentence for this copy of the story.\n")
    source = read_file(str(copy), OPTIONS.read)
    queries = list(zip(index_items([source], OPTIONS, []), source.texts, strict=True))
    with open_store(location, HEADER) as store:
        found = find_duplicates(store, queries, OPTIONS.grouping, 5, store.texts)
        assert [(f.relation, f.verified, len(f.shared)) for f in found] == [("near", True, 3)]
        as_indexed = read_source(str(original), story(7).encode()).texts[0]
        assert store.texts([found[0].existing]) == {str(original): as_indexed}
        # a text the index lacks: the relation is estimated from the signatures, and the finding says so
        found = find_duplicates(store, queries, OPTIONS.grouping, 5, lambda items: {})
    assert [(f.relation, f.verified, f.shared) for f in found] == [("near", False, ())]
    jsonschema.validate(json.loads(json.dumps(findings_json(found, 1, []))), SCHEMA)


def test_readers_refuse_what_writers_rebuild(location):
    other = Header(SignatureParams(num_perm=64), 0.3, 0.3)
    with pytest.raises(StoreError, match="no index at"), open_store(location, HEADER):
        pass
    with open_store(location, other, write=True) as store:
        store.update([], {"a.txt": "0" * 40})
    with pytest.raises(StoreError, match=r"p64.*this run uses.*p128"), open_store(location, HEADER):
        pass
    said, say = messages()
    with open_store(location, HEADER, write=True, warn=say) as store:
        assert store.files() == {}
    assert len(said) == 1 and "cannot be used" in said[0] and "rebuilding" in said[0]
    with open_store(location, None) as store:  # inspecting: any readable index
        assert store.stats().header["signature"] == HEADER.signature.key


def test_notes_are_kept_beside_the_index_and_go_with_a_rebuild(location):
    with open_store(location, HEADER, write=True) as store:
        assert store.notes() == {}
        store.set_notes({"check.articles": '["*.txt"]', "other": "x"})
        store.set_notes({"other": None})
    with open_store(location, HEADER) as store:
        assert store.notes() == {"check.articles": '["*.txt"]'}
        assert (
            store.stats().header.keys() >= {"format", "banding"}
            and "check.articles" not in store.stats().header
        )
    other = Header(SignatureParams(num_perm=64), 0.3, 0.3)
    with open_store(location, other, write=True, warn=lambda message: None) as store:
        assert store.notes() == {}  # rebuilt for other settings: nothing of the old index is kept


def test_a_corrupt_sqlite_file_is_rebuilt_by_a_writer_and_refused_by_a_reader(tmp_path, capsys):
    folder = tmp_path / "desk"
    write_stories(folder, 200)
    index = tmp_path / "index.sqlite3"
    add = ["index", "add", str(folder), "--store", str(index), "--no-cache"]
    assert main(add) == 0
    with index.open("r+b") as handle:  # a crash of the disk, not of a run: half the pages gone
        handle.truncate(index.stat().st_size // 2)
    capsys.readouterr()
    assert main(["index", "query", str(folder / "story-00001.txt"), "--store", str(index)]) == 2
    err = capsys.readouterr().err
    assert "malformed" in err and "Traceback" not in err
    write_stories(folder, 1, first=200)
    assert main(add) == 0  # rebuilt (when opened, or when the missing pages are met), then added
    err = capsys.readouterr().err
    assert "was corrupt" in err or "rebuilding it" in err
    assert consistent(str(index)) == {"files": 201, "items": 201}
    index.write_bytes(b"this is not an index at all" * 100)
    assert main(["index", "stats", "--store", str(index)]) == 2
    assert "unreadable" in capsys.readouterr().err
    assert main(add) == 0
    assert "rebuilding it" in capsys.readouterr().err
    assert consistent(str(index)) == {"files": 201, "items": 201}


def test_a_damaged_text_in_the_index_is_corruption_not_a_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    index = tmp_path / "index.sqlite3"
    floods = "seeds/meridian-kentucky-floods.xml"
    assert main(["index", "add", floods, "--store", str(index), "--no-cache"]) == 0
    db = sqlite3.connect(index)
    db.execute("UPDATE items SET text = x'0badf00d'")
    db.commit()
    db.close()
    capsys.readouterr()
    assert main(["index", "query", "seeds/ohio-valley-herald-floods.html", "--store", str(index)]) == 2
    err = capsys.readouterr().err
    assert "is corrupt" in err and "damaged text" in err and "Traceback" not in err


def test_write_session_redoes_the_work_once_on_a_rebuilt_index(tmp_path):
    said, say = messages()
    attempts = []

    def work(store):
        attempts.append(store.location)
        if len(attempts) == 1:
            raise CorruptIndex("index was corrupt; removed it to rebuild")
        return store.files()

    assert write_session(str(tmp_path / "i.sqlite3"), HEADER, work, say) == {}
    assert len(attempts) == 2 and said == ["index was corrupt; removed it to rebuild"]


def test_a_redis_key_of_the_wrong_type_is_corruption(redis_url, tmp_path):
    import redis

    from dedupe.store.redisstore import split_location

    write_stories(tmp_path / "desk", 2)
    with open_store(redis_url, HEADER, write=True) as store:
        add_files(store, [str(tmp_path / "desk")], OPTIONS, [])
    url, prefix = split_location(redis_url)
    client = redis.Redis.from_url(url)
    client.delete(f"{prefix}:files")
    client.set(f"{prefix}:files", "not a hash")
    with pytest.raises(StoreError, match="corrupt"), open_store(redis_url, HEADER) as store:
        store.files()
    said, say = messages()
    result = write_session(
        redis_url, HEADER, lambda s: add_files(s, [str(tmp_path / "desk")], OPTIONS, []), say
    )
    assert result.items == 2 and any("corrupt" in m for m in said)
    assert consistent(redis_url) == {"files": 2, "items": 2}
    client.close()


def test_index_commands_and_exit_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    index = str(tmp_path / "index.sqlite3")
    floods = "seeds/meridian-kentucky-floods.xml"
    assert main(["index", "add", floods, "seeds/politics-broadband-bill.md", "--store", index]) == 0
    assert "indexed 2 articles from 2 files" in capsys.readouterr().err
    assert main(["index", "query", "seeds/ohio-valley-herald-floods.html", "--store", index]) == 1
    out = capsys.readouterr().out
    assert "seeds/ohio-valley-herald-floods.html: duplicates seeds/meridian-kentucky-floods.xml" in out
    assert "exact copy" in out and "= Flash floods tore through" in out
    code = main(
        ["index", "query", "seeds/sport-port-ellery-cup.txt", floods, "--store", index, "--format", "json"]
    )
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SCHEMA)
    assert code == 0 and document["schema"] == "dedupe.duplicates/1"
    assert document["checked"] == 2 and document["findings"] == []  # an indexed article is not its own copy
    independent = "seeds/atlas-kentucky-floods.json"  # the same floods, reported independently
    assert main(["index", "query", independent, "--store", index]) == 0
    data = (SEEDS / "ohio-valley-herald-floods.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["index", "query", "-", "--store", index]) == 1
    assert "-: duplicates seeds/meridian-kentucky-floods.xml" in capsys.readouterr().out
    assert main(["index", "query", "no/such.txt", "--store", index]) == 2
    assert "no/such.txt: cannot read file" in capsys.readouterr().err
    assert main(["index", "stats", "--store", index, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    jsonschema.validate(stats, STATS_SCHEMA)
    assert (stats["files"], stats["articles"], stats["usable"]) == (2, 2, True)
    assert stats["band_entries"] == 2 * 74 and stats["header"]["scheme"] == "affine32"
    assert (
        main(["index", "stats", "--store", index, "--config", str(_config(tmp_path, "num_perm = 64"))]) == 0
    )
    assert "usable     no: it was built with signature" in capsys.readouterr().out
    assert main(["index", "remove", "seeds", "--store", index]) == 0
    assert "removed 2 files" in capsys.readouterr().err
    assert main(["index", "remove", "seeds", "--store", index]) == 2
    assert main(["index", "add", "-", "--store", index]) == 2
    assert main(["index", "query", floods, "--store", str(tmp_path / "missing.sqlite3")]) == 2
    assert "no index at" in capsys.readouterr().err
    assert main(["index", "stats", "--store", "redis://127.0.0.1:1/0"]) == 2
    assert "index redis://127.0.0.1:1/0" in capsys.readouterr().err  # unreachable (or no redis package)


def test_query_and_stats_json_follow_their_schemas_on_both_stores(location, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    floods = "seeds/meridian-kentucky-floods.xml"
    assert main(["index", "add", floods, "seeds/briefs-local.jsonl", "--store", location, "--no-cache"]) == 0
    copies = ["seeds/ohio-valley-herald-floods.html", "seeds/tristate-daily-floods.json"]
    capsys.readouterr()
    code = main(["index", "query", *copies, "no/such.txt", "--store", location, "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SCHEMA)
    assert code == 2 and document["checked"] == 2 and document["errors"][0]["path"] == "no/such.txt"
    assert [(f["path"], f["duplicates"]["path"]) for f in document["findings"]] == [
        (copy, floods) for copy in copies
    ]
    assert main(["index", "stats", "--store", location, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    jsonschema.validate(stats, STATS_SCHEMA)
    assert stats["files"] == 2 and stats["usable"] and stats["problem"] is None
    assert (stats["size_bytes"] is None) == location.startswith("redis")


def test_store_setting_in_config_is_the_default_store(tmp_path, capsys, monkeypatch):
    index = tmp_path / "configured.sqlite3"
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".dedupe.toml").write_text(f"store = '{index}'\n")
    write_stories(tmp_path / "desk", 2)
    assert main(["index", "add", "desk", "--no-cache"]) == 0
    assert index.is_file() and "into " + str(index) in capsys.readouterr().err


def _config(folder: Path, text: str) -> Path:
    path = folder / "other.toml"
    path.write_text(text + "\n")
    return path


def _index_add(location: str, folder: Path, cache: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "dedupe", "index", "add", str(folder), "--store", location]
    command += ["--cache-dir", str(cache), "--jobs", "1"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)


def _writing(index: Path) -> bool:
    """Whether some process holds SQLite's write lock on ``index`` now (a transaction is being written)."""
    if not index.exists():
        return False
    db = sqlite3.connect(index, timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        db.close()


def test_a_run_killed_while_writing_leaves_the_index_whole(tmp_path):
    """SIGKILL inside an index transaction: the next run finds the previous index, whole, and completes it."""
    folder = tmp_path / "desk"
    write_stories(folder, 100)
    index = tmp_path / "index.sqlite3"
    cache = tmp_path / "cache"
    assert _index_add(str(index), folder, cache).wait() == 0
    before = consistent(str(index))
    write_stories(folder, 1200, first=100)
    child = _index_add(str(index), folder, cache)
    deadline = time.monotonic() + 120
    while not _writing(index) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert child.poll() is None, "the run ended before it was caught writing"
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = consistent(str(index))  # opened as any reader would: no warning, no rebuild
    assert after["files"] in (before["files"], 1300)  # the 1,200 new files (one transaction) whole, or none
    rerun = _index_add(str(index), folder, cache)
    _, err = rerun.communicate()
    assert rerun.returncode == 0, err
    assert b"rebuilding" not in err and b"corrupt" not in err
    assert consistent(str(index)) == {"files": 1300, "items": 1300}


def test_a_redis_run_killed_mid_write_leaves_every_item_whole(redis_url, tmp_path):
    import redis

    from dedupe.store.redisstore import split_location

    folder = tmp_path / "desk"
    write_stories(folder, 1200)
    url, prefix = split_location(redis_url)
    client = redis.Redis.from_url(url)
    for delay in (0.0, 0.6, 1.2):
        child = _index_add(redis_url, folder, tmp_path / "cache")
        while not client.exists(f"{prefix}:meta") and child.poll() is None:
            time.sleep(0.01)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert consistent(redis_url)["files"] in (0, 1200)  # one transaction: all of it, or none
        assert client.ttl(f"{prefix}:lock") in (-2, *range(1, 61))  # a dead writer's lock expires by itself
        client.delete(f"{prefix}:lock")  # (instead of waiting for it to)
    client.close()
    assert _index_add(redis_url, folder, tmp_path / "cache").wait() == 0
    assert consistent(redis_url) == {"files": 1200, "items": 1200}


def test_a_writer_waits_while_another_process_holds_the_lock(location, tmp_path):
    folder = tmp_path / "desk"
    write_stories(folder, 3)
    with open_store(location, HEADER, write=True) as store:  # this process holds the writers' lock
        run = _index_add(location, folder, tmp_path / "cache")
        assert run.stderr is not None
        assert "waiting for another dedupe run to finish" in run.stderr.readline().decode()
        time.sleep(0.5)
        assert run.poll() is None and store.files() == {}  # it waits, and has written nothing
    _, err = run.communicate(timeout=300)  # the lock released: it goes on
    assert run.returncode == 0, err
    assert consistent(location) == {"files": 3, "items": 3}


def test_two_runs_adding_at_once_both_land(location, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    write_stories(first, 600)
    write_stories(second, 600, first=600)
    runs = [_index_add(location, folder, tmp_path / f"cache-{folder.name}") for folder in (first, second)]
    results = [run.communicate() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert consistent(location) == {"files": 1200, "items": 1200}
