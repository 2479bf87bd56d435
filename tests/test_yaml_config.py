"""Strict loading of rule files and ``.prose-lint.yaml``: every mistake is
reported with its file, line and key, and says what would have been accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import mojibake_rule_yaml, write
from prose_lint.config import Settings, load_settings
from prose_lint.engine import select_rules
from prose_lint.findings import Severity
from prose_lint.kinds import KINDS
from prose_lint.nlp import DEFAULT_MODEL
from prose_lint.rules_loader import BUILTIN_RULES, load_rule_file, load_rules
from prose_lint import yamlsource
from prose_lint.yamlsource import ConfigError, LocatedDict, LocatedList, load_yaml

# The built-in rules are the YAML files of the rules folder, one kind each.
BUILTIN_IDS = ", ".join(sorted(path.stem for path in BUILTIN_RULES.glob("*.yaml")))
KIND_NAMES = ", ".join(sorted(KINDS))
RULE_KEYS_ALLOWED = "description, examples, id, kind, message, options, severity"
CONFIG_KEYS_ALLOWED = "cast, fail-on, ignore, manuscripts, model, per-file-ignores, rules, select"
NAME_REPETITION_OPTIONS = "min_full_mentions, min_full_share, window_paragraphs"


def rule_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_rule_file(path)
    return caught.value


def settings_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    return caught.value


def assert_located(error: ConfigError, path: Path, line: int | None, key: str | None) -> None:
    assert (error.path, error.line, error.key) == (str(path), line, key)
    location = str(path) if line is None else f"{path}:{line}"
    subject = f"{key}: " if key else ""
    assert str(error) == f"{location}: {subject}{error.problem}"


def name_repetition_rule(options: str) -> str:
    return (
        "id: repeated-names\n"
        "kind: name-repetition\n"
        "severity: warning\n"
        "message: \"'{full_name}' again\"\n"
        "options:\n"
        f"{options}"
    )


# Rule files


def test_valid_rule_file_loads_with_defaults_for_unset_options(write_rule):
    path = write_rule(name_repetition_rule("  window_paragraphs: 3\n"))
    rule = load_rule_file(path)
    assert rule.id == "repeated-names"
    assert rule.kind.name == "name-repetition"
    assert rule.severity is Severity.WARNING
    defaults = {name: option.default for name, option in KINDS["name-repetition"].options.items()}
    assert rule.kind.settings == {**defaults, "window_paragraphs": 3}
    assert rule.description == KINDS["name-repetition"].description
    assert rule.source == path


def test_integer_is_accepted_for_a_float_option(write_rule):
    rule = load_rule_file(write_rule(name_repetition_rule("  min_full_share: 1\n")))
    assert rule.kind.settings["min_full_share"] == 1.0
    assert isinstance(rule.kind.settings["min_full_share"], float)


def test_unknown_top_level_key_is_reported_with_allowed_keys(write_rule):
    path = write_rule(mojibake_rule_yaml() + "colour: red\n")
    error = rule_error(path)
    assert_located(error, path, 5, "colour")
    assert error.problem == f"unknown key (allowed: {RULE_KEYS_ALLOWED})"


def test_unknown_kind_lists_valid_kinds(write_rule):
    path = write_rule("id: r\nkind: mojibak\nseverity: error\nmessage: m\n")
    error = rule_error(path)
    assert_located(error, path, 2, "kind")
    assert error.problem == f"unknown kind 'mojibak' (allowed: {KIND_NAMES})"


@pytest.mark.parametrize(
    "value, shown",
    [("four", "'four'"), ("4.5", "4.5"), ("true", "True"), ("[4]", "[4]")],
    ids=["string", "float", "boolean", "list"],
)
def test_wrong_option_type_names_the_expected_type(write_rule, value, shown):
    path = write_rule(name_repetition_rule(f"  window_paragraphs: 1\n  min_full_mentions: {value}\n"))
    error = rule_error(path)
    assert_located(error, path, 7, "options.min_full_mentions")
    assert "integer" in error.problem
    assert error.problem.endswith(f"got {shown}")


@pytest.mark.parametrize(
    "option, value, problem",
    [
        ("min_full_mentions", "1", "must be at least 2, got 1"),
        ("min_full_share", "1.5", "must be at most 1.0, got 1.5"),
        ("min_full_share", "-0.1", "must be at least 0.0, got -0.1"),
        ("window_paragraphs", "-1", "must be at least 0, got -1"),
    ],
)
def test_option_out_of_range_states_the_bound(write_rule, option, value, problem):
    path = write_rule(name_repetition_rule(f"  {option}: {value}\n"))
    error = rule_error(path)
    assert_located(error, path, 6, f"options.{option}")
    assert error.problem == problem


def test_unknown_option_lists_allowed_options(write_rule):
    path = write_rule(name_repetition_rule("  min_full_mentions: 5\n  windows: 2\n"))
    error = rule_error(path)
    assert_located(error, path, 7, "options.windows")
    assert error.problem == f"unknown key (allowed: {NAME_REPETITION_OPTIONS})"


def test_option_given_to_a_kind_without_options_is_rejected(write_rule):
    path = write_rule(mojibake_rule_yaml() + "options:\n  strict: true\n")
    error = rule_error(path)
    assert_located(error, path, 6, "options.strict")
    assert error.problem == "kind 'mojibake' takes no options"


def test_options_must_be_a_mapping(write_rule):
    path = write_rule(mojibake_rule_yaml() + "options: [strict]\n")
    error = rule_error(path)
    assert_located(error, path, 5, "options")


def test_unknown_message_field_lists_the_kinds_fields(write_rule):
    path = write_rule("id: r\nkind: mojibake\nseverity: error\nmessage: \"'{fund}' is wrong\"\n")
    error = rule_error(path)
    assert_located(error, path, 4, "message")
    assert error.problem == "unknown field {fund} (allowed: found, repaired, encoding)"


@pytest.mark.parametrize("template", ["'{0}' is wrong", "'{}' is wrong", "'{found.upper}' is wrong"])
def test_positional_and_attribute_fields_are_not_message_fields(write_rule, template):
    path = write_rule(f'id: r\nkind: mojibake\nseverity: error\nmessage: "{template}"\n')
    error = rule_error(path)
    assert_located(error, path, 4, "message")
    assert error.problem.startswith("unknown field {")


def test_unbalanced_brace_in_message_is_a_template_error(write_rule):
    path = write_rule('id: r\nkind: mojibake\nseverity: error\nmessage: "{found is wrong"\n')
    error = rule_error(path)
    assert_located(error, path, 4, "message")
    assert error.problem.startswith("bad template: ")


def test_unknown_conversion_in_message_is_rejected_before_any_prose_is_read(write_rule):
    # str.format only rejects "!x" when it renders, which would be mid-run.
    path = write_rule("id: r\nkind: mojibake\nseverity: error\nmessage: \"'{found!x}' is wrong\"\n")
    error = rule_error(path)
    assert_located(error, path, 4, "message")
    assert error.problem == "bad template: unknown conversion !x in {found} (allowed: !r, !s, !a)"


def test_conversions_and_format_specs_are_allowed_in_messages(write_rule):
    path = write_rule("id: r\nkind: mojibake\nseverity: error\nmessage: \"{found!r} to {repaired:>3}\"\n")
    rule = load_rule_file(path)
    assert rule.render({"found": "Ã©", "repaired": "é", "encoding": "latin-1"}) == "'Ã©' to   é"


@pytest.mark.parametrize("missing", ["id", "kind", "severity", "message"])
def test_missing_required_key_is_named(write_rule, missing):
    lines = {"id": "id: r", "kind": "kind: mojibake", "severity": "severity: error", "message": "message: m"}
    del lines[missing]
    # The comment moves the mapping, and so the reported line, off line 1.
    path = write_rule("# a rule without its " + missing + "\n" + "\n".join(lines.values()) + "\n")
    error = rule_error(path)
    assert_located(error, path, 2, missing)
    assert error.problem == "missing required key"


def test_bad_severity_lists_severities(write_rule):
    path = write_rule(mojibake_rule_yaml(severity="fatal"))
    error = rule_error(path)
    assert_located(error, path, 3, "severity")
    assert error.problem == "unknown severity 'fatal' (allowed: info, warning, error)"


def test_empty_id_is_rejected(write_rule):
    path = write_rule('id: "  "\nkind: mojibake\nseverity: error\nmessage: m\n')
    error = rule_error(path)
    assert_located(error, path, 1, "id")
    assert error.problem == "expected a non-empty string, got '  '"


def test_invalid_yaml_reports_the_line_of_the_syntax_error(write_rule):
    # A key indented under a plain scalar: the colon on line 3 is where YAML gives up.
    path = write_rule("id: r\nkind: mojibake\n  severity: error\nmessage: m\n")
    error = rule_error(path)
    assert_located(error, path, 3, None)
    assert error.problem == "invalid YAML: mapping values are not allowed here"


def test_duplicate_key_is_reported_not_silently_overwritten(write_rule):
    path = write_rule(mojibake_rule_yaml(severity="error") + "severity: info\n")
    error = rule_error(path)
    assert_located(error, path, 5, None)
    assert error.problem == "invalid YAML: duplicate key 'severity' (first on line 3)"


def test_duplicate_option_is_reported(write_rule):
    path = write_rule(name_repetition_rule("  window_paragraphs: 1\n  window_paragraphs: 2\n"))
    error = rule_error(path)
    assert_located(error, path, 7, None)
    assert error.problem == "invalid YAML: duplicate key 'window_paragraphs' (first on line 6)"


def test_merge_key_values_may_be_overridden(write_rule):
    # Overriding a merged-in key is what merge keys are for, not a duplicate.
    path = write_rule(
        "id: r\nkind: name-repetition\nseverity: info\nmessage: m\n"
        "options:\n  <<: {min_full_mentions: 5, window_paragraphs: 2}\n  window_paragraphs: 3\n"
    )
    settings = load_rule_file(path).kind.settings
    assert (settings["min_full_mentions"], settings["window_paragraphs"]) == (5, 3)


@pytest.mark.parametrize("text, line", [("", 1), ("\n- id: r\n- kind: mojibake\n", 2)])
def test_rule_file_that_is_not_a_mapping_is_rejected(write_rule, text, line):
    path = write_rule(text)
    error = rule_error(path)
    assert_located(error, path, line, None)
    assert error.problem == "a rule file must be a mapping of keys to values"


def test_examples_accept_only_flagged_and_passing(write_rule):
    path = write_rule(mojibake_rule_yaml() + "examples:\n  flagged: ['cafÃ©']\n  failing: ['x']\n")
    error = rule_error(path)
    assert_located(error, path, 7, "examples.failing")
    assert error.problem == "unknown key (allowed: flagged, passing)"


def test_example_lines_point_at_each_item(write_rule):
    path = write_rule(mojibake_rule_yaml() + "examples:\n  flagged:\n    - 'cafÃ©'\n    - 'naÃ¯ve'\n  passing: ['café']\n")
    rule = load_rule_file(path)
    assert [(example.text, example.line) for example in rule.flagged] == [("cafÃ©", 7), ("naÃ¯ve", 8)]
    assert [(example.text, example.line) for example in rule.passing] == [("café", 9)]


# Rule sets


def test_builtin_rules_load_in_file_name_order():
    rules = load_rules([])
    assert [rule.id for rule in rules] == BUILTIN_IDS.split(", ")
    assert all(rule.builtin for rule in rules)


def test_duplicate_rule_ids_in_one_user_folder_are_rejected(write_rule):
    first = write_rule(mojibake_rule_yaml("dup"), name="a.yaml")
    second = write_rule("# the same id again\n" + mojibake_rule_yaml("dup"), name="b.yaml")
    with pytest.raises(ConfigError) as caught:
        load_rules([first.parent])
    assert_located(caught.value, second, 2, "id")
    assert caught.value.problem == f"duplicate rule id 'dup', also in {first}"


def test_duplicate_rule_ids_across_user_folders_are_rejected(write_rule):
    first = write_rule(mojibake_rule_yaml("dup"), folder="team")
    second = write_rule(mojibake_rule_yaml("dup"), name="mine.yml", folder="mine")
    with pytest.raises(ConfigError) as caught:
        load_rules([first.parent, second.parent])
    assert_located(caught.value, second, 1, "id")
    assert caught.value.problem == f"duplicate rule id 'dup', also in {first}"


def test_user_rule_replaces_builtin_rule_of_the_same_id(write_rule):
    user = write_rule(mojibake_rule_yaml("mojibake", severity="info"))
    rules = load_rules([user.parent])
    assert [rule.id for rule in rules] == BUILTIN_IDS.split(", ")
    replaced = next(rule for rule in rules if rule.id == "mojibake")
    assert (replaced.source, replaced.severity, replaced.builtin) == (user, Severity.INFO, False)


def test_user_rules_follow_the_builtin_rules(write_rule):
    write_rule(mojibake_rule_yaml("zeta"), name="z.yaml")
    write_rule(mojibake_rule_yaml("alpha"), name="a.yml")
    folder = write_rule(mojibake_rule_yaml("middle"), name="m.yaml").parent
    rules = load_rules([folder])
    assert [rule.id for rule in rules] == [*BUILTIN_IDS.split(", "), "alpha", "middle", "zeta"]


def test_missing_rules_folder_is_a_config_error(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(ConfigError) as caught:
        load_rules([missing])
    assert_located(caught.value, missing, None, None)
    assert caught.value.problem == "rules directory not found"


def test_first_bad_user_rule_stops_loading(write_rule):
    bad = write_rule(mojibake_rule_yaml(severity="loud"), name="a.yaml")
    write_rule(mojibake_rule_yaml("fine"), name="b.yaml")
    with pytest.raises(ConfigError) as caught:
        load_rules([bad.parent])
    assert_located(caught.value, bad, 3, "severity")


# Selecting rules


def test_unknown_rule_id_in_select_lists_known_ids():
    with pytest.raises(ConfigError) as caught:
        select_rules(load_rules([]), ["mojibake", "nope"], [], "command line")
    assert str(caught.value) == f"command line: unknown rule id 'nope' (known: {BUILTIN_IDS})"


def test_unknown_rule_id_in_ignore_is_rejected_too():
    with pytest.raises(ConfigError) as caught:
        select_rules(load_rules([]), [], ["nope"], "command line")
    assert "unknown rule id 'nope'" in str(caught.value)


def test_select_then_ignore():
    rules = load_rules([])
    assert [r.id for r in select_rules(rules, [], [], "x")] == BUILTIN_IDS.split(", ")
    assert [r.id for r in select_rules(rules, ["pronoun-gender-drift", "mojibake"], [], "x")] == [
        "mojibake",
        "pronoun-gender-drift",
    ]
    assert [r.id for r in select_rules(rules, ["mojibake", "name-repetition"], ["mojibake"], "x")] == [
        "name-repetition"
    ]


# .prose-lint.yaml


def test_missing_config_gives_default_settings():
    assert load_settings(None) == Settings()
    assert Settings().model == DEFAULT_MODEL
    assert Settings().fail_on is Severity.WARNING


def test_empty_config_gives_default_settings(tmp_path):
    path = write(tmp_path / ".prose-lint.yaml", "# nothing set yet\n")
    assert load_settings(path) == Settings(source=path)


def test_config_values_are_read_and_rule_folders_resolved_against_the_file(tmp_path):
    path = write(
        tmp_path / "book" / ".prose-lint.yaml",
        """\
        model: en_core_web_md
        rules: [house-rules, ../shared]
        select: mojibake
        ignore: [name-repetition]
        fail-on: error
        """,
    )
    settings = load_settings(path)
    assert settings.model == "en_core_web_md"
    assert settings.rule_dirs == [tmp_path / "book" / "house-rules", tmp_path / "book" / ".." / "shared"]
    assert settings.select == ["mojibake"]
    assert settings.ignore == ["name-repetition"]
    assert settings.fail_on is Severity.ERROR
    assert settings.source == path


def test_unknown_config_key_lists_allowed_keys(tmp_path):
    path = write(tmp_path / ".prose-lint.yaml", "select: [mojibake]\nfail_on: error\n")
    error = settings_error(path)
    assert_located(error, path, 2, "fail_on")
    assert error.problem == f"unknown key (allowed: {CONFIG_KEYS_ALLOWED})"


def test_bad_fail_on_lists_severities(tmp_path):
    path = write(tmp_path / ".prose-lint.yaml", "model: en_core_web_sm\nfail-on: fatal\n")
    error = settings_error(path)
    assert_located(error, path, 2, "fail-on")
    assert error.problem == "unknown severity 'fatal' (allowed: info, warning, error)"


@pytest.mark.parametrize(
    "text, key, line",
    [
        ("select: 3\n", "select", 1),
        ("ignore:\n  - mojibake\n  - 2\n", "ignore", 1),
        ("rules: {house: rules}\n", "rules", 1),
        ("\nmodel: [en_core_web_sm]\n", "model", 2),
        ('model: ""\n', "model", 1),
    ],
)
def test_config_value_of_the_wrong_type_is_rejected(tmp_path, text, key, line):
    path = write(tmp_path / ".prose-lint.yaml", text)
    error = settings_error(path)
    assert_located(error, path, line, key)
    assert error.problem.startswith("expected a ")


def test_config_with_invalid_yaml_reports_the_line(tmp_path):
    path = write(tmp_path / ".prose-lint.yaml", "select: [mojibake\nfail-on: error\n")
    error = settings_error(path)
    # Inside the unclosed [ ], "fail-on" continues the item and its colon cannot follow.
    assert_located(error, path, 2, None)
    assert error.problem == "invalid YAML: expected ',' or ']', but got ':'"


def test_duplicate_config_key_is_reported(tmp_path):
    path = write(tmp_path / ".prose-lint.yaml", "ignore: [mojibake]\nselect: [mojibake]\nignore: []\n")
    error = settings_error(path)
    assert_located(error, path, 3, None)
    assert error.problem == "invalid YAML: duplicate key 'ignore' (first on line 1)"


def test_config_that_is_not_a_mapping_is_rejected(tmp_path):
    path = write(tmp_path / ".prose-lint.yaml", "- select\n- mojibake\n")
    error = settings_error(path)
    assert_located(error, path, 1, None)
    assert error.problem == "the configuration must be a mapping of keys to values"


def test_config_that_is_not_utf8_is_a_config_error(tmp_path):
    path = tmp_path / ".prose-lint.yaml"
    path.write_bytes(b"model: caf\xe9\n")
    error = settings_error(path)
    assert_located(error, path, None, None)
    assert error.problem.startswith("cannot read: ")


# Hostile and broken files: one located error, never a crash


@pytest.mark.parametrize("spec", ["{found:d}", "{found:.2f}", "{found:%}", "{repaired:=5}"])
def test_a_format_spec_the_text_fields_cannot_take_fails_at_load(write_rule, spec):
    path = write_rule(f"id: r\nkind: mojibake\nseverity: error\nmessage: \"{spec} is wrong\"\n")
    error = rule_error(path)
    assert_located(error, path, 4, "message")
    assert error.problem.startswith("bad template: ") and error.problem.endswith("(fields are text)")


def test_numeric_fields_render_as_text_so_text_specs_work(write_rule):
    path = write_rule("id: r\nkind: mojibake\nseverity: error\nmessage: \"[{found:>4}]\"\n")
    assert load_rule_file(path).render({"found": 12}) == "[  12]"


def test_a_python_tag_is_refused_and_never_run(write_rule, tmp_path):
    marker = tmp_path / "ran"
    path = write_rule(f"id: !!python/object/apply:os.system ['touch {marker}']\nkind: mojibake\n")
    error = rule_error(path)
    assert_located(error, path, 1, None)
    assert error.problem.startswith("invalid YAML: could not determine a constructor for the tag")
    assert not marker.exists()


def test_an_alias_bomb_is_refused_before_it_expands(write_rule):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    path = write_rule("\n".join(lines) + "\n")
    error = rule_error(path)
    assert_located(error, path, 5, None)
    assert error.problem == "expands to more than 100,000 values (aliases nested in aliases?)"


def test_deep_nesting_is_refused_without_recursion(write_rule):
    path = write_rule("id: r\nexamples: " + "[" * 5000 + "]" * 5000 + "\n")
    error = rule_error(path)
    assert_located(error, path, 2, None)
    assert error.problem == "nested deeper than 64 levels"


def test_hostile_config_exits_2_with_one_line(run_cli, tmp_path):
    config = write(tmp_path / ".prose-lint.yaml", "select: " + "[" * 5000 + "]" * 5000 + "\n")
    result = run_cli(["never-read.txt"])
    assert result.code == 2
    assert result.err == f"prose-lint: invalid config: {config}:1: nested deeper than 64 levels\n"


def test_hostile_cast_file_exits_2_with_one_line(run_cli, tmp_path):
    cast = write(tmp_path / "book" / "characters.yaml", "characters: !!python/name:os.system\n")
    write(tmp_path / "book" / "one.txt", "Text.\n")
    result = run_cli(["--select", "mojibake", "book"])
    assert result.code == 2
    assert result.err.startswith(f"prose-lint: invalid config: {cast}:1: invalid YAML: could not determine a constructor")
    assert result.err.count("\n") == 1


# The two parsers: libyaml first, PyYAML's pure-Python parser as the reference


def located_tree(value):
    """A parsed file with every line it remembers, for comparing two parses."""
    if isinstance(value, LocatedDict):
        return ("mapping", value.line, sorted(value.key_lines.items()), {key: located_tree(item) for key, item in value.items()})
    if isinstance(value, LocatedList):
        return ("sequence", value.line, value.item_lines, [located_tree(item) for item in value])
    return value


SHIPPED_YAML = sorted(BUILTIN_RULES.parent.rglob("*.yaml"))


@pytest.mark.skipif(len(yamlsource._LOADERS) < 2, reason="PyYAML is built without libyaml")
@pytest.mark.parametrize("path", SHIPPED_YAML, ids=lambda path: path.name)
def test_libyaml_reads_every_shipped_file_as_the_python_parser_does(path):
    text = path.read_text(encoding="utf-8")
    reference = located_tree(yamlsource._parse(yamlsource._LocatingLoader, text, path))
    try:
        fast = located_tree(yamlsource._parse(yamlsource._LOADERS[0], text, path))
    except yaml.YAMLError:
        # libyaml refuses the \udcXX escapes; load_yaml then takes PyYAML's answer.
        assert "\\udc" in text
        fast = located_tree(load_yaml(path))
    assert fast == reference


def test_an_escape_libyaml_refuses_is_read_by_the_python_parser(write_rule):
    path = write_rule(mojibake_rule_yaml(severity="error") + 'examples:\n  flagged:\n    - "caf\\udce9"\n')
    rule = load_rule_file(path)
    assert [example.text for example in rule.flagged] == ["caf\udce9"]
    assert [example.line for example in rule.flagged] == [7]


def test_an_ordinary_rule_file_is_located_alike_by_both_parsers(write_rule):
    path = write_rule(name_repetition_rule("  window_paragraphs: 2\n") + "examples:\n  passing:\n    - one\n    - two\n")
    text = path.read_text(encoding="utf-8")
    parses = {repr(located_tree(yamlsource._parse(loader, text, path))) for loader in yamlsource._LOADERS}
    assert len(parses) == 1
    rule = load_rule_file(path)
    assert [example.line for example in rule.passing] == [9, 10]
