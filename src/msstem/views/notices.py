"""The warning for an entry past its review date (the disclaimer is in msstem.disclaimer). In a
module of its own so that JSON output needs no document machinery."""

from __future__ import annotations

import datetime as dt

from msstem.kb.model import Therapy
from msstem.views.citations import human_date


def review_warning(therapy: Therapy, today: dt.date) -> str | None:
    """One line, in words, for an entry past its review date."""
    if not therapy.overdue(today):
        return None
    return f"This entry was due for review on {human_date(therapy.review_due)}; check newer sources."
