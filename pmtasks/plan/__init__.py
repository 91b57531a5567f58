"""The plan: its model, periods, file schema, YAML reading, validation and loading."""
