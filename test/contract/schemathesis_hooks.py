"""Schemathesis hooks for the ledger's contract test (test/contract/schemathesis.e2e-spec.ts).

Every failure Schemathesis reports fails the test, except the few below: answers the
OpenAPI document cannot predict because they depend on state or on rules across fields,
which JSON Schema cannot express. Each is recognised by its exact problem code, so any
other rejection of valid data, or acceptance of invalid data, still fails. `st explain
ST202` says the same of "a rejection the schema can't express, such as an unknown id or a
cross-field rule" (https://schemathesis.readthedocs.io/en/stable/reference/checks/).
"""

import atexit
import collections
import json
import sys
import threading

import schemathesis

# Schema-valid requests the ledger refuses for a reason no schema can state:
EXPECTED_REFUSALS = {
    # `cursor` is opaque: only a nextCursor the API returned is one (README, Lists).
    (400, "INVALID_CURSOR"),
    # A time range's from must come before its to (README, Who did what).
    (400, "INVERTED_TIME_RANGE"),
    # A proof's tree sizes cannot exceed the tree's size at the time (docs/audit.md).
    (400, "TREE_SIZE_OUT_OF_RANGE"),
    # Rules across fields or over recorded state (README, Errors): lines must add up to the
    # amount, a margin cannot exceed its revenue, a certification cannot expire before it was
    # earned, an idempotency key cannot name two different commands.
    (422, "LINES_DO_NOT_ADD_UP"),
    (422, "MARGIN_EXCEEDS_REVENUE"),
    (422, "CERTIFICATION_ALREADY_EXPIRED"),
    (422, "IDEMPOTENCY_KEY_REUSED"),
    # Loyalty cards (README, Loyalty cards): a red card suspends the partner's lead
    # registrations at the dates it covers; a suspension can only be lifted while it runs.
    (422, "PARTNER_SUSPENDED"),
    (409, "PARTNER_NOT_SUSPENDED"),
    # A lead's protection is extended at most maxLeadExtensions times (README, Leads): the
    # links from a registration to its extension let a second extension be sent.
    (422, "EXTENSION_LIMIT_REACHED"),
    # Challenges (README, Challenges and leaderboards): `to` must be after `from`, a challenge
    # is created once, and an incentive named in one must fit its roles, typologies and dates.
    (422, "CHALLENGE_ENDS_BEFORE_IT_STARTS"),
    (409, "CHALLENGE_ALREADY_EXISTS"),
    (422, "ROLE_NOT_ELIGIBLE"),
    (422, "PARTNER_NOT_ELIGIBLE"),
    (422, "OUTSIDE_CHALLENGE"),
    # Co-op budget (README, Co-op budget): a claim is held against the partner's balance at
    # the time, and a lead may only name a claim its partner submitted.
    (422, "COOP_BALANCE_EXCEEDED"),
    (422, "COOP_CLAIM_NOT_FOUND"),
}

# The program's rules (README, Program rules) hold rules across their own fields and over the
# versions already published; only PUT /program is excused them, so that an unknown product
# line refused anywhere else still fails (the document lists the lines in force as an enum).
EXPECTED_REFUSALS_BY_OPERATION = {
    "PUT /program": {
        (422, "DUPLICATE_PRODUCT_LINE"),
        (422, "FLAGSHIP_NOT_A_PRODUCT_LINE"),
        (422, "TIER_WITHOUT_CRITERIA"),
        (422, "UNKNOWN_PRODUCT_LINE"),
        (422, "EMPTY_PRODUCT_NAME"),
        (422, "EFFECTIVE_FROM_BEFORE_PREVIOUS"),
    },
}

_lock = threading.Lock()
# (operation, Idempotency-Key) -> the first request recorded with it (path parameters, body).
_recorded_keys: dict[tuple[str, str], str] = {}
# What was set aside, printed when Schemathesis exits so that the test's output shows it.
_set_aside: collections.Counter = collections.Counter()
atexit.register(lambda: _set_aside and print(f"set aside by schemathesis_hooks.py: {dict(_set_aside)}", file=sys.stderr))


def _problem_code(response) -> str | None:
    try:
        body = response.json()
    except Exception:
        return None
    return body.get("code") if isinstance(body, dict) else None


def _idempotency_key(case) -> str | None:
    for name, value in (case.headers or {}).items():
        if name.lower() == "idempotency-key":
            return value
    return None


def _request_of(case) -> str:
    body = case.body if isinstance(case.body, (dict, list, str, int, float, bool, type(None))) else repr(case.body)
    return json.dumps([case.path_parameters, body], sort_keys=True, default=repr)


@schemathesis.hook
def after_call(ctx, case, response):
    key = _idempotency_key(case)
    if key is not None and 200 <= response.status_code < 300:
        with _lock:
            _recorded_keys.setdefault((case.operation.label, key), _request_of(case))


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    refusal = (response.status_code, _problem_code(response))
    if failure.code == "ST202" and (refusal in EXPECTED_REFUSALS or refusal in EXPECTED_REFUSALS_BY_OPERATION.get(case.operation.label, ())):
        _set_aside[f"ST202 {response.status_code} {_problem_code(response)}"] += 1
        return False
    if failure.code == "ST201" and case.operation.label == "POST /imports" and not isinstance(case.body, str):
        # A body of another JSON type is sent as its text (the alias below): on the wire it is
        # NDJSON like any other, each line then judged on its own (refused with its reason).
        _set_aside["ST201 a non-string NDJSON body sent as text (POST /imports)"] += 1
        return False
    if failure.code == "ST201" and 200 <= response.status_code < 300:
        # The original answer to an Idempotency-Key already used for another request of this
        # operation (README, Idempotency: "Same key, same command"): Schemathesis draws keys
        # such as "0" again and again, so a later, invalid request gets the earlier one's answer.
        key = _idempotency_key(case)
        with _lock:
            first = _recorded_keys.get((case.operation.label, key)) if key is not None else None
        if first is not None and first != _request_of(case):
            _set_aside[f"ST201 replay of an Idempotency-Key ({case.operation.label})"] += 1
            return False
    return True


# POST /imports takes NDJSON (README, Backfills): its document gives the body as text, sent as is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
