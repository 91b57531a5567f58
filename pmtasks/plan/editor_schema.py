"""The JSON Schema of each kind of plan file, for editors (yaml-language-server), made from the pydantic models.

Each field's description is written here in English and Chinese. A kind of file is one entry of
:data:`SCHEMAS`: its root model, the title editors show, and the descriptions of its models.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pmtasks.plan.periods import FORMS
from pmtasks.plan.schema import (
    CheckSpec,
    KpiSpec,
    LineFile,
    LogSpec,
    PeriodSpec,
    PlanFile,
    ReportSpec,
    RescheduleSpec,
    TaskSpec,
    WeightsSpec,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Words = tuple[str, str]  # (English, 中文)

MODEL_WORDS: dict[type[BaseModel], Words] = {
    PlanFile: ("The plan: plans/<year>/plan.yaml.", "计划总表：plans/<年份>/plan.yaml。"),
    CheckSpec: (
        "Policy for `pmtasks check`; command-line options win.",
        "`pmtasks check` 的检查策略；命令行选项优先。",
    ),
    LineFile: (
        "One business line (核心业务板块): a file beside plan.yaml.",
        "一个核心业务板块：plan.yaml 旁的一个文件。",
    ),
    PeriodSpec: (
        "A period (完成时限) of the line, with its goal, resources and tasks.",
        "业务板块的一个完成时限，含任务目标、所需资源和具体任务。",
    ),
    TaskSpec: ("A task (具体任务). Its ID never changes once given.", "一项具体任务。编号一经给出永不改变。"),
    LogSpec: ("One entry of a task's history; pmtasks appends them.", "任务的一条记录；由 pmtasks 追加。"),
    KpiSpec: ("A measurable target (KPI): name, target, unit, actual.", "量化指标：名称、目标值、单位、实际值。"),
    ReportSpec: (
        "Settings of the governance reports: colours, red/black list, force majeure.",
        "治理报告设置：三色预警、红黑榜、不可抗力。",
    ),
    WeightsSpec: ("Weights of the red/black list score, in %.", "红黑榜得分权重（%）。"),
    RescheduleSpec: (
        "Policy for moving a task's dates: is a reason required, how many moves are fine.",
        "调整任务日期的规则：是否须说明原因，允许调整几次。",
    ),
}

FIELD_WORDS: dict[type[BaseModel], dict[str, Words]] = {
    PlanFile: {
        "title": ("The plan's title, shown by `status`.", "计划标题，`status` 显示。"),
        "year": (
            "The year the periods are resolved against (1-3月 means January to March of it).",
            "完成时限所在年份（1-3月 即该年1月至3月）。",
        ),
        "org": ("The department that owns the plan.", "计划所属部门。"),
        "timezone": (
            "IANA time zone that decides what 'today' is. Default Asia/Shanghai.",
            "判断“今天”所用的时区（IANA 名称），默认 Asia/Shanghai。",
        ),
        "currency": ("The currency amounts are counted in. Default 元.", "金额所用币种，默认 元。"),
        "kpis": ("The plan's own KPIs.", "全计划的量化指标。"),
        "check": ("Policy for `pmtasks check`.", "`pmtasks check` 的检查策略。"),
        "report": ("Settings of `pmtasks report`.", "`pmtasks report` 的设置。"),
        "lang": (
            "The language pmtasks speaks for this plan: en or zh-CN (--lang and PMTASKS_LANG win).",
            "pmtasks 对本计划使用的界面语言：en 或 zh-CN（--lang 与 PMTASKS_LANG 优先）。",
        ),
        "reschedule": ("Policy for moving a task's dates.", "调整任务日期的规则。"),
    },
    RescheduleSpec: {
        "reason": (
            "Required (the default) or optional: must a reschedule say why?",
            "required（默认）或 optional：调整计划是否须说明原因。",
        ),
        "max": (
            "How many reschedules a task may have before `check` warns (PMT008).",
            "任务最多可调整几次，超过则 `check` 警告（PMT008）。",
        ),
    },
    ReportSpec: {
        "yellow": (
            "Percentage points behind pace (序时进度) that make a task yellow. Default 10.",
            "落后序时进度多少个百分点为黄色，默认 10。",
        ),
        "red": (
            "Percentage points behind pace that make a task red (overdue is red too). Default 30.",
            "落后序时进度多少个百分点为红色（逾期亦为红色），默认 30。",
        ),
        "memory_months": (
            "Months a task that lagged stays yellow after catching up (Ouhai's rule). Default 1.",
            "落后任务赶上后仍保持黄色的月数（瓯海做法），默认 1。",
        ),
        "top": ("How many units the red list names. Default 3.", "红榜列出的单位数，默认 3。"),
        "bottom": ("How many units the black list names. Default 3.", "黑榜列出的单位数，默认 3。"),
        "weights": ("Weights of the score.", "得分权重。"),
        "force_majeure": (
            "Words in a log note that exempt a miss from the black list. Default 不可抗力.",
            "日志备注中可免于上黑榜的词语，默认“不可抗力”。",
        ),
    },
    WeightsSpec: {
        "on_time": ("Weight of the on-time rate, %. Default 60.", "按期完成率权重（%），默认 60。"),
        "pace": ("Weight of progress against pace, %. Default 40.", "进度对序时进度的权重（%），默认 40。"),
    },
    CheckSpec: {
        "deadlines": (
            'How missed deadlines count: error, warn or "off" (quote off).',
            '逾期按何种级别报告：error、warn 或 "off"（off 须加引号）。',
        ),
        "fail_on": (
            "The lowest level that fails the check: error or warning.",
            "导致检查失败的最低级别：error 或 warning。",
        ),
        "warn_days": ("A task due within this many days is due soon. Default 14.", "截止前多少天内算临期，默认 14。"),
        "at_risk_threshold": (
            "Percentage points behind schedule that make a started task at risk. Default 20.",
            "已开始任务落后序时进度多少个百分点算有风险，默认 20。",
        ),
        "burn_threshold": (
            "Percentage points by which spending may run ahead of progress before it is reported.",
            "支出比例超前于进度多少个百分点时报告。",
        ),
        "kpi_threshold": (
            "Percentage points by which a KPI may fall behind its pace before it is reported.",
            "指标完成比例落后序时进度多少个百分点时报告。",
        ),
        "effort_threshold": (
            "Percent of its planned person-days a task may use beyond its plan before it is reported.",
            "任务实际人天超出计划人天多少百分比时报告。",
        ),
        "verify_days": (
            "Days a decision or rectification item may stay done before someone verifies it. Default 14.",
            "决议或整改事项完成后多少天内须由他人验收销号，默认 14。",
        ),
    },
    LineFile: {
        "line": ("The business line's name (核心业务板块).", "核心业务板块名称。"),
        "code": (
            "A short code: --line accepts it, and it suggests the prefix of task IDs.",
            "简码：--line 可用，也是任务编号的建议前缀。",
        ),
        "periods": ("The line's periods, in order.", "该板块的各完成时限，按顺序排列。"),
    },
    PeriodSpec: {
        "period": (f"When the period runs (完成时限), e.g. {FORMS}.", f"完成时限，例如 {FORMS}。"),
        "track": ("Optional: a workstream inside the line.", "可选：板块内的赛道（工作方向）。"),
        "goal": ("What the period should achieve (任务目标).", "该时限的任务目标。"),
        "kpis": ("The period's KPIs.", "该时限的量化指标。"),
        "resources": ("What the period needs (所需资源), one item each.", "所需资源，每项一条。"),
        "tasks": ("The period's tasks.", "该时限的具体任务。"),
    },
    TaskSpec: {
        "id": (
            "Unique across the plan in any case: a letter or digit, then letters, digits, - _ . (at most 64).",
            "全计划唯一（不分大小写）：字母或数字开头，其后为字母、数字、- _ .（最多 64 个字符）。",
        ),
        "title": ("What is to be done.", "任务内容。"),
        "owner": ("A person or a team.", "负责人或负责团队。"),
        "status": (
            "One of todo (default), doing, done, blocked, dropped. A done task has progress 100.",
            "状态：todo（默认）、doing、done、blocked、dropped。done 的进度须为 100。",
        ),
        "progress": ("A whole number from 0 to 100. Default 0.", "进度，0 到 100 的整数，默认 0。"),
        "start": ("Start date, YYYY-MM-DD. Default: the period's first day.", "开始日期 YYYY-MM-DD，默认为时限首日。"),
        "due": (
            "Due date, YYYY-MM-DD, not before start. Default: the period's last day.",
            "截止日期 YYYY-MM-DD，不早于开始日期，默认为时限末日。",
        ),
        "depends": ("IDs of the tasks this one waits for.", "本任务所依赖任务的编号。"),
        "tags": ("Words to find the task by.", "标签。"),
        "notes": ("Free text.", "备注。"),
        "budget": (
            "Money planned for the task, an amount as people write it: 50万, 12.5万元, 80,000.",
            "任务预算金额，如 50万、12.5万元、80,000。",
        ),
        "spent": (
            "Money spent on the task so far, an amount as people write it: 50万, 12.5万元, 80,000.",
            "任务已支出金额，如 30万。",
        ),
        "effort": ("Person-days planned for the task.", "计划人天。"),
        "effort_actual": ("Person-days used so far.", "已用人天。"),
        "log": (
            "The task's history; pmtasks appends to it when progress is marked.",
            "任务记录；标记进度时由 pmtasks 追加。",
        ),
    },
    LogSpec: {
        "date": ("The entry's date, YYYY-MM-DD.", "记录日期 YYYY-MM-DD。"),
        "status": ("The status set on that date.", "当日设定的状态。"),
        "progress": ("The progress reported on that date, 0 to 100.", "当日报告的进度，0 到 100。"),
        "owner": ("The owner set on that date.", "当日设定的负责人。"),
        "note": ("What happened.", "情况说明。"),
        "author": ("Who wrote the entry.", "记录人。"),
        "spent": (
            "Money spent that day, an amount as people write it: 50万, 12.5万元, 80,000.",
            "当日支出金额，如 3万。",
        ),
        "effort": ("Person-days used that day.", "当日所用人天。"),
        "start": (
            "A reschedule of the start: [old date, new date].",
            "开始日期的调整：[原日期, 新日期]。",
        ),
        "due": ("A reschedule of the due date: [old date, new date].", "截止日期的调整：[原日期, 新日期]。"),
    },
    KpiSpec: {
        "name": ("What is measured.", "指标名称。"),
        "target": ("The number to reach, not negative.", "目标值，不为负数。"),
        "unit": ("A short unit word: 家, 份, %, 万元, 天.", "单位，如 家、份、%、万元、天。"),
        "actual": ("The number reached so far.", "当前实际值。"),
        "direction": (
            "Which way is better: up (more, the default) or down (less).",
            "up（越大越好，默认）或 down（越小越好）。",
        ),
    },
}


# Where a validator accepts less than pydantic's generated schema says, the editor is told so.
TIGHTER: dict[tuple[type[BaseModel], str], dict[str, Any]] = {
    (KpiSpec, "target"): {"type": "number", "minimum": 0},
    (KpiSpec, "actual"): {"anyOf": [{"type": "number", "minimum": 0}, {"type": "null"}], "default": None},
}


@dataclass(frozen=True)
class FileKind:
    """One kind of file pmtasks reads, as editors should see it."""

    model: type[BaseModel]
    title: str


SCHEMAS: dict[str, FileKind] = {
    "plan": FileKind(PlanFile, "pmtasks plan.yaml"),
    "line": FileKind(LineFile, "pmtasks business-line file"),
}


def _describe(node: dict[str, Any], words: Words) -> None:
    node["description"] = f"{words[0]}\n{words[1]}"


def _annotate(schema: dict[str, Any], root: type[BaseModel], names: Mapping[str, type[BaseModel]]) -> None:
    """Replace pydantic's generated titles with the descriptions above, for each model in the schema."""
    parts = [(schema, root), *((schema["$defs"][n], m) for n, m in names.items() if n in schema.get("$defs", {}))]
    for node, model in parts:
        node.pop("title", None)
        _describe(node, MODEL_WORDS[model])
        for name, prop in node.get("properties", {}).items():
            if (model, name) in TIGHTER:
                prop.clear()
                prop.update(TIGHTER[model, name])
            prop.pop("title", None)
            _describe(prop, FIELD_WORDS[model][name])


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``kind`` of file: a key of :data:`SCHEMAS`."""
    spec = SCHEMAS[kind]
    schema = spec.model.model_json_schema()
    _annotate(schema, spec.model, {m.__name__: m for m in MODEL_WORDS})
    return {"$schema": SCHEMA_DIALECT, "title": spec.title, **schema}


def schema_text(kind: str) -> str:
    """The schema as UTF-8 JSON text, keys in a stable order, ending in a newline."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
