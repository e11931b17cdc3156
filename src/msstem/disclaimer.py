"""The one-line disclaimer every human-facing output carries. A module with no imports, so that help
(which must stay fast) and the documents share one sentence."""

DISCLAIMER = "This is not medical advice: ask your MS specialist before deciding on treatment."
HELP_DISCLAIMER = "Not" + DISCLAIMER.removeprefix("This is not")  # one line of help at 80 columns
