"""The one-line disclaimer every human-facing output carries. A module with no imports, so that help
(which must stay fast) and the documents share one sentence (72 characters: one line of help at 80
columns, and beside the knowledge base version on one line at 100)."""

DISCLAIMER = "Not medical advice: ask your MS specialist before deciding on treatment."
