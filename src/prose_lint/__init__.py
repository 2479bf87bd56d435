"""prose-lint: a character-consistency linter for prose."""
