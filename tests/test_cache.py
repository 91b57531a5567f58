"""The cache of validated plan files is never stale and never harmful."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, PLANS, Runner, git, parses, run_subprocess, says_poisoned
from conftest import cache_entries as entries

import pmtasks
from pmtasks.errors import Problem
from pmtasks.plan.build import FileResult
from pmtasks.plan.cache import ENTRY_SUFFIX, SMALL, FileCache, _hash, blob_id, git_dir, prune
from pmtasks.plan.load import load_plan

AS_OF = "2026-06-30"
TITLE = "完成西南公司"  # IM-1's title starts with these characters


def poison(folder: Path) -> int:
    """Replace every entry with a valid one that says something false; return how many."""
    cache = FileCache(folder)
    lie = FileResult((Problem("lie.yaml", 1, 1, "read from a poisoned cache entry"),))
    found = entries(folder)
    for entry in found:
        cache.put(entry.name.removesuffix(ENTRY_SUFFIX), lie)
    return len(found)


def uses_cache(plans: Path, folder: Path) -> None:
    """Proof that loads of ``plans`` read ``folder``: a poisoned entry shows up in the result."""
    assert poison(folder) > 0
    assert poisoned(plans)


def poisoned(plans: Path) -> bool:
    return says_poisoned(lambda: load_plan(plans))


def test_the_poison_check_works(plan_copy: Path, cached: Path) -> None:
    load_plan(plan_copy)
    assert len(entries(cached)) == 5  # plan.yaml and four line files
    uses_cache(plan_copy, cached)


def test_an_edit_that_keeps_size_and_mtime_is_seen(plan_copy: Path, cached: Path) -> None:
    path = plan_copy / "2026" / "01-internal-market.yaml"
    assert load_plan(plan_copy).find("IM-1").title.startswith(TITLE)  # type: ignore[union-attr]
    before = path.stat()
    data = path.read_bytes()
    edited = data.replace(TITLE.encode(), "完成东北公司".encode(), 1)
    assert edited != data
    assert len(edited) == len(data)
    path.write_bytes(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert load_plan(plan_copy).find("IM-1").title.startswith("完成东北公司")  # type: ignore[union-attr]


def test_two_files_swapped_keep_their_own_paths(plan_copy: Path, cached: Path, cli: Runner) -> None:
    a, b = plan_copy / "2026" / "01-internal-market.yaml", plan_copy / "2026" / "04-innovation.yaml"
    cli("list", "--plans", str(plan_copy), "--as-of", AS_OF)
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    warm = cli("show", "IM-1", "--plans", str(plan_copy), "--as-of", AS_OF, "--format", "json")
    cold = cli(
        "show", "IM-1", "--plans", str(plan_copy), "--as-of", AS_OF, "--format", "json", env={"PMTASKS_NO_CACHE": "1"}
    )
    assert warm.stdout == cold.stdout
    assert "04-innovation.yaml" in warm.stdout


def test_a_version_bump_never_reads_older_entries(
    plan_copy: Path, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_plan(plan_copy)
    assert poison(cached) == 5
    assert poisoned(plan_copy)
    monkeypatch.setattr(pmtasks, "__version__", "99.0.0")
    assert load_plan(plan_copy).find("IM-1") is not None


def two_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str) -> Path:
    """A repository with the real plan committed, then ``old`` replaced by ``new`` in one file."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("PMTASKS_CACHE_DIR", raising=False)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(PLANS, repo / "plans")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    path = repo / "plans" / "2026" / name
    path.write_bytes(path.read_bytes().replace(old.encode(), new.encode(), 1))
    git(repo, "commit", "-q", "-am", "change")
    return repo


def test_a_checkout_of_another_revision_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Runner) -> None:
    repo = two_revisions(tmp_path, monkeypatch, "01-internal-market.yaml", TITLE, "改过的标题")
    args = ("show", "IM-1", "--format", "json", "--as-of", AS_OF)
    assert "改过的标题" in cli(*args, cwd=repo).stdout
    assert entries(repo / ".git" / "pmtasks" / "cache"), "inside a repository the cache lives in .git"
    git(repo, "checkout", "-q", "HEAD~1")
    shown = cli(*args, cwd=repo).stdout
    assert TITLE in shown
    assert "改过的标题" not in shown
    assert git(repo, "status", "--porcelain") == ""  # nothing to commit, nothing untracked


def test_a_linked_work_tree_finds_its_git_dir(tmp_path: Path) -> None:
    (tmp_path / "main" / ".git").mkdir(parents=True)
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / ".git").write_text("gitdir: ../main/.git/worktrees/linked\n", encoding="utf-8")
    assert git_dir(tmp_path / "linked" / "plans") == (tmp_path / "main" / ".git" / "worktrees" / "linked")
    assert git_dir(tmp_path / "main") == tmp_path / "main" / ".git"


@pytest.mark.parametrize("damage", ["corrupt", "truncated", "empty", "foreign"])
def test_a_damaged_entry_is_ignored_and_rebuilt(plan_copy: Path, cached: Path, damage: str) -> None:
    expected = load_plan(plan_copy)
    for entry in entries(cached):
        data = entry.read_bytes()
        if damage == "corrupt":
            middle = len(data) // 2
            entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
        elif damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            entry.write_bytes(b"")
        else:  # written by an older format
            entry.write_bytes(b"pmtasks-cache-0\n" + data[16:])
    assert load_plan(plan_copy) == expected
    cache = FileCache(cached)
    assert all(isinstance(cache.get(e.name.removesuffix(ENTRY_SUFFIX)), FileResult) for e in entries(cached))


def test_an_entry_for_another_key_is_ignored(plan_copy: Path, cached: Path) -> None:
    expected = load_plan(plan_copy)
    found = entries(cached)
    data = [e.read_bytes() for e in found]
    for entry, other in zip(found, data[1:] + data[:1], strict=True):
        entry.write_bytes(other)  # every entry now holds another file's result
    assert load_plan(plan_copy) == expected


def test_a_cache_folder_that_cannot_be_written_turns_caching_off(
    plan_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Runner
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PMTASKS_CACHE_DIR", str(blocker / "cache"))
    result = cli("status", "--plans", str(plan_copy), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert (
        result.stdout
        == cli("status", "--plans", str(plan_copy), "--as-of", AS_OF, env={"PMTASKS_NO_CACHE": "1"}).stdout
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_turns_caching_off(plan_copy: Path, cached: Path, cli: Runner) -> None:
    cached.mkdir()
    cached.chmod(0o500)
    try:
        result = cli("status", "--plans", str(plan_copy), "--as-of", AS_OF)
        assert result.exit_code == 0
        assert result.stderr == ""
        assert entries(cached) == []
    finally:
        cached.chmod(0o700)


def test_no_cache_setting_writes_nothing(plan_copy: Path, cached: Path, cli: Runner) -> None:
    cli("status", "--plans", str(plan_copy), "--as-of", AS_OF, env={"PMTASKS_NO_CACHE": "1"})
    assert not cached.exists()


def test_twenty_processes_filling_the_cache_at_once(plan_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shared-cache"
    args = [sys.executable, "-m", "pmtasks", "list", "--format", "json", "--plans", str(plan_copy), "--as-of", AS_OF]
    plain = run_subprocess(*args[3:], env={"PMTASKS_NO_CACHE": "1"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMTASKS_")}
    env["PMTASKS_CACHE_DIR"] = str(folder)
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(20)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert (code, err.decode()) == (0, "")
        assert out.decode() == plain.stdout
    assert len(entries(folder)) == 5
    assert not [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(ENTRY_SUFFIX)]
    cache = FileCache(folder)
    assert all(isinstance(cache.get(e.name.removesuffix(ENTRY_SUFFIX)), FileResult) for e in entries(folder))


def test_pruning_keeps_the_folder_bounded(tmp_path: Path) -> None:
    cache = FileCache(tmp_path, stamp="test")
    for n in range(40):
        key = cache.key("line", 2026, f"f{n}.yaml", blob_id(str(n).encode()))
        cache.put(key, FileResult())
        os.utime(cache._entry(key), (1_000_000 + n, 1_000_000 + n))
    sizes = [e.stat().st_size for e in entries(tmp_path)]
    limit = sum(sizes) // 2
    removed = prune(tmp_path, limit)
    left = entries(tmp_path)
    assert sum(e.stat().st_size for e in left) <= limit * 0.75
    assert removed == 40 - len(left)
    assert removed > 0
    newest = {cache.key("line", 2026, f"f{n}.yaml", blob_id(str(n).encode())) for n in range(40 - len(left), 40)}
    assert {e.name.removesuffix(ENTRY_SUFFIX) for e in left} == newest  # the oldest went first
    assert prune(tmp_path, limit) == 0


def test_blob_id_is_gits(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("标题: 值\n".encode())
    out = subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True, check=True)
    assert blob_id(path.read_bytes()) == out.stdout.strip()


COMMANDS = [
    ("status",),
    ("status", "--format", "json"),
    ("list",),
    ("list", "--overdue", "--format", "csv"),
    ("list", "--search", "市场", "--format", "json"),
    ("list", "--search", "im-1", "--status", "todo"),
    ("timeline", "--search", "市场"),
    ("show", "IM-1"),
    ("timeline",),
    ("check",),
    ("check", "--format", "json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_output_is_the_same_with_and_without_the_cache(
    args: tuple[str, ...], plan_copy: Path, cached: Path, cli: Runner
) -> None:
    full = (*args, "--plans", str(plan_copy), "--as-of", AS_OF)
    off = cli(*full, env={"PMTASKS_NO_CACHE": "1"})
    cold = cli(*full, env={"PMTASKS_NO_CACHE": "0"})
    warm = cli(*full)
    assert entries(cached)
    assert (off.exit_code, off.stdout, off.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert (off.exit_code, off.stdout, off.stderr) == (warm.exit_code, warm.stdout, warm.stderr)


INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_problems_are_the_same_with_and_without_the_cache(case: Path, cached: Path, cli: Runner) -> None:
    args = ("check", "--plans", str(case / "plans"), "--as-of", AS_OF)
    off = cli(*args, env={"PMTASKS_NO_CACHE": "1"})
    cold = cli(*args, env={"PMTASKS_NO_CACHE": ""})
    warm = cli(*args)
    assert (off.exit_code, off.stdout, off.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert (off.exit_code, off.stdout, off.stderr) == (warm.exit_code, warm.stdout, warm.stderr)


def test_unchanged_files_at_two_revisions_are_read_from_git_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmtasks.git.repo import Repo, Side
    from pmtasks.git.revisions import plan_at

    repo = two_revisions(tmp_path, monkeypatch, "04-innovation.yaml", "progress: 0", "progress: 10")
    read: list[str] = []
    original = Repo._cat

    def counting(self: Repo, names: list[str]) -> list[bytes]:
        read.extend(names)
        return original(self, names)

    monkeypatch.setattr(Repo, "_cat", counting)
    git_repo = Repo(repo)
    old, _ = plan_at(git_repo, Side("HEAD~1", git_repo.commit("HEAD~1")), "plans")
    assert len(read) == 5
    new, _ = plan_at(git_repo, Side("HEAD", git_repo.commit("HEAD")), "plans")
    assert len(read) == 6  # only the changed file was read again
    assert old is not None
    assert new is not None
    changed = [t.id for t in new.tasks if t != old.find(t.id)]
    assert len(changed) == 1


def files_parsed_after(setting: str, plans: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Start ``warm`` (the plan loaded once, so cached) or ``off`` (no cache); then record every file parsed whole."""
    from pmtasks.plan import build

    if setting == "warm":
        load_plan(plans)
    else:
        monkeypatch.setenv("PMTASKS_NO_CACHE", "1")
    return parses(monkeypatch, build, "file_result")


def first_load(setting: str) -> list[str]:
    """The files a write parses whole to decide, before its edit: none when they are cached.

    Without a cache, plan.yaml is read once more, first, to learn the language to speak.
    """
    files = [
        "01-internal-market.yaml",
        "02-entrusted-construction.yaml",
        "03-external-market.yaml",
        "04-innovation.yaml",
    ]
    return [] if setting == "warm" else ["plan.yaml", "plan.yaml", *files]


@pytest.mark.parametrize("setting", ["warm", "off"])
def test_a_write_parses_only_the_edited_file(
    setting: str, plan_copy: Path, cached: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmtasks.plan import items

    parsed = files_parsed_after(setting, plan_copy, monkeypatch)
    items_read: list[str] = []
    original_item = items._item

    def counting_items(chunk: Any, *args: Any) -> Any:
        items_read.append(chunk.item.decode().split("\n", 1)[0])
        return original_item(chunk, *args)

    monkeypatch.setattr(items, "_item", counting_items)
    result = cli("done", "IM-1", "--plans", str(plan_copy), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert parsed == first_load(setting)  # the edited file is not parsed whole to verify the edit:
    assert items_read == ["id: IM-1"]  # only the task item the edit changed is
    task = load_plan(plan_copy).find("IM-1")
    assert task is not None
    assert task.progress == 100


@pytest.mark.parametrize("setting", ["warm", "off"])
def test_a_plan_change_parses_each_file_at_most_once(
    setting: str, plan_copy: Path, cached: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reschedule (like add, drop, edit and move) decides, re-decides under the lock and verifies: one parse per file."""
    parsed = files_parsed_after(setting, plan_copy, monkeypatch)
    args = ("reschedule", "IM-4", "--due", "2026-12-15", "--reason", "业主图纸延迟", "--plans", str(plan_copy))
    result = cli(*args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert parsed == [*first_load(setting), "01-internal-market.yaml"]  # the edited file once more, to verify the edit
    task = load_plan(plan_copy).find("IM-4")
    assert task is not None
    assert str(task.due) == "2026-12-15"


@pytest.mark.parametrize("command", [["status"], ["list"], ["show", "IM-1"], ["timeline"], ["check"]], ids=" ".join)
def test_a_warm_command_imports_neither_yaml_nor_the_schema(plan_copy: Path, cached: Path, command: list[str]) -> None:
    """A read from the cache skips the parser, the schema and pydantic, whatever else the command imports."""
    heavy = ("yaml", "pydantic", "pmtasks.plan.yamlread", "pmtasks.plan.schema", "pmtasks.plan.validate")
    code = (
        "import sys; from pmtasks.cli import run; code = run(sys.argv[1:]); "
        f"sys.stderr.write(repr(sorted(m for m in {heavy!r} if m in sys.modules))); sys.exit(code)"
    )
    args = [*command, "--plans", str(plan_copy), "--as-of", AS_OF]
    runs = [subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True) for _ in range(2)]
    assert [r.returncode for r in runs] in ([0, 0], [1, 1]), runs[0].stderr
    assert eval(runs[0].stderr.strip().splitlines()[-1]) == sorted(heavy)  # cold: the files were parsed
    assert eval(runs[1].stderr.strip().splitlines()[-1]) == []  # warm: none of it


def test_a_cached_task_keeps_every_field_though_defaults_are_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses
    import pickle

    from pmtasks.plan.model import LogEntry, Task

    monkeypatch.setenv("PMTASKS_NO_CACHE", "1")
    plan = load_plan(PLANS)
    tasks = list(plan.tasks)
    back = pickle.loads(pickle.dumps(tasks, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == tasks
    for before, after in zip(tasks, back, strict=True):
        for f in dataclasses.fields(Task):
            assert getattr(after, f.name) == getattr(before, f.name)
        for old, new in zip(before.log, after.log, strict=True):
            assert all(getattr(new, f.name) == getattr(old, f.name) for f in dataclasses.fields(LogEntry))
    stored = pickle.dumps(tasks[0], protocol=pickle.HIGHEST_PROTOCOL)
    assert (b"explicit_start" in stored) == tasks[0].explicit_start  # kept only when it is not the default
    assert (b"budget" in stored) == (tasks[0].budget is not None)
    assert any(t.budget is None for t in tasks)  # the plan has tasks whose defaults are left out


@pytest.mark.parametrize("size", [0, 1, 4096, SMALL - 1, SMALL, SMALL + 1, 3 * SMALL])
def test_small_and_large_inputs_hash_alike(size: int) -> None:
    import hashlib

    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    assert blob_id(data) == hashlib.sha1(b"blob %d\0" % size + data).hexdigest()
    assert _hash("sha256", data[:7], data[7:]).digest() == hashlib.sha256(data).digest()


@pytest.mark.parametrize("command", [["status"], ["list"], ["show", "IM-1"], ["timeline"], ["check"]], ids=" ".join)
def test_a_warm_read_of_a_small_plan_loads_no_openssl(plan_copy: Path, cached: Path, command: list[str]) -> None:
    """The real plan's files and cache entries are hashed without loading OpenSSL (``_hashlib``)."""
    code = (
        "import sys; from pmtasks.cli import run; code = run(sys.argv[1:]); "
        "sys.stderr.write(repr('_hashlib' in sys.modules)); sys.exit(code)"
    )
    args = [*command, "--plans", str(plan_copy), "--as-of", AS_OF]
    runs = [subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True) for _ in range(2)]
    assert [r.returncode for r in runs] in ([0, 0], [1, 1]), runs[0].stderr
    assert entries(cached)
    assert runs[1].stderr.strip().splitlines()[-1] == "False"


def test_a_changed_catalogue_is_never_read_from_older_entries() -> None:
    """Cached results hold problems worded from the catalogue: a new catalogue is a new code stamp."""
    from pmtasks.plan.cache import code_stamp

    catalogue = Path(pmtasks.__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "pmtasks.po"
    before = catalogue.stat()
    stamp = code_stamp()
    try:
        os.utime(catalogue, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        assert code_stamp() != stamp
    finally:
        os.utime(catalogue, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert code_stamp() == stamp
