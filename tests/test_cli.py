"""The `dedupe` command as users and pipelines see it: output formats, exit codes, streams, determinism."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import dedupe.pipeline
from dedupe.cli import Progress, main

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schema" / "groups.schema.json").read_text())
FLOOD_VERSIONS = {
    "seeds/meridian-kentucky-floods.xml",
    "seeds/ohio-valley-herald-floods.html",
    "seeds/bluegrass-ledger-floods.md",
    "seeds/tristate-daily-floods.json",
    "seeds/meridian-kentucky-floods-update.json",
    "seeds/cumberland-observer-floods.txt",
}
INDEPENDENT_REPORT = "seeds/atlas-kentucky-floods.json"


def run_json(capsys, *args):
    code = main(["group", *args, "--format", "json", "--no-cache"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_seeds_group_the_story_versions_and_nothing_else(capsys):
    code, document, err = run_json(capsys, "seeds")
    assert code == 0, err
    jsonschema.validate(document, SCHEMA)
    assert document["errors"] == []
    groups = [{m["path"] for m in g["members"]} for g in document["groups"]]
    assert groups == [FLOOD_VERSIONS], groups
    flood = document["groups"][0]
    assert flood["members"][0]["path"] == "seeds/meridian-kentucky-floods.xml"
    assert flood["base_reason"].startswith("earliest published")
    relations = {m["path"]: m["relation"] for m in flood["members"]}
    assert relations["seeds/ohio-valley-herald-floods.html"] in ("exact", "near")
    assert relations["seeds/tristate-daily-floods.json"] == "contained"
    assert relations["seeds/cumberland-observer-floods.txt"] == "rewrite"


def test_output_is_identical_whatever_the_order_or_jobs(capsys):
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "seeds").iterdir())
    main(["group", *files, "--format", "json", "--no-cache", "--jobs", "1"])
    first = capsys.readouterr().out
    main(["group", *reversed(files), "--format", "json", "--no-cache", "--jobs", "2"])
    assert capsys.readouterr().out == first


def test_a_bad_input_is_reported_and_the_rest_still_grouped(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"headline": "x", ')
    code, document, err = run_json(capsys, "seeds", str(broken))
    assert code == 2
    assert len(document["groups"]) == 1
    assert document["errors"] == [{"path": str(broken), "error": document["errors"][0]["error"]}]
    assert "JSON" in document["errors"][0]["error"]
    assert f"dedupe: error: {broken}:" in err
    assert "Traceback" not in err


def test_jsonl_prints_one_group_per_line_then_errors(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code = main(["group", "seeds", str(empty), "--format", "jsonl", "--no-cache"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 2
    assert [line["schema"] for line in lines] == ["dedupe.group/1", "dedupe.error/1"]
    assert lines[1]["path"] == str(empty)


def test_text_report_lists_base_first_without_colour_off_a_terminal(capsys):
    assert main(["group", "seeds", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 groups of copies among ")
    assert "\x1b[" not in out
    base_line = next(line for line in out.splitlines() if line.split()[:1] == ["base"])
    assert "seeds/meridian-kentucky-floods.xml" in base_line
    assert "rewrite" in out and "contained" in out


def test_colour_only_when_asked_and_never_under_no_color(capsys, monkeypatch):
    main(["group", "seeds", "--no-cache", "--color", "always"])
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    main(["group", "seeds", "--no-cache"])
    assert "\x1b[" not in capsys.readouterr().out


def test_stdin_is_read_with_a_dash(monkeypatch, capsys):
    data = (REPO / "seeds" / "briefs-local.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, document, err = run_json(capsys, "-")
    assert code == 0, err
    assert document["articles"] == 2


def test_second_run_only_hashes_changed_texts(tmp_path, monkeypatch, capsys):
    calls = []
    real = dedupe.pipeline.signatures

    def counting(texts, params):
        calls.extend(texts)
        return real(texts, params)

    monkeypatch.setattr(dedupe.pipeline, "signatures", counting)
    cache = ["--cache-dir", str(tmp_path / "cache"), "--jobs", "1"]
    assert main(["group", "seeds", *cache]) == 0
    first = len(calls)
    assert first >= 10
    extra = tmp_path / "new.md"
    extra.write_text("---\ntitle: New\n---\n\nA brand new brief about the county fair opening on Friday.\n")
    assert main(["group", "seeds", str(extra), *cache]) == 0
    assert len(calls) == first + 1
    capsys.readouterr()


def test_usage_errors_exit_2_with_a_message(capsys):
    assert main(["group", "seeds", "--threshold", "3"]) == 2
    assert "must be in (0, 1]" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_bad_config_exits_2_naming_the_file(tmp_path, monkeypatch, capsys):
    (tmp_path / ".dedupe.toml").write_text("threshold = 0.5\n")
    monkeypatch.chdir(tmp_path)
    assert main(["group", str(REPO / "seeds"), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert ".dedupe.toml: unknown setting 'threshold'" in err and "Traceback" not in err


def test_missing_path_is_an_input_error(capsys):
    code, document, _ = run_json(capsys, "seeds", "no/such/folder")
    assert code == 2
    assert document["errors"][0]["path"] == "no/such/folder"


def test_progress_goes_to_a_terminal_stderr_only_and_is_cleared():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress(stream)
    progress("sign", 5, 10)
    progress.clear()
    assert "hashing" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[K")
    quiet = io.StringIO()
    Progress(quiet)("sign", 5, 10)
    assert quiet.getvalue() == ""


def test_python_dash_m_and_help_list_exit_codes():
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "dedupe", "group", "--help"], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert result.returncode == 0
    assert "exit codes:" in result.stdout and "130" in result.stdout


DIFF_SCHEMA = json.loads((REPO / "schema" / "diff.schema.json").read_text())


def test_diff_json_flags_the_changed_toll_and_validates(capsys):
    code = main(
        [
            "diff",
            "seeds/meridian-kentucky-floods.xml",
            "seeds/meridian-kentucky-floods-update.json",
            "--format",
            "json",
        ]
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    jsonschema.validate(document, DIFF_SCHEMA)
    claims = [c for row in document["rows"] for cell in row["cells"].values() for c in cell["claims"]]
    assert {"kind": "number", "before": "12 people", "after": "14 people"} in claims
    assert any(cell["status"] == "added" for row in document["rows"] for cell in row["cells"].values())


def test_diff_text_marks_changes_and_base_flag_picks_the_base(capsys):
    code = main(
        [
            "diff",
            "seeds/meridian-kentucky-floods-update.json",
            "seeds/meridian-kentucky-floods.xml",
            "--base",
            "seeds/meridian-kentucky-floods.xml",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "!! NUMBER: 12 people -> 14 people" in out
    assert "\x1b[" not in out


def test_diff_with_no_readable_article_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["diff", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "no readable article" in err and str(empty) in err


def test_group_diff_adds_each_groups_alignment(capsys):
    code = main(["group", "seeds", "--no-cache", "--format", "json", "--diff"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    jsonschema.validate(document, SCHEMA)
    diff = document["groups"][0]["diff"]
    jsonschema.validate(diff, DIFF_SCHEMA)
    assert diff["base"] == document["groups"][0]["base"]
    assert len(diff["versions"]) == len(document["groups"][0]["members"]) - 1


def test_group_diff_needs_json_output(capsys):
    assert main(["group", "seeds", "--no-cache", "--diff"]) == 2
    assert "--diff adds alignments to JSON output" in capsys.readouterr().err


def test_json_escapes_delete_in_ascii_and_invisible_characters_otherwise():
    from dedupe.report import escape_invisible

    assert escape_invisible('{"t": "a\x7fb"}') == '{"t": "a\\u007fb"}'
    assert escape_invisible('{"t": "caf\u00e9 \u202eevil\x7f"}') == '{"t": "caf\u00e9 \\u202eevil\\u007f"}'


def test_an_unusable_cache_folder_is_an_error_naming_it(tmp_path, capsys, repo):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "a-file" / "cache"
    assert main(["group", str(repo / "seeds"), "--cache-dir", str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"dedupe: error: cannot use cache directory {folder}: Not a directory\n"
