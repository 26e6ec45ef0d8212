"""Small helpers shared by extension modules."""

import datetime
import random
import string
import uuid


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def new_id(length: int = 16) -> str:
    """An upper-case alphanumeric id like Control Tower's (e.g. 'JSJN8UL0G2MWGRTZ')."""
    return "".join(random.choices(string.ascii_uppercase + string.digits, k=length))


def new_uuid() -> str:
    return str(uuid.uuid4())


def tag_map(tags: dict | None) -> dict:
    return dict(tags or {})
