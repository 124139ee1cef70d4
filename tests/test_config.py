import pytest

from dedupe.cli import build_parser, options_from
from dedupe.config import load_config
from dedupe.errors import ConfigError


def test_no_config_file_gives_no_settings(tmp_path):
    assert load_config(start=tmp_path).values == {}


def test_pyproject_tool_table_is_read_from_a_parent(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.dedupe]\nnear = 0.8\nrewrite = 1\n")
    nested = tmp_path / "desk" / "stories"
    nested.mkdir(parents=True)
    config = load_config(start=nested)
    assert config.values == {"near": 0.8, "rewrite": 1.0}
    assert config.path == tmp_path / "pyproject.toml"


def test_dedupe_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.dedupe]\nnear = 0.8\n")
    (tmp_path / ".dedupe.toml").write_text("near = 0.9\n")
    assert load_config(start=tmp_path).values == {"near": 0.9}


def test_pyproject_without_our_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_config(start=tmp_path).path is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("near = 'high'\n", "near must be a float"),
        ("nearr = 0.5\n", "unknown setting 'nearr'"),
        ("near = \n", "not valid TOML"),
    ],
)
def test_bad_config_names_file_and_problem(tmp_path, content, message):
    (tmp_path / ".dedupe.toml").write_text(content)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(start=tmp_path)
    assert str(tmp_path / ".dedupe.toml") in str(caught.value)


def test_flags_override_config_which_overrides_defaults(tmp_path, monkeypatch):
    (tmp_path / ".dedupe.toml").write_text("[tool.dedupe]\nnear = 0.9\ncontainment = 0.6\njobs = 1\n")
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["group", ".", "--threshold", "0.75", "--no-cache"])
    options = options_from(args)
    assert options.grouping.near == 0.75  # flag
    assert options.grouping.containment == 0.6  # config
    assert options.grouping.rewrite == 0.5  # default
    assert options.jobs == 1 and options.cache_dir is None


def test_out_of_range_config_value_is_a_config_error(tmp_path, monkeypatch):
    (tmp_path / ".dedupe.toml").write_text("near = 1.5\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="near"):
        options_from(build_parser().parse_args(["group", "."]))
