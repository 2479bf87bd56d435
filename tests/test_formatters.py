"""Formatters are pure functions of findings; build the findings by hand."""

from __future__ import annotations

import json

import pytest

from prose_lint.findings import Finding, Severity
from prose_lint.formatters import FORMATTERS, github, sarif, text
from prose_lint.formatters import json as json_format


def finding(**changes) -> Finding:
    values = dict(
        path="book/ch1.txt",
        line=3,
        column=5,
        end_line=3,
        end_column=7,
        rule="mojibake",
        severity=Severity.ERROR,
        message="'Ã©' is UTF-8 misread as latin-1: replace with 'é'",
        character=None,
    )
    values.update(changes)
    return Finding(**values)


REPEATED_NAME = finding(
    path="book/ch2.md",
    line=12,
    column=1,
    end_line=12,
    end_column=14,
    rule="name-repetition",
    severity=Severity.WARNING,
    message="'Ella Romanova' again (5 of 6 mentions use the full name): use 'Ella' or a pronoun",
    character="Ella Romanova",
)


def test_formatters_are_registered_by_name():
    assert FORMATTERS == {
        "text": text.render,
        "json": json_format.render,
        "github": github.render,
        "sarif": sarif.render,
    }


@pytest.mark.parametrize("name", ["text", "github"])
def test_no_findings_render_nothing_in_line_formats(name):
    assert FORMATTERS[name]([]) == ""


# text


def test_text_is_path_line_column_severity_rule_message():
    assert text.render([finding()]) == (
        "book/ch1.txt:3:5: error mojibake 'Ã©' is UTF-8 misread as latin-1: replace with 'é'\n"
    )


def test_text_writes_one_line_per_finding_in_the_given_order():
    info = finding(line=1, column=1, severity=Severity.INFO, rule="note", message="just so you know")
    assert text.render([REPEATED_NAME, info]).splitlines() == [
        "book/ch2.md:12:1: warning name-repetition "
        "'Ella Romanova' again (5 of 6 mentions use the full name): use 'Ella' or a pronoun",
        "book/ch1.txt:1:1: info note just so you know",
    ]


# json


def test_json_is_versioned_with_every_finding_field():
    document = json.loads(json_format.render([finding(), REPEATED_NAME]))
    assert document == {
        "version": 1,
        "findings": [
            {
                "path": "book/ch1.txt",
                "line": 3,
                "column": 5,
                "end_line": 3,
                "end_column": 7,
                "rule": "mojibake",
                "severity": "error",
                "message": "'Ã©' is UTF-8 misread as latin-1: replace with 'é'",
                "character": None,
                "fix": None,
            },
            {
                "path": "book/ch2.md",
                "line": 12,
                "column": 1,
                "end_line": 12,
                "end_column": 14,
                "rule": "name-repetition",
                "severity": "warning",
                "message": "'Ella Romanova' again (5 of 6 mentions use the full name): use 'Ella' or a pronoun",
                "character": "Ella Romanova",
                "fix": None,
            },
        ],
    }


def test_json_without_findings_is_still_a_document():
    assert json.loads(json_format.render([])) == {"version": 1, "findings": []}


def test_json_keeps_non_ascii_readable_and_ends_with_a_newline():
    rendered = json_format.render([finding()])
    assert "'Ã©'" in rendered and "'é'" in rendered
    assert "\\u" not in rendered
    assert rendered.endswith("}\n")


def test_json_escapes_what_json_must_escape():
    tricky = finding(path='a "quoted"\\name.txt', message="line one\nline two\ttabbed")
    decoded = json.loads(json_format.render([tricky]))["findings"][0]
    assert decoded["path"] == 'a "quoted"\\name.txt'
    assert decoded["message"] == "line one\nline two\ttabbed"


# github


def test_github_annotation_carries_level_position_and_title():
    assert github.render([finding()]) == (
        "::error file=book/ch1.txt,line=3,col=5,endLine=3,endColumn=7,title=mojibake::"
        "'Ã©' is UTF-8 misread as latin-1: replace with 'é'\n"
    )


@pytest.mark.parametrize(
    "severity, level", [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
)
def test_github_levels_follow_severity(severity, level):
    assert github.render([finding(severity=severity)]).startswith(f"::{level} file=")


def test_github_message_escapes_percent_and_line_breaks():
    rendered = github.render([finding(message="100% sure\r\nsecond line: a, b")])
    # Colons and commas are only special in properties, not in the message.
    assert rendered.endswith("::100%25 sure%0D%0Asecond line: a, b\n")
    assert rendered.count("\n") == 1


def test_github_properties_escape_colon_and_comma_too():
    rendered = github.render([finding(path="C:/drafts/one, two%.txt", rule="house:rule,x")])
    assert rendered.startswith("::error file=C%3A/drafts/one%2C two%25.txt,line=3,")
    assert ",title=house%3Arule%2Cx::" in rendered


def test_github_percent_is_escaped_before_the_escapes_it_introduces():
    # An already escaped-looking "%0A" must survive as text, not turn into a newline.
    rendered = github.render([finding(message="literal %0A")])
    assert rendered.endswith("::literal %250A\n")


# Finding values


def test_findings_sort_by_path_then_position_then_rule():
    later_rule = finding(rule="zz")
    earlier_column = finding(column=4, end_column=5)
    next_line = finding(line=4, column=1)
    other_file = finding(path="book/ch0.txt", line=99)
    assert sorted([next_line, later_rule, finding(), earlier_column, other_file]) == [
        other_file,
        earlier_column,
        finding(),
        later_rule,
        next_line,
    ]


def test_severity_orders_and_prints_by_name():
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert Severity.names() == ["info", "warning", "error"]
    assert Severity.parse("warning") is Severity.WARNING
    assert str(Severity.ERROR) == "error"
