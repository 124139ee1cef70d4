"""Publication times from the date strings news formats carry."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime


def parse_published(value: object) -> datetime | None:
    """ISO 8601 (``Z`` included, or a bare date) or RFC 2822 to an aware datetime; ``None``/``""`` is unknown.

    Naive values are taken as UTC, so every article's time compares with every other's. Anything else raises
    ``ValueError`` naming the value, which readers turn into a ``SourceError``: a wrong date would pick the
    wrong original of a group, so it is reported rather than dropped.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        raise ValueError(f"cannot parse date {value!r} (expected ISO 8601 or RFC 2822 text)")
    text = value.strip()
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError):
        raise ValueError(f"cannot parse date {value!r} (expected ISO 8601 or RFC 2822)") from None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
