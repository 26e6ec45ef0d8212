# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACM API calls for requested (Amazon-issued) certificates, one small function each, retried with ``aws_retry()``
and wrapped by ``ACMRequestErrorHandler``; plus finding "the" certificate of a domain and its DNS validation records.

A requested certificate has no name: it is identified by its domain name, its set of subject alternative names and
its key algorithm (AWS cannot change any of them; a different set means another certificate).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# Statuses of a certificate that is, or may still become, usable; others are history and never matched.
LIVE_STATUSES = ["PENDING_VALIDATION", "ISSUED"]
FAILED_STATUSES = ("VALIDATION_TIMED_OUT", "FAILED", "REVOKED", "EXPIRED", "INACTIVE")


class AnsibleACMRequestError(AnsibleAWSError):
    pass


class ACMRequestErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleACMRequestError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ResourceNotFoundException")


@ACMRequestErrorHandler.list_error_handler("list certificates", [])
@aws_retry()
def list_certificates(client, key_algorithm: str) -> List[Dict[str, Any]]:
    params = dict(CertificateStatuses=LIVE_STATUSES, Includes={"keyTypes": [key_algorithm]})
    return client.get_paginator("list_certificates").paginate(**params).build_full_result()["CertificateSummaryList"]


@ACMRequestErrorHandler.list_error_handler("list issued certificates", [])
@aws_retry()
def list_issued_certificates(client) -> List[Dict[str, Any]]:
    """Summaries (domain, ARN, NotAfter...) of the ISSUED certificates of the region, of the key types ACM lists by
    default (RSA 2048, as community.aws.acm_certificate_info), all pages."""
    params = dict(CertificateStatuses=["ISSUED"])
    return client.get_paginator("list_certificates").paginate(**params).build_full_result()["CertificateSummaryList"]


@ACMRequestErrorHandler.list_error_handler("describe certificate")
@aws_retry()
def describe_certificate(client, arn: str) -> Optional[Dict[str, Any]]:
    return client.describe_certificate(CertificateArn=arn)["Certificate"]


@ACMRequestErrorHandler.list_error_handler("list certificate tags", [])
@aws_retry()
def list_tags(client, arn: str) -> List[Dict[str, str]]:
    return client.list_tags_for_certificate(CertificateArn=arn).get("Tags", [])


@ACMRequestErrorHandler.common_error_handler("request certificate")
@aws_retry()
def request_certificate(client, **params: Any) -> str:
    return client.request_certificate(**params)["CertificateArn"]


@ACMRequestErrorHandler.common_error_handler("update certificate options")
@aws_retry()
def update_certificate_options(client, arn: str, transparency_logging: bool) -> bool:
    preference = "ENABLED" if transparency_logging else "DISABLED"
    client.update_certificate_options(
        CertificateArn=arn, Options={"CertificateTransparencyLoggingPreference": preference}
    )
    return True


@ACMRequestErrorHandler.common_error_handler("tag certificate")
@aws_retry()
def add_tags(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.add_tags_to_certificate(CertificateArn=arn, Tags=ansible_dict_to_boto3_tag_list(tags))
    return True


@ACMRequestErrorHandler.common_error_handler("untag certificate")
@aws_retry()
def remove_tags(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.remove_tags_from_certificate(CertificateArn=arn, Tags=ansible_dict_to_boto3_tag_list(tags))
    return True


@ACMRequestErrorHandler.deletion_error_handler("delete certificate")
@aws_retry()
def delete_certificate(client, arn: str) -> bool:
    client.delete_certificate(CertificateArn=arn)
    return True


def validation_records(certificate: Dict[str, Any]) -> List[Dict[str, str]]:
    """The DNS records that validate a snake_cased certificate, one per record name (a wildcard and its apex share
    one), in domain order; [] until ACM has generated them."""
    records, seen = [], set()
    for option in certificate.get("domain_validation_options") or []:
        record = option.get("resource_record")
        if not record or record["name"] in seen:
            continue
        seen.add(record["name"])
        records.append(
            {
                "domain_name": option["domain_name"],
                "name": record["name"],
                "type": record["type"],
                "value": record["value"],
            }
        )
    return records


def normalize_certificate(certificate: Optional[Dict[str, Any]], tags: List[Dict[str, str]]) -> Optional[Dict]:
    if not certificate:
        return None
    result = camel_dict_to_snake_dict(certificate)
    result["tags"] = boto3_tag_list_to_ansible_dict(tags)
    result["transparency_logging"] = (certificate.get("Options") or {}).get(
        "CertificateTransparencyLoggingPreference", "ENABLED"
    ) == "ENABLED"
    return result


def get_certificate(client, arn: str) -> Optional[Dict[str, Any]]:
    """The snake_cased certificate with its tags, or None."""
    certificate = describe_certificate(client, arn)
    return normalize_certificate(certificate, list_tags(client, arn)) if certificate else None


def find_certificate(client, domain_name: str, names: List[str], key_algorithm: str) -> Optional[Dict[str, Any]]:
    """The requested certificate for exactly this domain, SAN set and key algorithm (issued before pending, newest
    first), or None."""
    wanted = sorted(set(names) | {domain_name})
    found = []
    for summary in list_certificates(client, key_algorithm):
        if summary.get("DomainName") != domain_name or summary.get("Type", "AMAZON_ISSUED") != "AMAZON_ISSUED":
            continue
        certificate = describe_certificate(client, summary["CertificateArn"])
        if not certificate or certificate.get("Type") != "AMAZON_ISSUED":
            continue
        if certificate.get("KeyAlgorithm", "RSA_2048").replace("-", "_") != key_algorithm:
            continue
        if sorted(set(certificate.get("SubjectAlternativeNames") or [domain_name])) == wanted:
            found.append(certificate)
    if not found:
        return None
    found.sort(key=lambda c: (c.get("Status") == "ISSUED", str(c.get("CreatedAt", ""))), reverse=True)
    return normalize_certificate(found[0], list_tags(client, found[0]["CertificateArn"]))
