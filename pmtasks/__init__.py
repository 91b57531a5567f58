"""pmtasks: a department's annual work plan as YAML files in git."""

__version__ = "0.1.0"
