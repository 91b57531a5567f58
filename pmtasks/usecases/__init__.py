"""The use cases: one plain function per user journey, callable without typer or rich.

Each takes a :class:`~pmtasks.usecases.context.Request` (the plans folder, the as-of date and the
clock) and the journey's own arguments, and returns data for ``render/`` to word. The CLI parses,
calls one of these, and renders what it returns.
"""
