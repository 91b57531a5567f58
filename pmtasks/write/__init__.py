"""Writing plan files: YAML splicing, the edit rules and the atomic store."""
