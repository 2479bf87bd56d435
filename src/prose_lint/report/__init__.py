"""The character report: the cast, a timeline per character and the findings
in context, as one self-contained HTML page (``prose-lint report``)."""
