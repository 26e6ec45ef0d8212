"""The generic ensure() helper: create/update/delete/no-op, check mode, diff, unset options."""

import pytest

from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge


class Recorder:
    def __init__(self):
        self.calls = []

    def create(self, desired):
        self.calls.append(("create", desired))
        return dict(desired, id="x-1")

    def update(self, current, desired):
        self.calls.append(("update", current["id"]))
        return merge(current, desired)

    def delete(self, current):
        self.calls.append(("delete", current["id"]))

    def ensure(self, current, desired, check_mode=False):
        return ensure(
            current, desired, check_mode=check_mode, create=self.create, update=self.update, delete=self.delete
        )


@pytest.fixture
def rec():
    return Recorder()


def test_changed_keys_skips_unset_and_compares_nested_as_subset_but_tags_exactly():
    current = {"a": 1, "opts": {"x": 1, "y": 2}, "tags": {"k": "v", "old": "o"}}
    assert changed_keys(current, {"a": None, "opts": {"x": 1, "y": None}, "tags": None}) == []
    assert changed_keys(current, {"a": 2, "opts": {"x": 3}, "tags": {"k": "v"}}) == ["a", "opts", "tags"]


def test_merge_overlays_set_values_deeply_and_replaces_tags():
    current = {"a": 1, "opts": {"x": 1, "y": 2}, "tags": {"old": "o"}}
    assert merge(current, {"a": None, "opts": {"x": 9}, "tags": {"new": "n"}}) == {
        "a": 1,
        "opts": {"x": 9, "y": 2},
        "tags": {"new": "n"},
    }
    assert current["opts"] == {"x": 1, "y": 2}


def test_create(rec):
    result = rec.ensure(None, {"name": "n", "size": None})
    assert result.changed and result.after == {"name": "n", "size": None, "id": "x-1"}
    assert result.diff == {"before": {}, "after": result.after}
    assert result.changed_keys == ["name"]


def test_create_in_check_mode_predicts_without_calling(rec):
    result = rec.ensure(None, {"name": "n", "size": None}, check_mode=True)
    assert result.changed and result.after == {"name": "n"} and rec.calls == []


def test_noop(rec):
    current = {"id": "x-1", "name": "n", "size": 3}
    result = rec.ensure(current, {"name": "n", "size": None})
    assert not result.changed and result.after == current and rec.calls == []
    assert result.diff == {"before": current, "after": current}


def test_update_and_check_mode_update(rec):
    current = {"id": "x-1", "name": "n", "size": 3}
    predicted = rec.ensure(current, {"size": 4}, check_mode=True)
    assert predicted.changed and predicted.after == {"id": "x-1", "name": "n", "size": 4} and rec.calls == []
    result = rec.ensure(current, {"size": 4})
    assert result.after == predicted.after and result.changed_keys == ["size"] and rec.calls == [("update", "x-1")]


def test_absent(rec):
    assert rec.ensure(None, None) == (False, None, None, [])
    assert rec.ensure({"id": "x-1"}, None, check_mode=True).changed and rec.calls == []
    result = rec.ensure({"id": "x-1"}, None)
    assert result.changed and result.diff == {"before": {"id": "x-1"}, "after": {}} and rec.calls == [("delete", "x-1")]


@pytest.mark.parametrize("check_mode", [False, True])
def test_validate_runs_before_any_change_in_check_mode_too(rec, check_mode):
    seen = []

    def refuse(current, desired, keys):
        seen.append((current, desired, keys))
        raise ValueError("quota")

    for current, desired in (({"id": "x-1", "size": 3}, {"size": 4}), (None, {"name": "n"}), ({"id": "x-1"}, None)):
        with pytest.raises(ValueError):
            ensure(
                current,
                desired,
                check_mode=check_mode,
                create=rec.create,
                update=rec.update,
                delete=rec.delete,
                validate=refuse,
            )
    assert [keys for _c, _d, keys in seen] == [["size"], ["name"], []] and rec.calls == []
    # no change due: validate is not asked
    result = ensure(
        {"id": "x-1", "size": 4},
        {"size": 4},
        check_mode=check_mode,
        create=rec.create,
        update=rec.update,
        delete=rec.delete,
        validate=refuse,
    )
    assert not result.changed


def test_deleted_object_that_stays_is_the_after_and_already_deleted_is_no_change(rec):
    def closed(current):
        return dict(current, status="CLOSED")

    kw = dict(create=rec.create, update=rec.update, delete=rec.delete, deleted=closed)
    predicted = ensure({"id": "x-1", "status": "ACTIVE"}, None, check_mode=True, **kw)
    assert predicted.changed and predicted.after == {"id": "x-1", "status": "CLOSED"} and rec.calls == []
    result = ensure({"id": "x-1", "status": "ACTIVE"}, None, check_mode=False, **kw)
    assert result.after == predicted.after and rec.calls == [("delete", "x-1")]
    again = ensure({"id": "x-1", "status": "CLOSED"}, None, check_mode=False, **kw)
    assert not again.changed and again.after == again.before == {"id": "x-1", "status": "CLOSED"}
    assert rec.calls == [("delete", "x-1")]


def test_batch_helpers_name_repeats_changes_and_diff():
    from ansible_collections.prodgrade.aws.plugins.module_utils import common

    assert common.duplicate_names([{"name": "a"}, {"name": "b"}, {"name": "a"}], "alarms") == [
        "alarms: names must be unique: a"
    ]
    assert common.duplicate_names([{"name": "a"}], "alarms") == []
    results = {
        "new": common.EnsureResult(True, None, {"v": 1}, ["v"]),
        "same": common.EnsureResult(False, {"v": 1}, {"v": 1}, []),
        "moved": common.EnsureResult(True, {"v": 1}, {"v": 2}, ["v"]),
        "gone": common.EnsureResult(True, {"v": 1}, None, []),
    }
    assert common.changed_names(results) == {"created": ["new"], "updated": ["moved"], "deleted": ["gone"]}
    assert common.names_diff(results) == {
        "before": {"same": {"v": 1}, "moved": {"v": 1}, "gone": {"v": 1}},
        "after": {"new": {"v": 1}, "same": {"v": 1}, "moved": {"v": 2}},
    }
    assert common.names_diff(results, {"new": {"v": 9}})["after"] == {"new": {"v": 9}}


KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.mark.parametrize(
    "value, expected",
    [
        (KEY, True),
        ("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234", True),
        # amazon.aws's parse_aws_arn() accepts these: it searches the string and stops at a line break
        ("my " + KEY, False),
        (KEY + "\nsomething else", False),
        (KEY + "\n", False),
        (None, False),
        (12, False),
        ("arn:aws:sns:us-east-1:123456789012:key/1234", False),  # another service
        ("arn:aws:kms:us-east-1:123456789012:key:1234", False),  # key:, not key/
        ("arn:aws:kms:us-east-1:123456789012:alias/ebs", False),  # another resource type
        ("arn:aws:kms:us-east-1:123456789012:key/", False),  # no key id
        ("arn:aws:kms::123456789012:key/1234", False),  # no region
        ("arn:aws:kms:us-east-1:12345678901:key/1234", False),  # 11 digits
        ("arn:aws:kms:us-east-1::key/1234", False),
        ("arn:aws:kms:us-east-1:aws:key/1234", False),
    ],
)
def test_parse_arn_is_the_whole_string_with_service_type_region_and_account(value, expected):
    from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn

    parts = parse_arn(value, "kms", resource_type="key/", region=True, account=True)
    assert bool(parts) is expected
    if expected:
        assert parts["resource_id"] == value.rsplit("/", 1)[1] and parts["partition"] == value.split(":")[1]


def test_parse_arn_region_and_account_rules():
    from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn

    cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    assert parse_arn(cert, "acm", region="us-east-1")["region"] == "us-east-1"
    assert parse_arn(cert.replace("us-east-1", "eu-west-1"), "acm", region="us-east-1") is None
    bucket = "arn:aws:s3:::logs/prefix/"
    assert parse_arn(bucket, "s3", region=False, account=False)["resource"] == "logs/prefix/"
    assert parse_arn("arn:aws:s3:eu-west-1:123456789012:accesspoint/x", "s3", region=False, account=False) is None
    assert parse_arn("arn:aws:iam::123456789012:role/r", "iam", region=False, account=False) is None
    group = parse_arn("arn:aws:logs:us-east-1:123456789012:log-group:/a/b:*", "logs", resource_type="log-group:")
    assert group["resource_id"] == "/a/b:*"
