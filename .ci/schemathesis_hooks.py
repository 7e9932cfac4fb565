"""Schemathesis hooks for the sandbox's contract run.

The OpenAPI document states every rule it can: a date's shape, a text's length
and characters, a term's digits. One rule it cannot state: an expiry date must
be after today (UTC) and within the key's term. So a schema-valid date is moved
into that window here, and the server must accept every schema-valid body;
a 422 for one is a real disagreement between the document and the sandbox.
"""
import datetime
import re

import schemathesis

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The contract run's key grants up to 365 days.
KEY_MAXIMUM_DAYS = 365


def _future(value):
    if not isinstance(value, str) or not DATE.match(value):
        return value
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return value
    offset = 1 + sum(value.encode()) % (KEY_MAXIMUM_DAYS - 1)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    return (today + datetime.timedelta(days=offset)).isoformat()


@schemathesis.hook
def map_case(context, case):
    if isinstance(case.body, dict) and "expire_at" in case.body:
        body = dict(case.body)
        body["expire_at"] = _future(body["expire_at"])
        case.body = body
    return case
