# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the roles' *_plan filters share to check inputs before any API call: each failure names the variable
and the rule it breaks."""

import re

from ansible.errors import AnsibleFilterError

NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
REGION = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")

# The values CloudWatch Logs accepts for a log group's retention (PutRetentionPolicy).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922)
RETENTION_DAYS += (3288, 3653)


def fail(msg):
    raise AnsibleFilterError(msg)


def integer(value, var, low=None, high=None, rule=""):
    """value as an int, or a failure naming var: not a whole number (booleans too), or outside low..high (either
    bound may be None). rule is appended to the range message as given, e.g. " seconds" or " (KMS limit)"."""
    if isinstance(value, bool):
        fail(f"{var}: must be an integer, got {value!r}")
    try:
        number = int(str(value))
    except ValueError:
        fail(f"{var}: must be an integer, got {value!r}")
    if low is not None and high is not None and not low <= number <= high:
        fail(f"{var}: {number} must be between {low} and {high}{rule}")
    if high is None and low is not None and number < low:
        fail(f"{var}: {number} must be at least {low}{rule}")
    if low is None and high is not None and number > high:
        fail(f"{var}: {number} must be at most {high}{rule}")
    return number


def resource_name(value, var):
    """The env's resource name prefix (e.g. ecia-prod): every resource a role names starts with it."""
    if not isinstance(value, str) or not NAME.match(value):
        fail(f"{var}: '{value}' must be lower-case letters, digits and hyphens, e.g. ecia-prod")
    return value


def account_id(value, var):
    value = str(value)
    if not ACCOUNT_ID.match(value):
        fail(f"{var}: '{value}' must be the 12-digit account id (bucket names need it)")
    return value


def region(value, var, allowed=None):
    """An AWS region name; with allowed, also one of the organization's regions."""
    value = str(value or "")
    if not REGION.match(value):
        fail(f"{var}: '{value}' is not an AWS region name")
    if allowed and value not in allowed:
        fail(f"{var}: '{value}' is not in the organization's allowed regions {list(allowed)} (org_allowed_regions)")
    return value
