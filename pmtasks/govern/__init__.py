"""Governing a plan: pace, colours, on-time rate, red/black lists, KPIs and budgets."""
