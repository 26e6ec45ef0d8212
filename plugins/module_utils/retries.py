# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry preset every API call in prodgrade.aws goes through.

amazon.aws's ``AWSRetry`` retries ``Throttling`` and ``RequestLimitExceeded`` (the query/EC2 protocols' codes)
but not ``ThrottlingException``, which the JSON protocols (Organizations, Security Hub, GuardDuty, Control Tower,
CloudWatch Logs ...) return when throttled. ``aws_retry()`` adds it, so one preset fits every service::

    @EC2FlowLogErrorHandler.list_error_handler("describe flow logs", [])
    @aws_retry()
    def describe_flow_logs(client, **params): ...

Note: module_utils run on managed-node Pythons (3.8+ for ansible-core 2.19) and ansible-test's pylint checks that:
keep typing.Optional/Dict/List annotations here (no ``X | None`` / ``dict[...]``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Callable
from typing import Iterable

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Retried on top of AWSRetry's defaults (RequestLimitExceeded, Throttling, TooManyRequestsException, Unavailable,
# ServiceUnavailable, InternalFailure, InternalError).
EXTRA_RETRY_CODES = (
    "ThrottlingException",  # JSON-protocol throttling (organizations, securityhub, guardduty, logs ...)
    "ThrottledException",
    "ConcurrentModificationException",  # organizations/controltower: "try again later"
)


def aws_retry(
    retries: int = 10,
    delay: float = 3,
    backoff: float = 2.0,
    max_delay: float = 60,
    catch_extra_error_codes: Iterable[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``AWSRetry.jittered_backoff`` that also retries EXTRA_RETRY_CODES (plus any ``catch_extra_error_codes``)."""
    return AWSRetry.jittered_backoff(
        retries=retries,
        delay=delay,
        backoff=backoff,
        max_delay=max_delay,
        catch_extra_error_codes=list(EXTRA_RETRY_CODES) + list(catch_extra_error_codes),
    )
