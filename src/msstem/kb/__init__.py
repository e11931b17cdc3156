"""The knowledge base: the model, reading and validating YAML, the cache, search, lint and the
eligibility rules. Knows nothing of Typer, Rich or any output format."""
