"""IAM answers moto 5.2.5 gets wrong, each seen by prodgrade.aws.iam_* against AWS's documented behaviour:

- GetAccountPasswordPolicy answered ``MaxPasswordAge: 0`` for a policy without expiry; the model's minimum is 1 and
  AWS leaves the member out (botocore rejects the 0 when it validates a response, e.g. in a Stubber).
- CreatePolicy accepted a second customer managed policy of a name at another path; AWS's names are unique in the
  account whatever the path ("EntityAlreadyExists").
- DeletePolicy deleted a policy still attached to groups, users or roles, or with non-default versions; AWS answers
  DeleteConflict until it is detached from all of them and only its default version is left.
- DeleteGroup deleted a group with members or policies; AWS answers DeleteConflict until the users are removed and
  the managed and inline policies detached/deleted.
- UpdateRole cleared the description when only MaxSessionDuration was sent and reset the duration to 3600 when only
  the description was; AWS changes only what the request sets.
"""

from moto.core.responses import EmptyResult
from moto.iam.exceptions import DeleteConflictException
from moto.iam.exceptions import EntityAlreadyExists
from moto.iam.models import IAMBackend
from moto.iam.responses import IamResponse


def _patch(name):
    def register(wrapper):
        original = getattr(IAMBackend, name)
        if getattr(original, "_prodgrade", False):
            return wrapper
        wrapped = wrapper(original)
        wrapped._prodgrade = True  # type: ignore[attr-defined]
        setattr(IAMBackend, name, wrapped)
        return wrapper

    return register


@_patch("update_account_password_policy")
def _unset_age_is_absent(original):
    def update_account_password_policy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        policy = self.account_password_policy
        if not policy.max_password_age:
            policy.max_password_age = None
        if not policy.password_reuse_prevention:
            policy.password_reuse_prevention = None

    return update_account_password_policy


@_patch("create_policy")
def _names_unique_whatever_the_path(original):
    def create_policy(self, description, path, policy_document, policy_name, tags):
        prefix = f":iam::{self.account_id}:policy/"
        for arn, policy in self.managed_policies.items():
            if prefix in arn and policy.name == policy_name:
                raise EntityAlreadyExists(
                    f"A policy called {policy_name} already exists. Duplicate names are not allowed."
                )
        return original(self, description, path, policy_document, policy_name, tags)

    return create_policy


@_patch("delete_policy")
def _policy_detached_first(original):
    def delete_policy(self, policy_arn):
        policy = self.get_policy(policy_arn)
        if policy.attachment_count > 0:
            raise DeleteConflictException("Cannot delete a policy attached to entities.")
        if len(policy.versions) > 1:
            raise DeleteConflictException(
                "This policy has more than one version. Before you delete a policy, you must delete the policy's "
                "versions. The default version is deleted with the policy."
            )
        return original(self, policy_arn)

    return delete_policy


@_patch("delete_group")
def _group_emptied_first(original):
    def delete_group(self, group_name):
        group = self.groups.get(group_name)
        if group is not None:
            if group.users:
                raise DeleteConflictException("Cannot delete entity, must remove users from group first.")
            if group.managed_policies:
                raise DeleteConflictException("Cannot delete entity, must detach all policies first.")
            if group.policies:
                raise DeleteConflictException("Cannot delete entity, must delete policies first.")
        return original(self, group_name)

    return delete_group


def _update_role_sets_only_what_is_sent(original):
    def update_role(self):
        role = self.backend.get_role(self._get_param("RoleName"))
        description = self._get_param("Description")
        duration = self._get_param("MaxSessionDuration")
        self.backend.update_role(
            role.name,
            role.description if description is None else description,
            role.max_session_duration if duration is None else duration,
        )
        return EmptyResult()

    update_role._prodgrade = True  # type: ignore[attr-defined]
    return update_role


if not getattr(IamResponse.update_role, "_prodgrade", False):
    IamResponse.update_role = _update_role_sets_only_what_is_sent(IamResponse.update_role)
