"""schema: the JSON Schema of plan files, for editors that validate YAML as you type."""

from typing import Annotated

import typer

from pmtasks.cli.options import emit

commands = typer.Typer()

KindArg = Annotated[
    str,
    typer.Argument(
        metavar="KIND",
        help="Which file: plan (plan.yaml) or line (a business-line file).",
        show_default=False,
    ),
]


@commands.command(
    epilog=(
        "Examples:  pmtasks schema plan > schemas/plan.schema.json  ·  pmtasks schema line > schemas/line.schema.json"
    )
)
def schema(kind: KindArg = "plan") -> None:
    """Print the JSON Schema of a kind of plan file, with descriptions in English and Chinese."""
    from pmtasks.plan.editor_schema import SCHEMAS, schema_text

    if kind not in SCHEMAS:
        raise typer.BadParameter(f"{kind!r} is not a kind of file; use {' or '.join(SCHEMAS)}", param_hint="KIND")
    emit(schema_text(kind))
