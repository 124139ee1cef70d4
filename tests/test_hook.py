"""``dedupe check``, the pre-commit hook: in temporary git repositories, called as ``main(argv)``; then the
real ``pre-commit`` tool installing this repository's hook and running it on ``git commit`` (slow: it builds
the hook's virtualenv, which needs the package index)."""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

import dedupe.pipeline
from dedupe import hook
from dedupe.cli import main
from dedupe.sources import FORMAT_BY_EXTENSION
from dedupe.store import FORMAT

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SCHEMA = json.loads((REPO / "schema" / "duplicates.schema.json").read_text())
ORIGINAL = "meridian-kentucky-floods.xml"
ORIGINAL_ID = "urn:newsml:meridiannews.com:20260304:MNA0412"
COPIES = {  # seed -> the relation it has to the original
    "ohio-valley-herald-floods.html": "exact copy",
    "bluegrass-ledger-floods.md": "near copy",
    "tristate-daily-floods.json": "trimmed or extended copy",
    "cumberland-observer-floods.txt": "rewrite",
}
OTHERS = ["politics-broadband-bill.md", "science-deep-reef.html", "business-halvorsen-plants.json"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Desk",
    "GIT_AUTHOR_EMAIL": "desk@example.org",
    "GIT_COMMITTER_NAME": "Desk",
    "GIT_COMMITTER_EMAIL": "desk@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def git_identity(monkeypatch, tmp_path_factory):
    """Commits by a test identity, untouched by the user's git configuration (signing, hooks path...)."""
    home = tmp_path_factory.mktemp("gitconfig")
    (home / "config").write_text("")
    for name, value in {**GIT_ENV, "GIT_CONFIG_GLOBAL": str(home / "config")}.items():
        monkeypatch.setenv(name, value)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def newsroom(root: Path, committed: list[str], extra: dict[str, str] | None = None) -> Path:
    """A site repository with the named seeds (and ``extra`` files) committed."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for name in committed:
        shutil.copy(SEEDS / name, root / name)
    for name, text in (extra or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "archive")
    return root


def stage(repo: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", *files)
    return list(files)


def seed(name: str) -> str:
    return (SEEDS / name).read_text()


def check(repo: Path, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    code = main(["check", "--no-cache", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def archive(tmp_path):
    return newsroom(tmp_path / "site", [ORIGINAL, *OTHERS])


def test_a_clean_commit_passes_quietly(archive, monkeypatch, capsys):
    staged = stage(
        archive,
        {"sport.txt": seed("sport-port-ellery-cup.txt"), "atlas.json": seed("atlas-kentucky-floods.json")},
    )
    code, out, err = check(archive, monkeypatch, capsys, *staged)
    assert (code, out) == (0, ""), err  # the independent report of the same floods is not a copy


def test_every_kind_of_copy_is_stopped_with_a_short_report(archive, monkeypatch, capsys):
    staged = stage(archive, {f"incoming/{name}": seed(name) for name in COPIES})
    code, out, err = check(archive, monkeypatch, capsys, *staged)
    assert code == 1, err
    for name, meaning in COPIES.items():
        block = out.split(f"incoming/{name}: duplicates ", 1)[1].split("\n\n", 1)[0]
        assert block.startswith(ORIGINAL) or f"also duplicates {ORIGINAL}" in block, block
        assert meaning in block
        assert sum(line.lstrip().startswith(("= ", "~ ")) for line in block.splitlines()) >= 2
    assert "4 of 4 checked articles copy tracked articles." in out
    assert "updates: <id or path>" in out
    assert "Flash floods kill 12 in eastern Kentucky" in out  # the original's title


def test_json_report(archive, monkeypatch, capsys):
    staged = stage(archive, {"copy.html": seed("ohio-valley-herald-floods.html")})
    code, out, _ = check(archive, monkeypatch, capsys, "--format", "json", *staged)
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    assert code == 1 and document["schema"] == "dedupe.duplicates/1" and document["checked"] == 1
    (finding,) = document["findings"]
    assert (finding["path"], finding["relation"], finding["score"], finding["verified"]) == (
        "copy.html",
        "exact",
        1.0,
        True,
    )
    assert finding["duplicates"]["path"] == ORIGINAL and finding["duplicates"]["id"] == ORIGINAL_ID
    assert len(finding["shared"]) == 3 and finding["shared"][0]["text"] == finding["shared"][0]["indexed"]


def test_json_reports_of_every_relation_of_a_clean_run_and_of_errors_follow_the_schema(
    archive, monkeypatch, capsys
):
    staged = stage(archive, {f"incoming/{name}": seed(name) for name in COPIES})
    code, out, _ = check(archive, monkeypatch, capsys, "--format", "json", *staged)
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    assert code == 1 and {f["relation"] for f in document["findings"]} == {
        "exact",
        "near",
        "contained",
        "rewrite",
    }
    staged = stage(archive, {"sport.txt": seed("sport-port-ellery-cup.txt"), "empty.json": "{}"})
    code, out, err = check(archive, monkeypatch, capsys, "--format", "json", *staged)
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    assert code == 2 and document["findings"] == [] and document["checked"] == 1, err
    assert [e["path"] for e in document["errors"]] == ["empty.json"]


def test_the_schema_refuses_what_the_contract_rules_out():
    finding = {
        "path": "a.txt", "id": "a", "title": "", "relation": "rewrite", "score": 0.8, "verified": False,
        "duplicates": {"path": "b.txt", "id": "b", "title": "", "source": "", "published": None},
        "shared": [],
    }  # fmt: skip
    document = {"schema": "dedupe.duplicates/1", "checked": 1, "findings": [finding], "errors": []}
    with pytest.raises(jsonschema.ValidationError):  # a rewrite is never estimated from signatures
        jsonschema.validate(document, SCHEMA)
    jsonschema.validate({**document, "findings": [{**finding, "relation": "near"}]}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "findings": [{**finding, "relation": "similar"}]}, SCHEMA)


@pytest.mark.parametrize("declared", [ORIGINAL_ID, ORIGINAL, f"./{ORIGINAL}"])
def test_a_story_that_declares_itself_an_update_passes(archive, monkeypatch, capsys, declared):
    update = seed("bluegrass-ledger-floods.md").replace(
        "---\nid:", f"---\nupdates: {json.dumps(declared)}\nid:", 1
    )
    staged = stage(archive, {"update.md": update})
    code, out, err = check(archive, monkeypatch, capsys, *staged)
    assert (code, out) == (0, ""), out + err


def test_a_json_record_declares_its_update_in_a_field(archive, monkeypatch, capsys):
    record = json.loads(seed("tristate-daily-floods.json"))
    staged = stage(archive, {"trim.json": json.dumps({**record, "updates": ORIGINAL_ID})})
    code, out, err = check(archive, monkeypatch, capsys, *staged)
    assert (code, out) == (0, ""), out + err
    staged = stage(archive, {"trim.json": json.dumps(record)})
    assert check(archive, monkeypatch, capsys, *staged)[0] == 1


def test_allowed_paths_ids_and_relations_come_from_the_config(archive, monkeypatch, capsys):
    staged = stage(
        archive,
        {
            "syndicated/wire.html": seed("ohio-valley-herald-floods.html"),
            "desk/rewrite.txt": seed("cumberland-observer-floods.txt"),
            "desk/near.md": seed("bluegrass-ledger-floods.md"),
        },
    )
    (archive / ".dedupe.toml").write_text(
        'allow = ["syndicated", "bgl-2026-03-04-flood"]\nfail_on = ["exact", "near", "contained"]\n'
    )
    code, out, err = check(archive, monkeypatch, capsys, *staged)
    assert (code, out) == (0, ""), out + err
    (archive / ".dedupe.toml").write_text('allow = ["syndicated/*.html"]\n')
    code, out, _ = check(archive, monkeypatch, capsys, *staged)
    assert code == 1 and "syndicated/wire.html" not in out.split("\n\n")[-1]
    assert "desk/rewrite.txt: duplicates" in out and "desk/near.md: duplicates" in out


def test_only_files_that_are_articles_are_compared(tmp_path, monkeypatch, capsys):
    repo = newsroom(
        tmp_path / "site",
        [],
        {
            "content/original.xml": seed(ORIGINAL),
            "archive/old.xml": seed(ORIGINAL),
            "package.json": '{"name": "site"}',
        },
    )
    (repo / ".dedupe.toml").write_text('articles = ["content/**", "!content/drafts"]\n')
    staged = stage(
        repo,
        {"content/drafts/copy.html": seed("ohio-valley-herald-floods.html"), "package.json": '{"name": "x"}'},
    )
    assert check(repo, monkeypatch, capsys, *staged)[0] == 0  # drafts are not articles; package.json neither
    staged = stage(repo, {"content/copy.html": seed("ohio-valley-herald-floods.html")})
    code, out, _ = check(repo, monkeypatch, capsys, *staged)
    assert code == 1 and "duplicates content/original.xml" in out and "archive/old.xml" not in out


def test_changing_which_files_are_articles_takes_effect_on_the_indexed_files(tmp_path, monkeypatch, capsys):
    """A warm run asks the `articles` patterns only about files the index lacks, so the index notes the
    patterns that chose its files; other patterns re-decide every tracked file."""
    repo = newsroom(
        tmp_path / "site", [], {"content/original.xml": seed(ORIGINAL), "archive/old.xml": seed(ORIGINAL)}
    )
    staged = stage(repo, {"content/copy.html": seed("ohio-valley-herald-floods.html")})
    code, out, _ = check(repo, monkeypatch, capsys, *staged)
    assert code == 1 and "archive/old.xml" in out  # every article file, by default
    (repo / ".dedupe.toml").write_text('articles = ["content/**"]\n')
    code, out, _ = check(repo, monkeypatch, capsys, *staged)
    assert code == 1 and "duplicates content/original.xml" in out and "archive/old.xml" not in out
    (repo / ".dedupe.toml").write_text('articles = ["archive/**", "content/copy.html"]\n')
    code, out, _ = check(repo, monkeypatch, capsys, *staged)
    assert code == 1 and "duplicates archive/old.xml" in out and "content/original.xml" not in out
    from dedupe.store import open_store
    from dedupe.store.indexing import header_of

    with open_store(str(repo / ".git" / hook.STORE), header_of(dedupe.pipeline.ScanOptions())) as store:
        assert sorted(store.files()) == ["archive/old.xml", "content/copy.html"]
        assert json.loads(store.notes()[hook.ARTICLES_NOTE]) == ["archive/**", "content/copy.html"]


def test_a_warm_run_asks_the_patterns_only_about_files_the_index_lacks(archive, monkeypatch, capsys):
    assert check(archive, monkeypatch, capsys, ORIGINAL)[0] == 0  # builds the index
    asked: list[str] = []
    real = hook.CheckSettings.is_article
    monkeypatch.setattr(
        hook.CheckSettings, "is_article", lambda self, path: asked.append(path) or real(self, path)
    )
    staged = stage(archive, {"sport.txt": seed("sport-port-ellery-cup.txt"), "logo.svg": "<svg/>"})
    assert check(archive, monkeypatch, capsys, *staged)[0] == 0
    assert sorted(set(asked)) == ["logo.svg", "sport.txt"]  # not the tracked articles the index has


def test_records_inside_a_file_are_named_by_line(tmp_path, monkeypatch, capsys):
    lines = [json.loads(line) for line in seed("briefs-local.jsonl").splitlines() if line.strip()]
    repo = newsroom(tmp_path / "site", [], {"briefs.jsonl": "\n".join(json.dumps(r) for r in lines) + "\n"})
    copy = {**lines[1], "id": "elsewhere-1", "title": "Re-sent"}
    staged = stage(
        repo,
        {
            "today.jsonl": json.dumps(
                {
                    "id": "new",
                    "title": "New",
                    "text": "A brand new brief about the county fair, its rides, its prize pumpkins and its parade on Friday.",
                }
            )
            + "\n"
            + json.dumps(copy)
            + "\n"
        },
    )
    code, out, _ = check(repo, monkeypatch, capsys, *staged)
    assert code == 1 and "today.jsonl:2: duplicates briefs.jsonl:2" in out and "today.jsonl:1" not in out


def test_the_index_follows_git_and_signs_only_what_changed(archive, monkeypatch, capsys):
    signed: list[str] = []
    real = dedupe.pipeline.signatures

    def counting(texts, params):
        signed.extend(texts)
        return real(texts, params)

    monkeypatch.setattr(dedupe.pipeline, "signatures", counting)
    staged = stage(archive, {"sport.txt": seed("sport-port-ellery-cup.txt")})
    assert check(archive, monkeypatch, capsys, *staged)[0] == 0
    assert len(signed) == 1 + len(OTHERS) + 1  # every tracked article once, the staged one included
    signed.clear()
    staged = stage(
        archive,
        {
            "reef.md": "---\ntitle: Reef\n---\n\nA short new brief about the reef survey boats leaving the harbour on Monday.\n"
        },
    )
    assert check(archive, monkeypatch, capsys, *staged)[0] == 0
    assert len(signed) == 1  # only the newly staged file
    git(archive, "rm", "-q", "--cached", ORIGINAL)
    signed.clear()
    staged = stage(archive, {"copy.html": seed("ohio-valley-herald-floods.html")})
    code, out, _ = check(archive, monkeypatch, capsys, *staged)
    assert (code, out, len(signed)) == (0, "", 1)  # the original left git, so the index forgot it
    location = str(archive / ".git" / hook.STORE)
    from dedupe.store import open_store
    from dedupe.store.indexing import header_of

    with open_store(location, header_of(dedupe.pipeline.ScanOptions())) as store:
        assert ORIGINAL not in store.files() and "copy.html" in store.files()


def test_what_is_checked_is_what_is_staged(archive, monkeypatch, capsys):
    staged = stage(archive, {"story.html": seed("ohio-valley-herald-floods.html")})
    (archive / "story.html").write_text(seed("science-deep-reef.html").replace("reef", "atoll"))  # not staged
    assert check(archive, monkeypatch, capsys, *staged)[0] == 1
    staged = stage(archive, {"brief.txt": seed("sport-port-ellery-cup.txt")})
    (archive / "brief.txt").write_text(seed("cumberland-observer-floods.txt"))  # not staged
    assert check(archive, monkeypatch, capsys, *staged)[0] == 0


def test_two_staged_copies_of_each_other_are_one_finding(tmp_path, monkeypatch, capsys):
    repo = newsroom(tmp_path / "site", OTHERS)
    staged = stage(repo, {"a.xml": seed(ORIGINAL), "b.html": seed("ohio-valley-herald-floods.html")})
    code, out, _ = check(repo, monkeypatch, capsys, *staged)
    assert code == 1 and out.count(": duplicates ") == 1 and "1 of 2 checked articles" in out


def test_paths_relative_to_a_subfolder_and_the_hook_entry_point(tmp_path, monkeypatch, capsys):
    repo = newsroom(tmp_path / "site", [], {f"news/{ORIGINAL}": seed(ORIGINAL)})
    stage(repo, {"news/copy.html": seed("ohio-valley-herald-floods.html")})
    monkeypatch.chdir(repo / "news")
    assert hook.main(["--no-cache", "copy.html"]) == 1
    assert f"news/copy.html: duplicates news/{ORIGINAL}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("config", "files", "message"),
    [
        ('fail_on = ["nearr"]\n', {"x.txt": "A story."}, "fail_on: unknown value 'nearr'"),
        ('allow = "syndicated"\n', {"x.txt": "A story."}, "allow must be a list"),
        (
            "",
            {"broken.md": "---\ntitle: [unclosed\n---\n\nText.\n"},
            "broken.md: front matter is not valid YAML",
        ),
        ("", {"empty.json": "{}"}, "empty.json: no article text"),
    ],
)
def test_bad_input_or_configuration_exits_2_with_a_message(
    archive, monkeypatch, capsys, config, files, message
):
    (archive / ".dedupe.toml").write_text(config)
    staged = stage(archive, files)
    code, _, err = check(archive, monkeypatch, capsys, *staged)
    assert code == 2 and message in err and "Traceback" not in err


def test_files_over_the_size_limit_are_skipped_in_the_index_and_refused_when_staged(
    archive, monkeypatch, capsys
):
    big = seed("cumberland-observer-floods.txt") * 12
    stage(archive, {"big-tracked.txt": big})
    git(archive, "commit", "-q", "-m", "big")
    staged = stage(archive, {"big-staged.txt": big})
    code, _, err = check(archive, monkeypatch, capsys, "--max-bytes", "30000", *staged)
    assert code == 2 and "big-staged.txt: larger than the 30,000 bytes limit" in err
    assert "big-tracked.txt: larger than" in err  # noted once, when the index first meets it
    code, out, _ = check(archive, monkeypatch, capsys, "--max-bytes", "30000", "meridian-kentucky-floods.xml")
    assert (code, out) == (0, "")


def test_outside_a_git_repository_or_the_repository_exits_2(tmp_path, archive, monkeypatch, capsys):
    outside = tmp_path / "loose"
    outside.mkdir()
    (outside / "story.txt").write_text(seed("sport-port-ellery-cup.txt"))
    code, _, err = check(outside, monkeypatch, capsys, "story.txt")
    assert code == 2 and "git work tree" in err
    code, _, err = check(archive, monkeypatch, capsys, str(outside / "story.txt"))
    assert code == 2 and "outside the repository" in err


def test_a_corrupt_hook_index_is_rebuilt_and_the_answer_is_still_right(archive, monkeypatch, capsys):
    staged = stage(archive, {"copy.html": seed("ohio-valley-herald-floods.html")})
    assert check(archive, monkeypatch, capsys, *staged)[0] == 1
    (archive / ".git" / hook.STORE).write_bytes(b"\x00garbage" * 512)
    code, out, err = check(archive, monkeypatch, capsys, *staged)
    assert code == 1 and "rebuilding it" in err and "copy.html: duplicates" in out


def test_an_index_of_another_format_version_is_rebuilt_with_a_message(archive, monkeypatch, capsys):
    staged = stage(archive, {"copy.html": seed("ohio-valley-herald-floods.html")})
    assert check(archive, monkeypatch, capsys, *staged)[0] == 1
    db = sqlite3.connect(archive / ".git" / hook.STORE)
    db.execute("UPDATE meta SET value = 'dedupe.index/0' WHERE name = 'format'")
    db.commit()
    db.close()
    code, out, err = check(archive, monkeypatch, capsys, *staged)
    assert code == 1 and "copy.html: duplicates" in out
    assert f"built with format dedupe.index/0, this run uses {FORMAT}; rebuilding it" in err
    assert "Traceback" not in err


def test_the_hook_definition_pre_commit_reads():
    (definition,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {key: definition[key] for key in ("id", "language", "entry", "require_serial")} == {
        "id": "dedupe-check",
        "language": "python",
        "entry": "dedupe check",
        "require_serial": True,
    }
    assert "types" not in definition and "types_or" not in definition  # .jsonl has no `json` tag
    files = re.compile(definition["files"])  # pre-commit matches it with re.search
    for extension in FORMAT_BY_EXTENSION:  # every format dedupe reads, whatever its case
        assert files.search(f"news/story{extension}") and files.search(f"NEWS/STORY{extension.upper()}")
    assert not any(files.search(name) for name in ("logo.svg", "style.css", "story.txt.bak", "app.js"))


def test_two_checks_at_once_both_answer(archive):
    stage(archive, {"copy.html": seed("ohio-valley-herald-floods.html")})
    command = [sys.executable, "-m", "dedupe", "check", "--no-cache", "copy.html"]
    runs = [
        subprocess.Popen(command, cwd=archive, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [run.communicate() for run in runs]
    assert [run.returncode for run in runs] == [1, 1], results
    assert all("copy.html: duplicates meridian-kentucky-floods.xml" in out for out, _ in results)


# --- the real pre-commit tool -------------------------------------------------------------------------

HOOK_FILES = ("dedupe", "tui", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory):
    """A clean copy of this repository's hook files, committed (pre-commit installs from a commit), and a
    pre-commit home shared by the tests so the hook's virtualenv is built once."""
    if (
        shutil.which("git") is None
        or subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode
    ):
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    root = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, root / name)
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "hook"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return root, rev.stdout.strip(), tmp_path_factory.mktemp("pre-commit-home")


def commit_with_pre_commit(repo: Path, hook_repository, files: dict[str, str]) -> subprocess.CompletedProcess:
    """``git commit`` of ``files`` in ``repo`` with the hook installed by pre-commit, as a newsroom would."""
    root, rev, home = hook_repository
    env = {
        **os.environ,
        **GIT_ENV,
        "GIT_CONFIG_GLOBAL": os.environ["GIT_CONFIG_GLOBAL"],
        "PRE_COMMIT_HOME": str(home),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    config = f"repos:\n  - repo: {root}\n    rev: {rev}\n    hooks:\n      - id: dedupe-check\n"
    (repo / ".pre-commit-config.yaml").write_text(config)
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True
    )
    stage(repo, {**files, ".pre-commit-config.yaml": config})
    return subprocess.run(
        ["git", "commit", "-m", "new stories"], cwd=repo, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.mark.slow
def test_pre_commit_rejects_a_duplicate_commit_with_the_report(tmp_path, hook_repository):
    repo = newsroom(tmp_path / "site", [ORIGINAL, *OTHERS])
    head = git(repo, "rev-parse", "HEAD")
    result = commit_with_pre_commit(
        repo, hook_repository, {"wire/copy.html": seed("ohio-valley-herald-floods.html")}
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "dedupe (stories the repository already has)" in output and "Failed" in output
    assert f"wire/copy.html: duplicates {ORIGINAL}" in output and "exact copy" in output
    assert "= Flash floods tore through" in output
    assert git(repo, "rev-parse", "HEAD") == head  # nothing was committed


@pytest.mark.slow
def test_pre_commit_passes_a_clean_commit_and_an_update(tmp_path, hook_repository):
    repo = newsroom(tmp_path / "site", [ORIGINAL, *OTHERS])
    result = commit_with_pre_commit(
        repo, hook_repository, {"sport/cup.txt": seed("sport-port-ellery-cup.txt")}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout + result.stderr
    update = seed("bluegrass-ledger-floods.md").replace("---\nid:", f"---\nupdates: {ORIGINAL_ID}\nid:", 1)
    result = commit_with_pre_commit(repo, hook_repository, {"floods/update.md": update})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "floods/update.md" in git(repo, "show", "--name-only", "HEAD")
