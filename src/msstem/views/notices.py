"""What every output says besides its content: the disclaimer, and the warning for an entry past
its review date. In a module of their own so that JSON output needs no document machinery."""

from __future__ import annotations

import datetime as dt

from msstem.kb.model import Therapy
from msstem.views.citations import human_date

DISCLAIMER = "This is not medical advice: ask your MS specialist before deciding on treatment."


def review_warning(therapy: Therapy, today: dt.date) -> str | None:
    """One line, in words, for an entry past its review date."""
    if not therapy.overdue(today):
        return None
    return f"This entry was due for review on {human_date(therapy.review_due)}; check newer sources."
