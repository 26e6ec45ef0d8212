"""AWS Backup selections (rest-json): moto 5.2.5 has vaults and plans but no Create/Get/List/DeleteBackupSelection
(HTTP 500), so amazon.aws.backup_selection (resources by tag for a plan) could not run on the endpoint.

Selections are kept per plan of moto's backend (a plan that does not exist or was deleted is
ResourceNotFoundException; a second selection of the same name in a plan is AlreadyExistsException). As AWS does,
a selection reads back with every list present: ``Resources``, ``NotResources``, ``ListOfTags`` and the four
``Conditions`` lists, empty when not given. Nothing is ever backed up (no jobs, no recovery points).

DescribeBackupVault of a vault that does not exist: moto answers ResourceNotFoundException, AWS answers
AccessDeniedException (403, "Insufficient privileges to perform this action.", even with full permissions).
amazon.aws.backup_vault treats only AccessDeniedException as "no such vault" and failed on every first run.
"""

import copy

from moto.backup.models import BackupBackend
from moto.core.exceptions import JsonRESTError

from emulator.ext.common import new_uuid, now
from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "backup"


class _VaultAccessDenied(JsonRESTError):
    code = 403

    def __init__(self) -> None:
        super().__init__("AccessDeniedException", "Insufficient privileges to perform this action.")


def _describe_backup_vault(original):
    def describe_backup_vault(self, backup_vault_name):
        if backup_vault_name not in self.vaults:
            raise _VaultAccessDenied()
        return original(self, backup_vault_name)

    describe_backup_vault._prodgrade = True  # type: ignore[attr-defined]
    return describe_backup_vault


if not getattr(BackupBackend.describe_backup_vault, "_prodgrade", False):
    BackupBackend.describe_backup_vault = _describe_backup_vault(BackupBackend.describe_backup_vault)
CONDITION_KEYS = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike")


def _plan(ctx: Context, plan_id: str):
    from moto.backup.models import backup_backends

    plan = backup_backends[ctx.account_id][ctx.region].plans.get(plan_id)
    if plan is None or plan.deletion_date is not None:
        raise AwsError("ResourceNotFoundException", f"Failed reading Backup plan {plan_id}")
    return plan


def _selections(ctx: Context) -> dict:
    return ctx.table("selections")


def _selection(ctx: Context, plan_id: str, selection_id: str) -> dict:
    _plan(ctx, plan_id)
    found = _selections(ctx).get(selection_id)
    if found is None or found["BackupPlanId"] != plan_id:
        raise AwsError("ResourceNotFoundException", f"Backup selection {selection_id} not found for plan {plan_id}")
    return found


def _normalized(selection: dict) -> dict:
    result = copy.deepcopy(selection)
    for key in ("Resources", "NotResources", "ListOfTags"):
        result.setdefault(key, [])
    conditions = result.setdefault("Conditions", {})
    for key in CONDITION_KEYS:
        conditions.setdefault(key, [])
    return result


@operation(SERVICE, "CreateBackupSelection")
def create_backup_selection(ctx: Context, params: dict) -> dict:
    plan_id, selection = params["BackupPlanId"], params["BackupSelection"]
    _plan(ctx, plan_id)
    if any(
        s["BackupPlanId"] == plan_id and s["BackupSelection"]["SelectionName"] == selection["SelectionName"]
        for s in _selections(ctx).values()
    ):
        raise AwsError("AlreadyExistsException", f"Backup selection {selection['SelectionName']} already exists")
    selection_id, created = new_uuid(), now()
    _selections(ctx)[selection_id] = {
        "SelectionId": selection_id,
        "BackupPlanId": plan_id,
        "CreationDate": created,
        "BackupSelection": _normalized(selection),
        **({"CreatorRequestId": params["CreatorRequestId"]} if params.get("CreatorRequestId") else {}),
    }
    return {"SelectionId": selection_id, "BackupPlanId": plan_id, "CreationDate": created}


@operation(SERVICE, "GetBackupSelection")
def get_backup_selection(ctx: Context, params: dict) -> dict:
    return copy.deepcopy(_selection(ctx, params["BackupPlanId"], params["SelectionId"]))


@operation(SERVICE, "ListBackupSelections")
def list_backup_selections(ctx: Context, params: dict) -> dict:
    plan_id = params["BackupPlanId"]
    _plan(ctx, plan_id)
    rows = [
        {
            "SelectionId": s["SelectionId"],
            "SelectionName": s["BackupSelection"]["SelectionName"],
            "BackupPlanId": plan_id,
            "CreationDate": s["CreationDate"],
            "IamRoleArn": s["BackupSelection"]["IamRoleArn"],
            **({"CreatorRequestId": s["CreatorRequestId"]} if s.get("CreatorRequestId") else {}),
        }
        for s in _selections(ctx).values()
        if s["BackupPlanId"] == plan_id
    ]
    page, token = paginate(rows, params.get("MaxResults"), params.get("NextToken"))
    return {"BackupSelectionsList": page, **({"NextToken": token} if token else {})}


@operation(SERVICE, "DeleteBackupSelection")
def delete_backup_selection(ctx: Context, params: dict) -> dict:
    _selection(ctx, params["BackupPlanId"], params["SelectionId"])
    del _selections(ctx)[params["SelectionId"]]
    return {}
