"""The department's table in and out: import a Markdown, CSV or Excel table as plan files, export the plan as a
workbook or a calendar."""
