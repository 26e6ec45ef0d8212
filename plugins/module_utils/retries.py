# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry preset every API call in prodgrade.aws goes through: what botocore's own retries leave.

Throttling and transient faults (``Throttling``, ``ThrottlingException``, ``RequestLimitExceeded``, 5xx,
timeouts) are botocore's to retry: account_session gives every client ``retries`` in its ``aws_config``
(standard mode, 10 attempts by default; botocore's default without it: 3 or 5). Retrying them here as well would
multiply the attempts: amazon.aws's ``AWSRetry.jittered_backoff`` (10 retries, up to 60 s apart) over botocore's
10 attempts is 110 requests and many minutes of backoff for one throttled call, where the user asked for 10.
``aws_retry()`` retries only the codes botocore does not: ``ConcurrentModificationException`` (Organizations,
Control Tower: "try again later") and each call's own ``catch_extra_error_codes`` (eventual consistency: a subnet
not yet visible, an IAM role not yet propagated)::

    @EC2FlowLogErrorHandler.list_error_handler("describe flow logs", [])
    @aws_retry(catch_extra_error_codes=["InvalidVpcID.NotFound"])
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

# Not retried by botocore (neither its standard nor its legacy mode), so retried here for every call.
EXTRA_RETRY_CODES = ("ConcurrentModificationException",)


class _AfterBotocoreRetry(AWSRetry):
    """AWSRetry without its own list (throttling and 5xx, which botocore retries): only the codes it is given."""

    @staticmethod
    def found(response_code, catch_extra_error_codes=None):
        return response_code in (catch_extra_error_codes or ())


def aws_retry(
    retries: int = 10,
    delay: float = 3,
    backoff: float = 2.0,
    max_delay: float = 60,
    catch_extra_error_codes: Iterable[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A jittered backoff that retries EXTRA_RETRY_CODES and ``catch_extra_error_codes``, and nothing botocore retries."""
    return _AfterBotocoreRetry.jittered_backoff(
        retries=retries,
        delay=delay,
        backoff=backoff,
        max_delay=max_delay,
        catch_extra_error_codes=list(EXTRA_RETRY_CODES) + list(catch_extra_error_codes),
    )
