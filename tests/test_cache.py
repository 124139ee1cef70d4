import numpy as np

from dedupe.cache import SignatureCache
from dedupe.signature import SignatureParams, signature


def test_round_trip_and_params_isolation(tmp_path):
    params = SignatureParams()
    sig = signature("The council voted 7-2 to close the bridge for repairs on Monday.", params)
    cache = SignatureCache(tmp_path, params)
    cache.put_many([sig])
    cache.close()
    again = SignatureCache(tmp_path, params).get_many([sig.content_hash, "missing"])
    assert list(again) == [sig.content_hash]
    assert np.array_equal(again[sig.content_hash].shingles, sig.shingles)
    assert again[sig.content_hash].term_count == sig.term_count
    assert SignatureCache(tmp_path, SignatureParams(num_perm=64)).get_many([sig.content_hash]) == {}


def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path):
    (tmp_path / SignatureCache.FILE_NAME).write_bytes(b"this is not a database at all" * 100)
    cache = SignatureCache(tmp_path, SignatureParams())
    assert cache.get_many(["x"]) == {}
    assert any("rebuilt" in w for w in cache.warnings)
    sig = signature("Short text for the cache.", SignatureParams())
    cache.put_many([sig])
    assert sig.content_hash in cache.get_many([sig.content_hash])


# --- The caches of a whole scan: files read, verdicts, results --------------------------------------

import shutil  # noqa: E402
import sqlite3  # noqa: E402

import pytest  # noqa: E402

import dedupe.cache as cache_module  # noqa: E402
import dedupe.pipeline as pipeline  # noqa: E402
import dedupe.sources.reading as reading  # noqa: E402
from dedupe.cache import ArticleCache, ResultCache, VerdictCache  # noqa: E402
from dedupe.pipeline import ScanOptions, scan  # noqa: E402
from dedupe.report import groups_json  # noqa: E402


@pytest.fixture
def desk(tmp_path, repo):
    folder = tmp_path / "desk"
    shutil.copytree(repo / "seeds", folder)
    return folder


def _counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_file_unchanged_since_the_last_run_is_not_parsed_again(desk, tmp_path, monkeypatch):
    options = ScanOptions(cache_dir=tmp_path / "cache")
    first = scan([str(desk)], options)
    parsed = _counting(monkeypatch, reading, "parse_bytes")
    again = scan([str(desk)], options)
    assert parsed == [] and again.articles == first.articles and again.errors == first.errors
    story = desk / "politics-broadband-bill.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    changed = scan([str(desk)], options)
    assert [args[1] for args in parsed] == [str(story)]
    assert any("A late paragraph." in a.text for a in changed.articles)


def test_a_file_too_large_or_unreadable_is_not_cached(tmp_path):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "big.txt").write_text("A story about the harbour. " * 40, encoding="utf-8")
    options = ScanOptions(cache_dir=tmp_path / "cache", read=reading.ReadOptions(max_bytes=100))
    assert [e.reason for e in scan([str(tmp_path / "desk")], options).errors] == [
        "larger than the 100 bytes limit (--max-bytes)"
    ]
    with sqlite3.connect(tmp_path / "cache" / ArticleCache.FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def test_a_damaged_article_row_is_read_again_with_a_warning(desk, tmp_path):
    options = ScanOptions(cache_dir=tmp_path / "cache")
    first = scan([str(desk)], options)
    with sqlite3.connect(tmp_path / "cache" / ArticleCache.FILE_NAME) as db:
        db.execute(
            "UPDATE articles SET items = '[{\"article\": [1, 2]}]' WHERE key = (SELECT key FROM articles ORDER BY key LIMIT 1)"
        )
        db.execute(
            "UPDATE articles SET items = 'not json' WHERE key = (SELECT key FROM articles ORDER BY key LIMIT 1 OFFSET 1)"
        )
    (tmp_path / "cache" / ResultCache.FILE_NAME).unlink()
    again = scan([str(desk)], options)
    assert again.articles == first.articles
    assert any("article cache" in w and "2 malformed entries recomputed" in w for w in again.warnings)


def test_an_unchanged_desk_is_not_grouped_again(desk, tmp_path, monkeypatch):
    options = ScanOptions(cache_dir=tmp_path / "cache")
    first = scan([str(desk)], options)
    monkeypatch.setattr(pipeline, "group", lambda *args, **kwargs: pytest.fail("grouped again"))
    again = scan([str(desk)], options)
    assert groups_json(again) == groups_json(first) and again.groups == first.groups


def test_results_depend_on_the_options_and_the_code(desk, tmp_path, monkeypatch):
    options = ScanOptions(cache_dir=tmp_path / "cache")
    scan([str(desk)], options)
    grouped = _counting(monkeypatch, pipeline, "group")
    scan([str(desk)], ScanOptions(cache_dir=tmp_path / "cache", singletons=True))
    assert len(grouped) == 1
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version")
    scan([str(desk)], options)
    assert len(grouped) == 2


def test_a_damaged_result_is_grouped_again_with_a_warning(desk, tmp_path):
    options = ScanOptions(cache_dir=tmp_path / "cache")
    first = scan([str(desk)], options)
    with sqlite3.connect(tmp_path / "cache" / ResultCache.FILE_NAME) as db:
        (groups,) = db.execute("SELECT groups FROM results").fetchone()
        named_elsewhere = groups.replace(first.groups[0].base, "an-article-of-another-desk")
        db.execute("UPDATE results SET groups = ?", (named_elsewhere,))
    again = scan([str(desk)], options)
    assert again.groups == first.groups
    assert any("result cache" in w and "1 malformed entries recomputed" in w for w in again.warnings)


def test_only_the_most_recent_results_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(ResultCache, "KEEP", 2)
    (tmp_path / "desk").mkdir()
    options = ScanOptions(cache_dir=tmp_path / "cache")
    for number in range(4):
        (tmp_path / "desk" / f"{number}.txt").write_text(
            f"Story {number} about the ferries.", encoding="utf-8"
        )
        scan([str(tmp_path / "desk")], options)
    with sqlite3.connect(tmp_path / "cache" / ResultCache.FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM results").fetchone() == (2,)


def test_rewrites_verified_before_are_not_verified_again(desk, tmp_path, monkeypatch):
    verified = _counting(monkeypatch, pipeline, "verify")  # the rewrite-only pairs, verified ahead of linking
    options = ScanOptions(cache_dir=tmp_path / "cache")
    scan([str(desk)], options)
    assert verified, "the seeds hold copies and rewrites to verify"
    verified.clear()
    late = desk / "zz-unrelated.txt"
    late.write_text(
        "Divers found a shipwreck off the coast of Norway on Sunday, the museum said.", encoding="utf-8"
    )
    again = scan([str(desk)], options)  # one more article: the result cache misses
    assert verified == []
    assert groups_json(again)["groups"] == groups_json(scan([str(desk)], ScanOptions()))["groups"]


def test_verdict_keys_follow_the_texts_and_their_order(tmp_path):
    cache = VerdictCache(tmp_path, "context")
    a, b = b"a" * 16, b"b" * 16
    cache.put_many([(cache.pair_key(a, b), ("near", 0.9)), (cache.pair_key(b, a), None)])
    assert cache.get_many([cache.pair_key(a, b), cache.pair_key(b, a)]) == {
        cache.pair_key(a, b): ("near", 0.9),
        cache.pair_key(b, a): None,
    }
    other = VerdictCache(tmp_path, "other context")
    assert other.get_many([other.pair_key(a, b), other.pair_key(b, a)]) == {}


def test_a_table_of_an_older_layout_is_made_again(tmp_path):
    with sqlite3.connect(tmp_path / SignatureCache.FILE_NAME) as db:
        db.execute("CREATE TABLE signatures (key TEXT PRIMARY KEY, shingles BLOB) WITHOUT ROWID")
        db.execute("INSERT INTO signatures VALUES ('k', x'00')")
    params = SignatureParams()
    sig = signature("The ferry service resumed on Monday after the storm.", params)
    cache = SignatureCache(tmp_path, params)
    assert cache.get_many(["k"]) == {}
    cache.put_many([sig])
    assert list(cache.get_many([sig.content_hash])) == [sig.content_hash]
