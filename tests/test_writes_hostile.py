"""The write path under hostile conditions: a full disk, a stale temporary file, an editor's save,
odd line ends and values that other YAML readers take as numbers."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import pytest
import yaml
from conftest import Runner
from hostile import TASK, small_plan

import pmtasks.write.store
from pmtasks.write.store import TEMP_SUFFIX, WriteFailed, lock_path, replace_files
from pmtasks.write.yamledit import TaskEdit, apply_edits, scalar

AS_OF = "2026-03-01"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_a_full_disk_leaves_no_temporary_file(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = small_plan(tmp_path)
    before = (folder / "01-x.yaml").read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pmtasks.write.store.os, "fsync", full)
    result = cli("note", "X-1", "x", "--plans", str(folder), "--as-of", AS_OF)
    assert result.exit_code == 3
    assert "No space left on device; nothing was changed" in result.stderr
    assert (folder / "01-x.yaml").read_bytes() == before
    assert leftovers(folder) == []


def test_a_stale_temporary_file_of_another_file_is_removed(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path)
    (folder / "02-y.yaml").write_text(
        TASK.replace("X-1", "Y-1").replace("code: X", "code: Y").replace("line: L", "line: M"), encoding="utf-8"
    )
    (folder / f".02-y.yaml.999999{TEMP_SUFFIX}").write_text("half", encoding="utf-8")
    assert cli("note", "X-1", "x", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    assert leftovers(folder) == []


def test_the_temporary_file_of_a_writer_at_work_is_kept(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path)
    other = folder / "02-y.yaml"
    other.write_text(
        TASK.replace("X-1", "Y-1").replace("code: X", "code: Y").replace("line: L", "line: M"), encoding="utf-8"
    )
    busy = folder / f".02-y.yaml.999999{TEMP_SUFFIX}"
    busy.write_text("half", encoding="utf-8")
    fd = os.open(lock_path(other), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another writer holds 02-y.yaml
        assert cli("note", "X-1", "x", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    finally:
        os.close(fd)
    assert leftovers(folder) == [busy.name]


def test_a_save_between_the_check_and_the_rename_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_bytes(b"a: 1\n")
    second.write_bytes(b"b: 1\n")
    real_replace = os.replace

    def editor_saves_b(src: str, dst: str) -> None:
        real_replace(src, dst)
        if Path(dst).name == "a.yaml":
            second.write_bytes(b"b: saved by an editor\n")

    monkeypatch.setattr(pmtasks.write.store.os, "replace", editor_saves_b)
    with pytest.raises(WriteFailed, match=r"b.yaml changed on disk .*; already written: .*a.yaml"):
        replace_files([(first, b"a: 1\n", b"a: 2\n"), (second, b"b: 1\n", b"b: 2\n")])
    assert second.read_bytes() == b"b: saved by an editor\n"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("value", ["1e3", "1E+3", "0o17", ".5", "1_000", "-2.5e-3", "+.inf"])
def test_a_value_other_readers_take_as_a_number_is_quoted(value: str) -> None:
    written = scalar(value)
    assert written.startswith('"')
    assert yaml.safe_load(f"k: {written}") == {"k": value}


def test_cr_only_line_ends_stay_cr_only() -> None:
    text = TASK.replace("\n", "\r")
    edited = apply_edits(
        text, [TaskEdit("X-1", (("status", "done"), ("progress", 100)), (("date", "2026-03-01"), ("note", "n")))]
    )
    assert "\n" not in edited
    data = yaml.safe_load(edited)
    task = data["periods"][0]["tasks"][0]
    assert (task["status"], task["progress"], task["log"][0]["note"]) == ("done", 100, "n")
    assert edited.startswith(text[: text.index("        title: t\r") + len("        title: t\r")])


@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200d\ufeff", " \u2060 "])
def test_a_note_of_zero_width_characters_is_refused(cli: Runner, tmp_path: Path, text: str) -> None:
    folder = small_plan(tmp_path)
    before = (folder / "01-x.yaml").read_bytes()
    result = cli("note", "X-1", text, "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (2, "pmtasks: the note is empty; give some text\n")
    assert (folder / "01-x.yaml").read_bytes() == before
