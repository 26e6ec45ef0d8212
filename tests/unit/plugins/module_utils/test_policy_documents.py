"""Policy document loading, SCP grammar, size limits, minify."""

import json

import pytest

from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import PolicyDocumentError
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import load_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import minify
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import validate_policy


def scp(*statements, **top):
    doc = {"Version": "2012-10-17", "Statement": list(statements)}
    doc.update(top)
    return doc


DENY_LEAVE = {"Sid": "DenyLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}


def test_load_from_string_bytes_and_dict():
    text = json.dumps(scp(DENY_LEAVE))
    assert load_policy(text) == load_policy(text.encode()) == load_policy(scp(DENY_LEAVE))


def test_load_names_json_error_with_line_and_column():
    with pytest.raises(PolicyDocumentError) as e:
        load_policy('{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}')
    assert "not valid JSON" in str(e.value) and "line 3 column" in str(e.value)


def test_load_rejects_a_list():
    with pytest.raises(PolicyDocumentError, match="must be a JSON object, not list"):
        load_policy("[]")


def test_valid_scp_has_no_errors():
    allow = {"Effect": "Allow", "NotAction": ["iam:*", "ec2:Describe*"], "NotResource": "arn:aws:s3:::x"}
    condition = dict(DENY_LEAVE, Sid="Second", Condition={"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}})
    assert validate_policy(scp(DENY_LEAVE, allow, condition)) == []
    assert validate_policy({"Version": "2012-10-17", "Statement": DENY_LEAVE}) == []  # single statement object


def test_principal_rejected():
    errors = validate_policy(scp(dict(DENY_LEAVE, Principal={"AWS": "*"})))
    assert errors == [
        "statement 1 (DenyLeave): Principal is not allowed in an SCP (an SCP applies to the accounts it is attached to)"
    ]
    assert "NotPrincipal is not allowed" in validate_policy(scp(dict(DENY_LEAVE, NotPrincipal="x")))[0]


@pytest.mark.parametrize(
    "doc, message",
    [
        ({"Statement": [DENY_LEAVE]}, 'Version must be "2012-10-17" (got null)'),
        (scp(DENY_LEAVE, Version="2008-10-17"), 'Version must be "2012-10-17"'),
        (scp(), "Statement must be a statement object or a non-empty list"),
        (scp(dict(DENY_LEAVE, Effect="deny")), 'Effect must be Allow or Deny (got "deny")'),
        (scp({"Effect": "Deny", "Resource": "*"}), "exactly one of Action or NotAction"),
        (scp(dict(DENY_LEAVE, NotAction="s3:*")), "exactly one of Action or NotAction"),
        (scp(dict(DENY_LEAVE, NotResource="*")), "either Resource or NotResource, not both"),
        (scp(dict(DENY_LEAVE, Action="s3:*Bucket")), 'Action "s3:*Bucket" must be "service:Action"'),
        (scp(dict(DENY_LEAVE, Action="LeaveOrganization")), 'must be "service:Action"'),
        (scp(dict(DENY_LEAVE, Action=[])), "Action must be a string or a non-empty list of strings"),
        (scp(dict(DENY_LEAVE, Sid="deny-leave")), "Sid must be alphanumeric"),
        (scp(DENY_LEAVE, DENY_LEAVE), "Sid DenyLeave is already used by statement 1"),
        (scp(dict(DENY_LEAVE, Effects="Deny")), "unknown key(s) Effects"),
        (scp(dict(DENY_LEAVE, Condition={"Bool": True})), "Condition must map condition operators"),
        (scp(DENY_LEAVE, Extra=1), "unknown top-level key(s) Extra"),
        (scp("Deny"), "statement 1 must be a JSON object, not str"),
    ],
)
def test_scp_rules(doc, message):
    errors = validate_policy(doc)
    assert any(message in e for e in errors), errors


def deny_many(count):
    return scp(*[dict(DENY_LEAVE, Sid=f"S{i}", Action=[f"svc{i}:Action{n}" for n in range(20)]) for i in range(count)])


def test_whitespace_does_not_count():
    doc = deny_many(12)
    assert len(json.dumps(doc, indent=4)) > 5120 > len(minify(doc))
    assert validate_policy(doc) == []


def test_size_limit_states_the_measured_size():
    doc = deny_many(14)
    size = len(minify(doc))
    assert size > 5120
    assert validate_policy(doc) == [
        f"the policy is {size} characters once whitespace is removed, over the 5120-character maximum "
        "for SERVICE_CONTROL_POLICY"
    ]
    assert validate_policy(doc, max_size=size) == []  # the limit is a parameter (AWS raises quotas)


def test_tag_and_backup_policies_only_check_size():
    tag_policy = {"tags": {"CostCenter": {"tag_key": {"@@assign": "CostCenter"}}}}
    assert validate_policy(tag_policy, "TAG_POLICY") == []
    big = {"tags": {f"k{i}": {"tag_key": {"@@assign": "x" * 100}} for i in range(90)}}
    assert "over the 10000-character maximum for BACKUP_POLICY" in validate_policy(big, "BACKUP_POLICY")[0]
    assert validate_policy([], "TAG_POLICY") == ["the policy document must be a JSON object, not list"]


def test_minify():
    doc = {"b": [1, 2], "a": "é"}
    assert minify(doc) == '{"b":[1,2],"a":"é"}'
