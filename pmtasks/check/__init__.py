"""Checking a plan: the rule registry and the rules."""
