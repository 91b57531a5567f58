"""Plans in git: revisions, the semantic diff, the textconv driver."""
