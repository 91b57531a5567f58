"""Each documented exit code, from a real invocation."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS, ROOT, Runner, run_subprocess


def test_0_success(cli: Runner) -> None:
    assert cli("status", "--plans", str(PLANS), "--as-of", "2026-11-23").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--format", "yaml"], "Invalid value for '--format' / '-f'"),
        (["status", "--as-of", "2026-13-01"], "'2026-13-01' is not a date; write YYYY-MM-DD"),
        (["list", "--status", "finished"], "'finished' is not a status"),
        (["list", "--due-within", "-3"], "Invalid value for '--due-within'"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["show"], "Missing argument 'ID'"),
        (["list", "--due-within", "999999999"], "Invalid value for '--due-within'"),
        (["timeline", "--to", "9999-12-31"], "Invalid value for '--to': '9999-12-31' is out of range"),
    ],
)
def test_2_usage_error(cli: Runner, args: list[str], message: str) -> None:
    result = cli(*args, "--plans", str(PLANS))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_2_bad_sort_key(cli: Runner) -> None:
    result = cli("list", "--plans", str(PLANS), "--sort", "colour")
    assert (result.exit_code, result.stderr) == (
        2,
        "pmtasks: cannot sort by 'colour'; choose one of plan, id, due, start, progress, status, line, owner\n",
    )


def test_2_bad_period_filter(cli: Runner) -> None:
    result = cli("list", "--plans", str(PLANS), "--period", "Q7")
    assert (result.exit_code, result.stderr) == (
        2,
        "pmtasks: --period 'Q7': quarter Q7 does not exist; quarters are Q1 to Q4; use a label from the plan or a form like Q2 or 3月\n",
    )


def test_2_unknown_line_or_track(cli: Runner) -> None:
    result = cli("list", "--plans", str(PLANS), "--line", "IX")
    assert (result.exit_code, result.stderr) == (
        2,
        "pmtasks: --line 'IX' is not in the plan; it has: IM 内部市场巩固, EC 代建业务深耕, EM 外部市场拓展, IN 创新赛道开拓\n",
    )
    result = cli("timeline", "--plans", str(PLANS), "--track", "城市更新")
    assert (result.exit_code, result.stderr) == (
        2,
        "pmtasks: --track '城市更新' is not in the plan; it has: 城市更新、适老化改造, 物业存量项目节能改造\n",
    )


def test_2_bad_environment_date(cli: Runner) -> None:
    result = cli("status", "--plans", str(PLANS), env={"PMTASKS_AS_OF": "tomorrow"})
    assert result.exit_code == 2
    assert "'tomorrow' is not a date" in result.stderr


def test_3_invalid_plan(cli: Runner) -> None:
    result = cli("list", "--plans", str(EXAMPLES / "invalid" / "unknown-key"))
    assert result.exit_code == 3
    assert "01-line.yaml:11:9: unknown key `ownr` in a task\n  hint: did you mean `owner`?\n" in result.stderr


def test_3_unknown_task(cli: Runner) -> None:
    assert cli("show", "NOPE-1", "--plans", str(PLANS)).exit_code == 3


def test_4_internal_error(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmtasks.query

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pmtasks.query, "dashboard", broken)
    result = cli("status", "--plans", str(PLANS))
    assert result.exit_code == 4
    assert result.stderr == (
        "pmtasks: internal error (RuntimeError: boom). This is a bug: please report it with the command "
        "you ran. Run again with --debug to see the traceback.\n"
    )


def test_130_interrupted(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmtasks.query

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pmtasks.query, "dashboard", interrupted)
    result = cli("status", "--plans", str(PLANS))
    assert (result.exit_code, result.stderr) == (130, "pmtasks: interrupted\n")


def test_real_process_exit_codes() -> None:
    assert run_subprocess("status", "--plans", str(PLANS), "--as-of", "2026-11-23").exit_code == 0
    assert run_subprocess("status", "--bogus").exit_code == 2
    assert run_subprocess("show", "X-1", "--plans", str(PLANS)).exit_code == 3


def test_a_real_process_flushes_everything_before_it_leaves(cli: Runner) -> None:
    """The process ends without tearing the interpreter down: its output must still be whole."""
    args = ("list", "--plans", str(PLANS), "--as-of", "2026-11-23", "--format", "json")
    real = run_subprocess(*args)
    assert real.exit_code == 0
    assert real.stdout == cli(*args).stdout
    assert real.stdout.endswith("}\n")
    failed = run_subprocess("show", "X-1", "--plans", str(PLANS))
    assert (failed.exit_code, failed.stdout) == (3, "")
    assert failed.stderr.startswith("pmtasks: ")


@pytest.mark.parametrize("reads", [0, 1])
def test_a_reader_that_stops_early_gets_no_traceback(reads: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMTASKS_")}
    env["COLUMNS"] = "100"
    args = ["list", "--plans", str(PLANS), "--as-of", "2026-11-23", "--format", "json"]
    with subprocess.Popen(
        [sys.executable, "-m", "pmtasks", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        for _ in range(reads):
            proc.stdout.readline()
        proc.stdout.close()  # like `| head -1`, before or after the output starts
        err = proc.stderr.read()
    assert (proc.returncode, err) == (0, b"")


def test_version_imports_no_typer_rich_or_pydantic() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pmtasks", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    from pmtasks import __version__

    assert proc.stdout == f"pmtasks {__version__}\n"
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert not imported & {"typer", "rich", "pydantic", "click", "yaml"}


# What a command's output format does not need: text is written without the JSON or CSV modules.
NOT_NEEDED = {
    "status": set(),
    "check": {"json", "csv", "pmtasks.render.data"},
    "list": {"json", "csv", "pmtasks.render.data"},
    "list --format json": {"json", "csv"},  # only the C string escaping of the json package's accelerator
}


@pytest.mark.parametrize("command", [c.split() for c in NOT_NEEDED], ids=" ".join)
def test_a_warm_read_imports_no_parser_schema_or_pydantic(command: list[str], tmp_path: Path) -> None:
    """From the cache, a read needs neither YAML nor the schemas, and typer converts no option with pydantic;
    nor does it import what its output format does not need."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMTASKS_")}
    env.update(PMTASKS_CACHE_DIR=str(tmp_path / "cache"), COLUMNS="100")
    args = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "pmtasks",
        *command,
        "--plans",
        str(PLANS),
        "--as-of",
        "2026-11-23",
    ]
    runs = [subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env) for _ in range(2)]
    assert [r.returncode for r in runs] in ([0, 0], [1, 1])
    cold, warm = ({line.split("|")[-1].strip() for line in r.stderr.splitlines() if "|" in line} for r in runs)
    heavy = {"yaml", "pydantic", "pmtasks.plan.schema", "pmtasks.plan.yamlread", "pmtasks.ledger.schema"}
    assert heavy - {"pmtasks.ledger.schema"} <= cold  # the first run parsed the files
    assert not warm & (heavy | {"typer._adapters", "pmtasks.usecases.report", "pmtasks.write"})
    assert not warm & NOT_NEEDED[" ".join(command)]
    assert {"typer", "pmtasks.plan.model"} <= warm


# Commands that read no plan (they print a schema, or make a plan from a table) take no --plans or --as-of.
PLANLESS = {"schema", "import"}


def test_help_of_every_command_has_an_example(cli: Runner) -> None:
    from pmtasks.cli.commands import COMMANDS

    names = list(COMMANDS)
    assert {"status", "list", "show"} <= set(names)
    for name in names:
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Examples:" in result.stdout, name
        if name not in PLANLESS:
            assert "--plans" in result.stdout, name
            assert "--as-of" in result.stdout, name


def test_4_with_debug_shows_the_traceback(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmtasks.query

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pmtasks.query, "dashboard", broken)
    result = cli("--debug", "status", "--plans", str(PLANS))
    assert result.exit_code == 4
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("Run again with --debug to see the traceback.\n")
    assert "Traceback" not in cli("status", "--plans", str(PLANS)).stderr


def test_3_unreadable_file_is_not_a_bug(cli: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pmtasks.plan.load

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "plan.yaml"))

    monkeypatch.setattr(pmtasks.plan.load, "load_plan", denied)
    result = cli("status", "--plans", str(PLANS))
    assert (result.exit_code, result.stderr) == (
        3,
        f"pmtasks: cannot use {tmp_path}/plan.yaml: Permission denied; "
        "check that it exists and that you may read and write it\n",
    )


def test_a_gbk_console_gets_output_not_a_crash() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMTASKS_")}
    env.update(PYTHONIOENCODING="gbk", COLUMNS="100")
    base = [sys.executable, "-m", "pmtasks"]
    status = subprocess.run(
        [*base, "status", "--plans", str(PLANS), "--as-of", "2026-11-23"], env=env, capture_output=True, check=False
    )
    assert (status.returncode, status.stderr) == (0, b"")
    assert "内部市场巩固".encode("gbk") in status.stdout  # what GBK can show, it shows
    csv_out = subprocess.run(
        [*base, "list", "--plans", str(PLANS), "--format", "csv"], env=env, capture_output=True, check=False
    )
    assert csv_out.returncode == 0
    assert csv_out.stdout.startswith("\ufeffid,line,".encode())  # data stays UTF-8
    assert "内部市场巩固".encode() in csv_out.stdout


def test_the_window_error_says_which_options_to_swap(cli: Runner) -> None:
    result = cli("timeline", "--plans", str(PLANS), "--from", "2026-07-01", "--to", "2026-06-01")
    assert (result.exit_code, result.stderr) == (
        2,
        "pmtasks: the window ends (2026-06-01) before it starts (2026-07-01); give --from before --to\n",
    )
