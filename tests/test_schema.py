"""`pmtasks schema`: every real and valid example plan file (plans/, tests/examples/valid/, examples/) passes the
schema with an independent validator (jsonschema), and every invalid example whose problem is a file's shape fails it."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, PLANS, ROOT, Runner
from jsonschema import Draft202012Validator

from pmtasks.plan.editor_schema import FIELD_WORDS, SCHEMAS
from pmtasks.plan.load import PLAN_FILE, is_plan_file


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server sees it: a date is text (JSON has no date type)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# Invalid examples whose problem is the shape of a file: an unknown or missing key, a wrong type,
# a value out of range or not in the list, a date that does not exist. (The YAML 1.1 cases are
# read here as PyYAML reads YAML 1.1: `no` is false and `0123` is 83, so the types are wrong.)
SCHEMA_PROBLEMS = {
    "date-does-not-exist",
    "empty-files",
    "every-problem-at-once",
    "line-keys-misplaced",
    "missing-key",
    "not-a-mapping",
    "plan-yaml-invalid",
    "progress-out-of-range",
    "status-unknown",
    "unknown-key",
    "values-as-written",
    "wrong-type",
    "yaml11-boolean",
    "yaml11-leading-zero",
    "money-and-kpis",
}
# Files that are not YAML an editor can read: the editor reports these itself.
UNREADABLE = {"control-character", "custom-tag", "not-utf8-gbk", "tab-indentation", "two-documents", "yaml-syntax"}
# The rest are problems across fields or files (cycles, duplicate IDs, dates out of order, period
# grammar, plan.yaml missing, anchors): only pmtasks itself can see them, so the schema lets them pass.

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def _validator(kind: str, cli: Runner) -> Draft202012Validator:
    result = cli("schema", kind)
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def validators(cli: Runner) -> dict[str, Draft202012Validator]:
    return {kind: _validator(kind, cli) for kind in SCHEMAS}


def _kind(path: Path) -> str:
    return "plan" if path.name == PLAN_FILE else "line"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_plan_file(p.name))


def _errors(path: Path, validators: dict[str, Draft202012Validator]) -> list[str]:
    data: Any = yaml.load(path.read_bytes(), Loader=EditorLoader)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validators[_kind(path)].iter_errors(data)]


VALID_FILES = _files(PLANS) + _files(EXAMPLES / "valid") + _files(ROOT / "examples" / "budget" / "plans")


@pytest.mark.parametrize("path", VALID_FILES, ids=[str(p.relative_to(ROOT)) for p in VALID_FILES])
def test_valid_plan_files_pass_the_schema(path: Path, validators: dict[str, Draft202012Validator]) -> None:
    assert _errors(path, validators) == []


def test_the_valid_files_cover_both_kinds_and_every_field() -> None:
    assert len(_files(PLANS)) == 5
    assert {_kind(p) for p in VALID_FILES} == {"plan", "line"}
    text = "".join(p.read_text(encoding="utf-8-sig") for p in VALID_FILES)
    missing = {name for fields in FIELD_WORDS.values() for name in fields if f"{name}:" not in text}
    assert missing == set()


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_examples_fail_the_schema_exactly_when_their_problem_is_a_files_shape(
    case: Path, validators: dict[str, Draft202012Validator]
) -> None:
    results = {}
    for path in _files(case):
        try:
            results[path.name] = _errors(path, validators)
        except (yaml.YAMLError, UnicodeDecodeError):
            results[path.name] = None
    if case.name in UNREADABLE:
        assert None in results.values()
    elif case.name in SCHEMA_PROBLEMS:
        assert any(results.values()), results
    else:
        assert all(errors == [] for errors in results.values()), results


def test_every_invalid_example_is_classified() -> None:
    names = {p.name for p in INVALID}
    assert names >= SCHEMA_PROBLEMS | UNREADABLE


def test_schema_names_the_unknown_key(validators: dict[str, Draft202012Validator]) -> None:
    errors = _errors(EXAMPLES / "invalid" / "unknown-key" / "01-line.yaml", validators)
    assert errors == ["['periods', 0, 'tasks', 0]: Additional properties are not allowed ('ownr' was unexpected)"]


def test_every_model_and_field_is_described_in_english_and_chinese(cli: Runner) -> None:
    for kind in SCHEMAS:
        schema = json.loads(cli("schema", kind).stdout)
        nodes = [schema, *schema.get("$defs", {}).values()]
        props = [p for n in nodes for p in n.get("properties", {}).values()]
        for node in nodes + props:
            english, chinese = node["description"].split("\n")
            assert english[:1].isascii(), english
            assert english[:1].isupper(), english
            assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), node["description"]
            assert "title" not in node or node is schema


def test_committed_schemas_are_up_to_date(cli: Runner) -> None:
    for kind in SCHEMAS:
        committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == cli("schema", kind).stdout, (
            f"regenerate: pmtasks schema {kind} > schemas/{kind}.schema.json"
        )


def test_unknown_kind_is_a_usage_error(cli: Runner) -> None:
    result = cli("schema", "ledgr")
    assert result.exit_code == 2
    assert "'ledgr' is not a kind of file; use plan or line" in result.stderr
