"""SARIF 2.1.0 output, validated against the official schema (tests/data)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import MOJIBAKE_LINE, write
from prose_lint.findings import Finding, Fix, RuleInfo, Severity
from prose_lint.formatters import sarif

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(document: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(document)


def test_the_schema_is_the_official_one():
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    jsonschema.Draft4Validator.check_schema(SCHEMA)


REPEATED = Finding(
    "book/chapter one.md", 12, 1, 12, 14, "name-repetition", Severity.WARNING,
    "'Ella Romanova' again", character="Ella Romanova", fingerprint="abc123",
)
MOJIBAKE = Finding(
    "book/ch1.txt", 3, 5, 3, 7, "mojibake", Severity.ERROR, "'Ã©' should read 'é'",
    fix=Fix(40, 42, "é"), fingerprint="def456",
)
RULES = [
    RuleInfo("name-repetition", Severity.WARNING, "a full name repeated", "# name-repetition\n\nHelp."),
    RuleInfo("mojibake", Severity.ERROR, "UTF-8 misread as cp1252", "# mojibake\n\nHelp."),
]


def test_render_is_valid_sarif_with_rules_fixes_and_characters():
    document = json.loads(sarif.render([REPEATED, MOJIBAKE], RULES))
    validate(document)
    run = document["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["name-repetition", "mojibake"]
    assert run["tool"]["driver"]["rules"][1]["help"]["markdown"] == "# mojibake\n\nHelp."
    repeated, mojibake = run["results"]
    assert repeated["properties"] == {"character": "Ella Romanova"}
    assert repeated["level"] == "warning" and mojibake["level"] == "error"
    assert repeated["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "book/chapter%20one.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert "fixes" not in repeated
    (change,) = mojibake["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 7},
            "insertedContent": {"text": "é"},
        }
    ]
    assert mojibake["ruleIndex"] == 1
    assert mojibake["partialFingerprints"] == {sarif.FINGERPRINT_NAME: "def456"}


def test_no_findings_is_still_a_valid_log():
    validate(json.loads(sarif.render([], RULES)))


def test_a_finding_of_an_undescribed_rule_still_gets_a_rule_entry():
    document = json.loads(sarif.render([MOJIBAKE], []))
    validate(document)
    assert document["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "mojibake"


def test_command_line_sarif_validates_and_carries_the_rule_pages(run_cli, tmp_path):
    write(tmp_path / "book" / "one.txt", MOJIBAKE_LINE)
    (tmp_path / "book" / "two.txt").write_bytes(b"caf\xe9\n")
    result = run_cli(["--select", "mojibake,encoding", "--format", "sarif", "book"])
    assert result.code == 1
    document = json.loads(result.out)
    validate(document)
    run = document["runs"][0]
    help_texts = {rule["id"]: rule["help"]["markdown"] for rule in run["tool"]["driver"]["rules"]}
    assert help_texts["mojibake"].startswith("# mojibake\n")
    assert "## Flagged examples" in help_texts["encoding"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in run["results"]] == [
        ("mojibake", "book/one.txt"),
        ("encoding", "book/two.txt"),
    ]
    assert run["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "é"}


@pytest.mark.parametrize("path, uri", [("/abs/dir/a b.txt", "file:///abs/dir/a%20b.txt"), ("caf\\xe9.txt", "caf%5Cxe9.txt")])
def test_paths_become_uris(path, uri):
    finding = Finding(path, 1, 1, 1, 2, "mojibake", Severity.ERROR, "m")
    document = json.loads(sarif.render([finding], RULES))
    validate(document)
    assert document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri


def test_the_schema_rejects_what_sarif_forbids():
    # The validation above means something only if a wrong log fails it.
    document = json.loads(sarif.render([MOJIBAKE], RULES))
    document["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(document)
