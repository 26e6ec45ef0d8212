"""AWS Organizations: what moto 5.2.5 gets wrong or lacks (moto keeps the state; every handler works on its backend).

- CreatePolicy: BACKUP_POLICY raised NotImplementedError in moto (HTTP 500); created here with its ARN.
- CreateOrganizationalUnit: AWS refuses a second OU with the same name under one parent
  (DuplicateOrganizationalUnitException) and an unknown parent (ParentNotFoundException); moto did neither.
- UpdateOrganizationalUnit: moto refused a name used by ANY OU of the organization (and renaming an OU to its
  own name); AWS only refuses a name a sibling has.
- DeleteOrganizationalUnit: moto deleted an OU holding OUs or accounts (AWS: OrganizationalUnitNotEmptyException)
  and left it in its policies' targets (ListTargetsForPolicy kept listing it).
- CreateAccount: AWS fails the request (State FAILED, FailureReason EMAIL_ALREADY_EXISTS) when the email already
  belongs to an account of the organization; moto created a second account.
- CreateAccount ids: moto draws a random id; here a new account's id is derived from its email (sha256, 12 digits,
  never 0-leading; a random one only on a clash), so it is the same after every reset and inventories/local can
  name the accounts the organization layer creates, as a real inventory names them once AWS has assigned them.
- EnableAllFeatures, ListHandshakesForOrganization: missing. EnableAllFeatures completes at once here (as if every
  member accepted) and records an ACCEPTED handshake.
- Policies, AWS's rules moto skips (Organizations quotas page and the AttachPolicy/DetachPolicy/CreatePolicy
  error lists): the content size per type (SCP and RCP 5,120 characters, tag and backup 10,000, AI opt-out 2,500:
  ConstraintViolationException POLICY_CONTENT_LIMIT_EXCEEDED, on create and update); the policies of a type per
  root, OU or account (SCP, RCP and AI opt-out 5, counting the AWS-managed full-access policy; tag and backup 10:
  POLICY_NUMBER_LIMIT_EXCEEDED); attaching a type not enabled on the root (PolicyTypeNotEnabledException); a
  second attachment of the same policy (DuplicatePolicyAttachmentException: moto ignored it); detaching one that
  is not attached (PolicyNotAttachedException: moto ignored it); and detaching the last SCP or RCP of a target
  while the type is enabled (MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED).
- Delegated administrators: moto accepted only 6 service principals; the services this project delegates
  (Security Hub, Config, CloudTrail, Backup, IAM Access Analyzer, Inspector, Detective, Firewall Manager, ...)
  are added to its list.
"""

import contextlib
import hashlib
import uuid

from emulator.ext.common import now
from emulator.registry import STATE, AwsError, Context, operation

SERVICE = "organizations"

# Service principals AWS documents as supporting a delegated administrator, added to moto's list.
DELEGATED_ADMIN_SERVICES = (
    "access-analyzer.amazonaws.com",
    "auditmanager.amazonaws.com",
    "backup.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "config.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "detective.amazonaws.com",
    "fms.amazonaws.com",
    "guardduty.amazonaws.com",
    "inspector2.amazonaws.com",
    "ipam.amazonaws.com",
    "macie.amazonaws.com",
    "member.org.stacksets.cloudformation.amazonaws.com",
    "securityhub.amazonaws.com",
    "securitylake.amazonaws.com",
    "servicecatalog.amazonaws.com",
    "ssm.amazonaws.com",
    "sso.amazonaws.com",
)
BACKUP_POLICY_ARN = "arn:{0}:organizations::{1}:policy/{2}/backup_policy/{3}"


def _extend_delegated_admin_services() -> None:
    from moto.organizations.models import FakeDelegatedAdministrator

    supported = FakeDelegatedAdministrator.SUPPORTED_SERVICES
    supported.extend(s for s in DELEGATED_ADMIN_SERVICES if s not in supported)


_extend_delegated_admin_services()


def _backend(ctx: Context):
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException
    from moto.organizations.models import organizations_backends

    backend = organizations_backends[ctx.account_id]["aws"]
    if backend.org is None:
        raise AWSOrganizationsNotInUseException
    return backend


def _table(ctx: Context, name: str) -> dict:
    """Extension state of the organization: Organizations is global, so not per region (unlike ctx.table)."""
    return STATE.get(SERVICE, ctx.account_id, "global").setdefault(name, {})


def _node(backend, node_id: str):
    """A root or OU of the backend, or None."""
    return next((ou for ou in backend.ou if ou.id == node_id), None)


# ---------------------------------------------------------------------------------------------- policies


# Per policy type: the largest content (characters) and the most policies on one root, OU or account.
CONTENT_LIMITS = {
    "SERVICE_CONTROL_POLICY": 5120,
    "RESOURCE_CONTROL_POLICY": 5120,
    "TAG_POLICY": 10000,
    "BACKUP_POLICY": 10000,
    "AISERVICES_OPT_OUT_POLICY": 2500,
}
ATTACHMENT_LIMITS = {
    "SERVICE_CONTROL_POLICY": 5,
    "RESOURCE_CONTROL_POLICY": 5,
    "TAG_POLICY": 10,
    "BACKUP_POLICY": 10,
    "AISERVICES_OPT_OUT_POLICY": 5,
}
# Types of which every target keeps at least one policy (the full-access one until another replaces it).
AT_LEAST_ONE = ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")


def _constraint(reason: str, message: str) -> AwsError:
    return AwsError("ConstraintViolationException", message, Reason=reason)


def _check_content(policy_type: str, content: str | None) -> None:
    limit = CONTENT_LIMITS.get(policy_type)
    if content is not None and limit is not None and len(content) > limit:
        raise _constraint(
            "POLICY_CONTENT_LIMIT_EXCEEDED",
            f"You attempted to create a policy that is larger than the maximum size ({len(content)} characters,"
            f" {limit} allowed for {policy_type}).",
        )


@operation(SERVICE, "CreatePolicy")
def create_policy(ctx: Context, params: dict) -> dict:
    backend = _backend(ctx)
    _check_content(params["Type"], params["Content"])
    if params["Type"] != "BACKUP_POLICY":
        return backend.create_policy(**params)
    # moto knows no ARN format for backup policies: create it as a tag policy, then make it what was asked for.
    backend.create_policy(**dict(params, Type="TAG_POLICY"))
    policy = next(p for p in backend.policies if p.name == params["Name"])
    policy.type = "BACKUP_POLICY"
    policy._arn_format = BACKUP_POLICY_ARN
    return policy.describe()


@operation(SERVICE, "UpdatePolicy")
def update_policy(ctx: Context, params: dict) -> dict:
    backend = _backend(ctx)
    _check_content(backend.get_policy_by_id(params["PolicyId"]).type, params.get("Content"))
    return backend.update_policy(**params)


@operation(SERVICE, "AttachPolicy")
def attach_policy(ctx: Context, params: dict) -> None:
    backend = _backend(ctx)
    policy, target = _policy_and_target(backend, params, backend.attach_policy)
    if not _type_enabled(backend, policy.type):
        raise AwsError(
            "PolicyTypeNotEnabledException",
            "The specified policy type isn't currently enabled in this root. You can't attach policies of the"
            " specified type to entities in a root until you enable that type in the root.",
        )
    if policy in target.attached_policies:
        raise AwsError(
            "DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target."
        )
    same_type = sum(p.type == policy.type for p in target.attached_policies)
    if same_type >= ATTACHMENT_LIMITS.get(policy.type, same_type + 1):
        raise _constraint(
            "POLICY_NUMBER_LIMIT_EXCEEDED",
            f"You attempted to attach more than {same_type} policies of type {policy.type} to {params['TargetId']}.",
        )
    backend.attach_policy(**params)


@operation(SERVICE, "DetachPolicy")
def detach_policy(ctx: Context, params: dict) -> None:
    backend = _backend(ctx)
    policy, target = _policy_and_target(backend, params, backend.detach_policy)
    if policy not in target.attached_policies:
        raise AwsError("PolicyNotAttachedException", "The policy isn't attached to the specified target.")
    last = sum(p.type == policy.type for p in target.attached_policies) == 1
    if last and policy.type in AT_LEAST_ONE and _type_enabled(backend, policy.type):
        raise _constraint(
            "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
            "You attempted to detach a policy from an entity that would cause the entity to have fewer than the"
            f" minimum number of policies of type {policy.type} required (attach another one first).",
        )
    backend.detach_policy(**params)


def _policy_and_target(backend, params: dict, moto_call):
    """The policy and the root, OU or account of an AttachPolicy/DetachPolicy; moto's not-found errors."""
    policy, target = backend.get_policy_by_id(params["PolicyId"]), _target(backend, params["TargetId"])
    if target is None:
        moto_call(**params)  # raises moto's error for a missing or malformed target
    return policy, target


def _target(backend, target_id: str):
    """The root, OU or account ``target_id`` names, or None."""
    return next((t for t in list(backend.ou) + list(backend.accounts) if t.id == target_id), None)


def _type_enabled(backend, policy_type: str) -> bool:
    root = next(o for o in backend.ou if o.id.startswith("r-"))
    return any(t["Type"] == policy_type and t["Status"] == "ENABLED" for t in root.policy_types)


# ---------------------------------------------------------------------------------- organizational units


@operation(SERVICE, "CreateOrganizationalUnit")
def create_organizational_unit(ctx: Context, params: dict) -> dict:
    backend = _backend(ctx)
    if _node(backend, params["ParentId"]) is None:
        raise AwsError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.")
    if any(ou.parent_id == params["ParentId"] and ou.name == params["Name"] for ou in backend.ou):
        raise AwsError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
    return backend.create_organizational_unit(**params)


@operation(SERVICE, "UpdateOrganizationalUnit")
def update_organizational_unit(ctx: Context, params: dict) -> dict:
    backend = _backend(ctx)
    ou = backend.get_organizational_unit_by_id(params["OrganizationalUnitId"])
    name = params.get("Name")
    if name is not None and name != ou.name:
        if any(o.parent_id == ou.parent_id and o.name == name for o in backend.ou):
            raise AwsError("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")
        ou.name = name
    return ou.describe()


@operation(SERVICE, "DeleteOrganizationalUnit")
def delete_organizational_unit(ctx: Context, params: dict) -> None:
    backend = _backend(ctx)
    ou = backend.get_organizational_unit_by_id(params["OrganizationalUnitId"])
    if any(o.parent_id == ou.id for o in backend.ou) or any(a.parent_id == ou.id for a in backend.accounts):
        raise AwsError(
            "OrganizationalUnitNotEmptyException",
            "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child "
            "OUs, and try the operation again.",
        )
    for policy in list(ou.attached_policies):
        if ou in policy.attachments:
            policy.attachments.remove(ou)
    backend.ou.remove(ou)


# ---------------------------------------------------------------------------------------------- accounts


@operation(SERVICE, "CreateAccount")
def create_account(ctx: Context, params: dict) -> dict:
    backend = _backend(ctx)
    email = params["Email"].lower()
    if any(a.email.lower() == email for a in backend.accounts):
        request_id = "car-" + uuid.uuid4().hex[:8]
        status = {
            "Id": request_id,
            "AccountName": params["AccountName"],
            "State": "FAILED",
            "RequestedTimestamp": now(),
            "CompletedTimestamp": now(),
            "FailureReason": "EMAIL_ALREADY_EXISTS",
        }
        _table(ctx, "failed_create_account")[request_id] = status
        pending = {k: v for k, v in status.items() if k not in ("CompletedTimestamp", "FailureReason")}
        return {"CreateAccountStatus": dict(pending, State="IN_PROGRESS")}
    taken = {a.id for a in backend.accounts} | {backend.org.master_account_id}
    with _account_id(account_id_for(email), taken):
        return backend.create_account(**params)


def account_id_for(email: str) -> str:
    """The id the local endpoint gives the account created with this email (see the module docstring)."""
    digest = int(hashlib.sha256(email.strip().lower().encode()).hexdigest(), 16)
    return str(10**11 + digest % (9 * 10**11))


@contextlib.contextmanager
def _account_id(wanted: str, taken: set):
    """Make moto's FakeAccount take ``wanted`` as its id (handlers run one at a time, under the registry lock)."""
    from moto.organizations import utils

    original = utils.make_random_account_id
    utils.make_random_account_id = lambda: original() if wanted in taken else wanted
    try:
        yield
    finally:
        utils.make_random_account_id = original


@operation(SERVICE, "DescribeCreateAccountStatus")
def describe_create_account_status(ctx: Context, params: dict) -> dict:
    failed = _table(ctx, "failed_create_account").get(params["CreateAccountRequestId"])
    if failed is not None:
        return {"CreateAccountStatus": failed}
    try:
        return _backend(ctx).describe_create_account_status(**params)
    except Exception as err:  # moto's AccountNotFoundException: AWS's code for an unknown request id
        if getattr(err, "error_type", "") == "AccountNotFoundException":
            raise AwsError(
                "CreateAccountStatusNotFoundException",
                "We can't find an create account request with the CreateAccountRequestId that you specified.",
            ) from err
        raise


# ------------------------------------------------------------------------------------------ all features


@operation(SERVICE, "EnableAllFeatures")
def enable_all_features(ctx: Context, params: dict) -> dict:
    backend = _backend(ctx)
    if backend.org.feature_set == "ALL":
        raise AwsError(
            "HandshakeConstraintViolationException",
            "The organization already has all features enabled.",
        )
    backend.org.feature_set = "ALL"
    handshake = {
        "Id": "h-" + uuid.uuid4().hex[:32],
        "Arn": f"arn:aws:organizations::{ctx.account_id}:handshake/{backend.org.id}/enable_all_features/h-x",
        "Parties": [{"Id": backend.org.id, "Type": "ORGANIZATION"}],
        "State": "ACCEPTED",
        "RequestedTimestamp": now(),
        "ExpirationTimestamp": now(),
        "Action": "ENABLE_ALL_FEATURES",
        "Resources": [{"Value": backend.org.id, "Type": "ORGANIZATION"}],
    }
    _table(ctx, "handshakes")[handshake["Id"]] = handshake
    return {"Handshake": handshake}


@operation(SERVICE, "ListHandshakesForOrganization")
def list_handshakes_for_organization(ctx: Context, params: dict) -> dict:
    _backend(ctx)
    action = (params.get("Filter") or {}).get("ActionType")
    handshakes = [h for h in _table(ctx, "handshakes").values() if action is None or h["Action"] == action]
    return {"Handshakes": handshakes}
