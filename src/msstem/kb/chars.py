"""Characters that are not what they seem, declared once: the loader refuses them in names people
type, names are compared without them, and the renderers show or escape them (render/output.py,
render/data.py). Plain regular expressions, so importing this costs nothing."""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL and C1 controls; the line and paragraph separators, which
# some terminals and viewers take as a new line.
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"

# Unicode's Default_Ignorable_Code_Point: drawn as nothing at all (zero-width spaces and joiners,
# direction marks, embeddings, overrides and isolates, variation selectors, tags, fillers).
IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)

# The invisible characters that have no job in this knowledge base's text but to reorder or hide
# it: every direction control (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), zero-width
# spaces and invisible operators, fillers, the byte order mark, interlinear annotations and tags.
# Kept: the soft hyphen, the zero-width (non-)joiners and variation selectors that some scripts
# and emoji need.
HIDDEN = (
    "\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0"
    "\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)

UNSAFE = re.compile(f"[{CONTROLS}{HIDDEN}]")  # shown as a visible replacement character in text
ESCAPED = re.compile(f"[{CONTROLS}{IGNORABLE}{HIDDEN}]")  # escaped as \uXXXX in JSON (nothing is lost)
INVISIBLE = re.compile(f"[{CONTROLS}{IGNORABLE}]")  # not allowed in a name people type
IGNORED = re.compile(f"[{IGNORABLE}]")  # left out when names are compared, or text is checked for content
