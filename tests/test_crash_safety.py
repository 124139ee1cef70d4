"""Crashes and concurrency: a run killed (SIGKILL) while it writes the signature cache or the index leaves
nothing corrupt and the next run gives the right answer; Ctrl-C (SIGINT) at any moment exits 130 with one
line, never a traceback; runs sharing one cache at once both finish with the right answer.

Each test drives ``python -m dedupe`` in a child process, as a user or a pre-commit hook would.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dedupe.cache import ResultCache, SignatureCache
from dedupe.signature import SignatureParams, signatures

REPO = Path(__file__).resolve().parent.parent
SYLLABLES = [f"{a}{b}{c}" for a in "bcdfgklmnprst" for b in "aeiou" for c in ("", "n", "r", "s", "th")]
WORDS = [a + b for a in SYLLABLES[:80] for b in SYLLABLES[80:160]]  # 6,400 made-up words: stories differ


def write_corpus(folder: Path, count: int, copies: int = 5, seed: int = 3) -> None:
    """``count`` distinct stories of 150 words, and ``copies`` near copies (one word changed) of the first ones."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = [" ".join(rng.choices(WORDS, k=150)) + "." for _ in range(count)]
    for i, text in enumerate(texts):
        (folder / f"story-{i:05d}.txt").write_text(f"Story {i}\n\n{text}\n")
    for i in range(copies):
        words = texts[i].split()
        words[75] = "changed"
        (folder / f"copy-{i:05d}.txt").write_text(f"Copy {i}\n\n{' '.join(words)}\n")


def dedupe(*args: str, **kwargs) -> subprocess.Popen[bytes]:
    """``dedupe`` as a terminal starts it: Ctrl-C at its default. A test run started in the background of
    a script (``.ci/run &``) inherits SIGINT ignored, and Python, like any program, keeps it ignored."""
    return subprocess.Popen(
        [sys.executable, "-m", "dedupe", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        preexec_fn=_default_sigint,
        **kwargs,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def groups_of(folder: Path, *extra: str) -> tuple[dict, str]:
    run = dedupe("group", str(folder), "--format", "json", *extra)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err.decode()[-2000:]
    document = json.loads(out)
    return document, err.decode()


def holds_write_lock(database: Path) -> bool:
    """Whether some process is inside a write transaction on ``database`` right now."""
    if not database.exists():
        return False
    db = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        db.close()


def integrity(database: Path) -> str:
    db = sqlite3.connect(database)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


# --- the signature cache -----------------------------------------------------------------------------------


def test_a_kill_inside_a_cache_transaction_loses_only_that_transaction(tmp_path):
    """Deterministic: a child opens the cache, commits one batch, then is SIGKILLed inside a second."""
    params = SignatureParams()
    script = f"""
import sys, time
from pathlib import Path
from dedupe.cache import SignatureCache
from dedupe.signature import SignatureParams, signatures
cache = SignatureCache(Path({str(tmp_path)!r}), SignatureParams())
cache.put_many(signatures(["first batch text one two three four five six"], SignatureParams()))
rows = [(f"{{cache.params.key}}:junk{{i}}", b"x" * 512, b"y" * 512, 1, 1) for i in range(5000)]
cache._db.execute("BEGIN IMMEDIATE")
cache._db.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?, ?)", rows)
print("inside", flush=True)
time.sleep(60)
"""
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=REPO)
    assert child.stdout is not None and child.stdout.readline() == b"inside\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    path = tmp_path / SignatureCache.FILE_NAME
    assert integrity(path) == "ok"
    cache = SignatureCache(tmp_path, params)
    [first] = signatures(["first batch text one two three four five six"], params)
    found = cache.get_many([first.content_hash, "junk0"])
    assert list(found) == [first.content_hash]  # the committed batch, none of the killed one
    assert (found[first.content_hash].shingles == first.shingles).all()
    assert cache.warnings == []  # opened as is: nothing to rebuild
    cache.close()


@pytest.mark.slow
def test_a_run_killed_while_it_writes_the_cache_then_rerun_gives_the_right_groups(tmp_path):
    folder = tmp_path / "desk"
    write_corpus(folder, 1500)
    expected, _ = groups_of(folder, "--no-cache")
    cache_dir = tmp_path / "cache"
    database = cache_dir / SignatureCache.FILE_NAME
    for delay in (0.0, 0.05):  # at the first write caught, and a little later
        child = dedupe("group", str(folder), "--format", "json", "--cache-dir", str(cache_dir), "-j", "1")
        deadline = time.monotonic() + 120
        while not holds_write_lock(database) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        assert child.poll() is None, "the run ended before it was caught writing the cache"
        child.send_signal(signal.SIGKILL)
        child.communicate()
        assert integrity(database) == "ok"
    document, err = groups_of(folder, "--cache-dir", str(cache_dir))
    assert document == expected
    assert "warning" not in err  # the cache was usable as it was, not rebuilt
    document, _ = groups_of(folder, "--cache-dir", str(cache_dir))  # now fully cached
    assert document == expected


@pytest.mark.slow
def test_two_runs_sharing_one_cache_at_once_both_get_the_right_groups(tmp_path):
    folder = tmp_path / "desk"
    write_corpus(folder, 1500)
    expected, _ = groups_of(folder, "--no-cache")
    cache = str(tmp_path / "cache")
    runs = [
        dedupe("group", str(folder), "--format", "json", "--cache-dir", cache, "-j", "1") for _ in range(3)
    ]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()[-2000:]
        assert json.loads(out) == expected
        assert err == b""  # no "database is locked", no warning


def test_a_cache_file_of_garbage_is_rebuilt_with_a_warning_and_the_right_groups(tmp_path):
    folder = tmp_path / "desk"
    write_corpus(folder, 50)
    expected, _ = groups_of(folder, "--no-cache")
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / SignatureCache.FILE_NAME).write_bytes(os.urandom(8192))
    document, err = groups_of(folder, "--cache-dir", str(cache_dir))
    assert document == expected
    assert err.startswith("dedupe: warning: signature cache ") and "rebuilt it" in err
    assert len(err.splitlines()) == 1


# --- the index ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_index_add_killed_mid_write_then_rerun_finds_the_copies(tmp_path):
    """(tests/test_store.py kills inside the transaction, SQLite and Redis; this is the whole command.)"""
    folder = tmp_path / "desk"
    write_corpus(folder, 2000, copies=0)
    store = tmp_path / "index.sqlite3"
    cache = str(tmp_path / "cache")
    first = dedupe(
        "index", "add", str(folder / "story-00000.txt"), "--store", str(store), "--cache-dir", cache
    )
    assert first.wait(timeout=120) == 0  # an index exists: the killed run adds to it
    child = dedupe("index", "add", str(folder), "--store", str(store), "--cache-dir", cache, "-j", "1")
    deadline = time.monotonic() + 120
    while not holds_write_lock(store) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    assert child.poll() is None, "the run ended before it was caught writing the index"
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert integrity(store) == "ok"
    stats = dedupe("index", "stats", "--store", str(store), "--format", "json")
    out, err = stats.communicate(timeout=120)
    assert stats.returncode == 0, err  # readable as it is: not corrupt
    assert json.loads(out)["files"] in (1, 2000)  # one transaction: all of it or none
    rerun = dedupe("index", "add", str(folder), "--store", str(store), "--cache-dir", cache, "-j", "1")
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0 and b"rebuild" not in err and b"corrupt" not in err, err
    probe = tmp_path / "probe.txt"
    probe.write_text((folder / "story-00007.txt").read_text().replace("Story 7", "Story seven"))
    query = dedupe("index", "query", str(probe), "--store", str(store), "--format", "json")
    out, err = query.communicate(timeout=120)
    assert query.returncode == 1, err
    [finding] = json.loads(out)["findings"]
    assert str(folder / "story-00007.txt") in json.dumps(finding)


# --- Ctrl-C ------------------------------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def interrupt(child: subprocess.Popen[bytes]) -> tuple[int, str, bytes]:
    """Ctrl-C as a terminal sends it: SIGINT to the whole process group (the workers too)."""
    os.killpg(child.pid, signal.SIGINT)
    out, err = child.communicate(timeout=60)
    return child.returncode, err.decode(), out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds worker processes through /proc")
@pytest.mark.parametrize("after", [0.0, 0.1, 0.4, 1.0])
def test_ctrl_c_while_worker_processes_run_exits_130_with_one_line(tmp_path, after):
    """Workers read files, sign and verify; a Ctrl-C among them once left the run hung for half an hour."""
    folder = tmp_path / "desk"
    write_corpus(folder, 20000, copies=0)  # ~4 s of work on 2 cores: the Ctrl-C lands while it runs
    child = dedupe("group", str(folder), "--no-cache", "-j", "2", start_new_session=True)
    deadline = time.monotonic() + 120
    while not children_of(child.pid) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert child.poll() is None, "the run ended before its workers started"
    time.sleep(after)
    os.killpg(child.pid, signal.SIGINT)
    try:
        out, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail("the run did not stop within 30 s of Ctrl-C")
    assert (child.returncode, err.decode(), out) == (130, "dedupe: interrupted\n", b"")
    assert children_of(child.pid) == []


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.6, 1.0, 2.0])
def test_ctrl_c_at_any_moment_never_prints_a_traceback(tmp_path, delay):
    """From the moment dedupe's code runs (Python's own start-up, the first ~0.1 s, is Python's)."""
    folder = tmp_path / "desk"
    write_corpus(folder, 300)
    child = dedupe("group", str(folder), "--no-cache", "-j", "2", start_new_session=True)
    time.sleep(delay)
    code, err, _ = interrupt(child)
    if code == 130:
        assert err == "dedupe: interrupted\n"
    else:  # the run had finished (0), or the signal came while Python was exiting (killed by it)
        assert code in (0, -signal.SIGINT) and "Traceback" not in err and "interrupted" not in err, err


def test_malformed_cache_entries_are_recomputed_not_a_traceback(tmp_path):
    folder = tmp_path / "desk"
    write_corpus(folder, 20)
    expected, _ = groups_of(folder, "--no-cache")
    cache_dir = tmp_path / "cache"
    groups_of(folder, "--cache-dir", str(cache_dir))
    db = sqlite3.connect(cache_dir / SignatureCache.FILE_NAME)
    keys = [key for (key,) in db.execute("SELECT key FROM signatures ORDER BY key LIMIT 3")]
    db.execute("UPDATE signatures SET shingles = ? WHERE key = ?", (b"\x01\x02\x03", keys[0]))  # not uint32s
    db.execute("UPDATE signatures SET terms = ? WHERE key = ?", (b"\x00" * 8, keys[1]))  # too short
    db.execute("UPDATE signatures SET shingle_count = 'many' WHERE key = ?", (keys[2],))
    db.commit()
    db.close()
    (cache_dir / ResultCache.FILE_NAME).unlink()  # else the unchanged desk's groups come from there
    document, err = groups_of(folder, "--cache-dir", str(cache_dir))
    assert document == expected
    assert (
        err
        == f"dedupe: warning: signature cache {cache_dir / SignatureCache.FILE_NAME}: 3 malformed entries recomputed\n"
    )
    document, err = groups_of(folder, "--cache-dir", str(cache_dir))  # overwritten with good ones
    assert document == expected and err == ""


def _alive(pid: int) -> bool:
    """Running or sleeping: a zombie waiting for a reaper has ended."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="watches the worker through /proc")
def test_a_worker_whose_run_was_killed_outright_ends_too(tmp_path):
    """``kill -9`` (or a second Ctrl-C while Python exits) cannot stop the workers; they must not idle forever."""
    script = """
import os, signal
from dedupe.workers import process_pool
with process_pool(1) as pool:
    print(pool.submit(os.getpid).result(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == -signal.SIGKILL
    worker = int(run.stdout)
    deadline = time.monotonic() + 15
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker), "the orphaned worker is still waiting for work"
