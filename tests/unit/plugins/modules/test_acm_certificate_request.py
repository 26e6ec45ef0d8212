"""acm_certificate_request driven through main() against a Stubber-validated ACM client."""

import copy
import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import acm_certificate_request

ARN = "arn:aws:acm:us-east-1:123456789012:certificate/1111"
OTHER = "arn:aws:acm:us-east-1:123456789012:certificate/2222"
ARGS = {"domain_name": "example.com", "subject_alternative_names": ["www.example.com"], "tags": {"Name": "edge"}}
LIST = {"CertificateStatuses": ["PENDING_VALIDATION", "ISSUED"], "Includes": {"keyTypes": ["RSA_2048"]}}
RECORD = {"Name": "_x.example.com.", "Type": "CNAME", "Value": "_y.acm-validations.aws."}
WWW_RECORD = dict(RECORD, Name="_x.www.example.com.")


def cert(arn=ARN, status="PENDING_VALIDATION", sans=("example.com", "www.example.com"), records=True, **extra):
    options = []
    for name, record in (("example.com", RECORD), ("www.example.com", WWW_RECORD)):
        if name in sans:
            option = {
                "DomainName": name,
                "ValidationStatus": status if status != "ISSUED" else "SUCCESS",
                "ValidationMethod": "DNS",
            }
            if records:
                option["ResourceRecord"] = record
            options.append(option)
    return dict(
        {
            "CertificateArn": arn,
            "DomainName": "example.com",
            "SubjectAlternativeNames": list(sans),
            "Status": status,
            "Type": "AMAZON_ISSUED",
            "KeyAlgorithm": "RSA-2048",
            "CreatedAt": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
            "DomainValidationOptions": options,
            "Options": {"CertificateTransparencyLoggingPreference": "ENABLED"},
        },
        **extra,
    )


@pytest.fixture
def acm(aws_client):
    return aws_client("acm")


@pytest.fixture
def stub(acm):
    return acm[1]


@pytest.fixture
def run(run_module, acm):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(copy.deepcopy(ARGS), **(args or {})).items() if v is not None}
        return run_module(acm_certificate_request.main, merged, client=acm[0], **kw)

    return run_


def summary(certificate):
    return {k: certificate[k] for k in ("CertificateArn", "DomainName", "Status", "Type")}


def expect_find(stub, *certificates, tags=({"Key": "Name", "Value": "edge"},)):
    stub.add_response("list_certificates", {"CertificateSummaryList": [summary(c) for c in certificates]}, LIST)
    for certificate in certificates:
        stub.add_response(
            "describe_certificate", {"Certificate": certificate}, {"CertificateArn": certificate["CertificateArn"]}
        )
    matching = [c for c in certificates if c["SubjectAlternativeNames"] == ["example.com", "www.example.com"]]
    if matching:
        best = sorted(matching, key=lambda c: c["Status"] == "ISSUED", reverse=True)[0]
        stub.add_response("list_tags_for_certificate", {"Tags": list(tags)}, {"CertificateArn": best["CertificateArn"]})


def expect_get(stub, certificate, tags=({"Key": "Name", "Value": "edge"},)):
    stub.add_response(
        "describe_certificate", {"Certificate": certificate}, {"CertificateArn": certificate["CertificateArn"]}
    )
    stub.add_response(
        "list_tags_for_certificate", {"Tags": list(tags)}, {"CertificateArn": certificate["CertificateArn"]}
    )


def test_request_waits_for_records_and_returns_them(stub, run, sleeps):
    expect_find(stub, cert(OTHER, sans=("example.com",)))  # another SAN set: another certificate
    request = {
        "DomainName": "example.com",
        "ValidationMethod": "DNS",
        "KeyAlgorithm": "RSA_2048",
        "SubjectAlternativeNames": ["example.com", "www.example.com"],
        "Tags": [{"Key": "Name", "Value": "edge"}],
    }
    stub.add_response("request_certificate", {"CertificateArn": ARN}, request)
    expect_get(stub, cert(records=False))  # ACM has not generated the records yet
    expect_get(stub, cert())
    result = run(diff=True)
    assert result["changed"] and result["certificate"]["certificate_arn"] == ARN
    assert [r["name"] for r in result["validation_records"]] == ["_x.example.com.", "_x.www.example.com."]
    assert result["diff"]["before"] == {} and sleeps == [5]


def test_rerun_finds_the_issued_one(stub, run):
    expect_find(stub, cert(OTHER), cert(status="ISSUED"))
    result = run()
    assert not result["changed"] and result["certificate"]["certificate_arn"] == ARN
    assert result["certificate"]["status"] == "ISSUED"


def test_tags_and_transparency_updated_in_place(stub, run):
    expect_find(stub, cert(), tags=[{"Key": "Name", "Value": "old"}, {"Key": "gone", "Value": "x"}])
    stub.add_response(
        "update_certificate_options",
        {},
        {"CertificateArn": ARN, "Options": {"CertificateTransparencyLoggingPreference": "DISABLED"}},
    )
    stub.add_response(
        "remove_tags_from_certificate", {}, {"CertificateArn": ARN, "Tags": [{"Key": "gone", "Value": "x"}]}
    )
    stub.add_response(
        "add_tags_to_certificate", {}, {"CertificateArn": ARN, "Tags": [{"Key": "Name", "Value": "edge"}]}
    )
    expect_get(stub, cert(Options={"CertificateTransparencyLoggingPreference": "DISABLED"}))
    result = run({"transparency_logging": False}, diff=True)
    assert result["changed"] and result["certificate"]["tags"] == {"Name": "edge"}
    assert result["diff"]["before"]["tags"] == {"Name": "old", "gone": "x"}
    assert result["certificate"]["transparency_logging"] is False


def test_wait_until_issued(stub, run, sleeps):
    expect_find(stub, cert())
    expect_get(stub, cert())
    expect_get(stub, cert(status="ISSUED"))
    result = run({"wait": True})
    assert not result["changed"] and result["certificate"]["status"] == "ISSUED" and sleeps == [5]


def test_wait_fails_when_validation_timed_out(stub, run):
    expect_find(stub, cert())
    expect_get(stub, cert(status="VALIDATION_TIMED_OUT"))
    result = run({"wait": True})
    assert result["failed"] and "VALIDATION_TIMED_OUT" in result["msg"]


def test_wait_times_out(stub, run):
    expect_find(stub, cert())
    expect_get(stub, cert())
    expect_get(stub, cert())
    result = run({"wait": True, "wait_timeout": 10})
    assert result["failed"] and "Timed out after 10 s" in result["msg"]


def test_delete(stub, run):
    expect_find(stub, cert(status="ISSUED"))
    stub.add_response("delete_certificate", {}, {"CertificateArn": ARN})
    result = run({"state": "absent"})
    assert result["changed"] and result["certificate"] == {} and result["validation_records"] == []


def test_delete_in_use_reports_aws_error(stub, run):
    expect_find(stub, cert(status="ISSUED"))
    stub.add_client_error("delete_certificate", "ResourceInUseException", "used by a distribution")
    result = run({"state": "absent"})
    assert result["failed"] and "used by a distribution" in result["msg"]


def test_absent_when_none_is_a_noop(stub, run):
    expect_find(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    expect_find(stub)
    result = run(check_mode=True)
    assert result["changed"] and result["certificate"]["status"] == "PENDING_VALIDATION"
    assert "certificate_arn" not in result["certificate"] and result["validation_records"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        ({"domain_name": "exa mple.com"}, "is not a DNS name"),
        ({"subject_alternative_names": ["www.*.example.com"]}, "is not a DNS name"),
        ({"subject_alternative_names": [f"n{i}.example.com" for i in range(100)]}, "at most 100 names"),
        ({"state": "absent", "wait": True}, "wait only applies to state=present"),
        ({"key_algorithm": "RSA_1024"}, "key_algorithm"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    merged = dict(copy.deepcopy(ARGS), **args)
    result = run_module(acm_certificate_request.main, merged)
    assert result["failed"] and message in result["msg"]
