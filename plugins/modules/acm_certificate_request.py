#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: acm_certificate_request
short_description: Request a DNS-validated ACM certificate and return its validation records
version_added: 0.1.0
description:
  - Requests a public certificate from AWS Certificate Manager with DNS validation, returns the CNAME records that
    validate it (to be created with M(amazon.aws.route53)), and can wait until ACM has issued it.
    M(community.aws.acm_certificate) only imports certificates.
  - The certificate is identified by O(domain_name), the set of O(subject_alternative_names) and O(key_algorithm);
    a re-run finds the one requested before (issued before pending, newest first) and requests nothing. Another
    set of names is another certificate; the old one is left for you to delete once nothing uses it.
  - Tags and O(transparency_logging) are updated in place.
  - After a request the module waits (up to a minute) until ACM has generated the validation records. With
    O(wait=true) it then waits until the certificate is issued, which needs the records to be resolvable.
  - Supports check mode (returns the predicted certificate; a new one has no ARN nor records yet) and diff mode.
  - For CloudFront, request the certificate in us-east-1 (O(region)).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  domain_name:
    description:
      - The certificate's main domain name, for example V(example.com) or V(*.example.com).
    type: str
    required: true
  subject_alternative_names:
    description:
      - Other names the certificate covers, for example V([www.example.com]). O(domain_name) is always included.
    type: list
    elements: str
    default: []
  key_algorithm:
    description:
      - Algorithm of the certificate's key pair.
    type: str
    choices: [RSA_2048, EC_prime256v1, EC_secp384r1]
    default: RSA_2048
  transparency_logging:
    description:
      - Whether the certificate is logged to public certificate transparency logs (browsers expect it).
      - When not set, a new certificate is logged and an existing one is left alone.
    type: bool
  wait:
    description:
      - Wait until the certificate is issued (status C(ISSUED)); fail if ACM gives up validating it.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true).
    type: int
    default: 600
  state:
    description:
      - Whether the certificate should exist. V(absent) deletes the matching certificate (AWS refuses while a load
        balancer or distribution uses it).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Request the certificate
  prodgrade.aws.acm_certificate_request:
    domain_name: example.com
    subject_alternative_names: [www.example.com]
    tags:
      Name: ecia-prod
  register: cert

- name: Publish its validation records
  amazon.aws.route53:
    zone: example.com
    record: "{{ item.name }}"
    type: "{{ item.type }}"
    value: "{{ item.value }}"
    ttl: 300
    overwrite: true
  loop: "{{ cert.validation_records }}"

- name: Wait until it is issued
  prodgrade.aws.acm_certificate_request:
    domain_name: example.com
    subject_alternative_names: [www.example.com]
    wait: true
"""

RETURN = r"""
certificate:
  description:
    - The certificate as DescribeCertificate returns it, snake_cased, with its tags. In check mode, the predicted
      one (without RV(certificate.certificate_arn) when it would be requested). An empty dict when absent.
  returned: always
  type: dict
  contains:
    certificate_arn:
      description: ARN of the certificate.
      type: str
      sample: arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555
    domain_name:
      description: Main domain name.
      type: str
      sample: example.com
    subject_alternative_names:
      description: All the names the certificate covers.
      type: list
      elements: str
      sample: [example.com, www.example.com]
    status:
      description: Status, C(PENDING_VALIDATION) until the records are found, then C(ISSUED).
      type: str
      sample: ISSUED
    domain_validation_options:
      description: Validation status and record of each name.
      type: list
      elements: dict
      sample: []
    transparency_logging:
      description: Whether the certificate is logged to certificate transparency logs.
      type: bool
      sample: true
    tags:
      description: Tags of the certificate.
      type: dict
      sample: {"Name": "ecia-prod"}
validation_records:
  description: The DNS records that validate the certificate, one per record name.
  returned: always
  type: list
  elements: dict
  contains:
    domain_name:
      description: Name the record validates.
      type: str
      sample: example.com
    name:
      description: Record name.
      type: str
      sample: _3f2a.example.com.
    type:
      description: Record type.
      type: str
      sample: CNAME
    value:
      description: Record value.
      type: str
      sample: _9b1c.abcdefg.acm-validations.aws.
"""

import re
import time

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.prodgrade.aws.plugins.module_utils.acm import FAILED_STATUSES
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import add_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import delete_certificate
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import find_certificate
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import get_certificate
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import remove_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import request_certificate
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import update_certificate_options
from ansible_collections.prodgrade.aws.plugins.module_utils.acm import validation_records
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge

ARGUMENT_SPEC = dict(
    domain_name=dict(type="str", required=True),
    subject_alternative_names=dict(type="list", elements="str", default=[]),
    key_algorithm=dict(type="str", default="RSA_2048", choices=["RSA_2048", "EC_prime256v1", "EC_secp384r1"]),
    transparency_logging=dict(type="bool"),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=600),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
# A DNS name (optionally a wildcard's "*." first label), 253 characters at most, labels of 1-63.
DOMAIN = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
MAX_NAMES = 100  # ACM default quota: domain names per certificate
POLL = 5  # seconds between DescribeCertificate calls while waiting
RECORDS_WAIT = 60  # seconds ACM may take to generate the validation records after a request


def names(p):
    return sorted(set(p["subject_alternative_names"]) | {p["domain_name"]})


def validate_params(p):
    errors = []
    for name in [p["domain_name"]] + p["subject_alternative_names"]:
        if len(name) > 253 or not DOMAIN.match(name):
            errors.append(
                f"domain_name/subject_alternative_names: {name!r} is not a DNS name (a wildcard only as '*.')"
            )
    if len(names(p)) > MAX_NAMES:
        errors.append(f"a certificate covers at most {MAX_NAMES} names, not {len(names(p))}")
    if p["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more")
    if p["wait"] and p["state"] == "absent":
        errors.append("wait only applies to state=present")
    return errors


def desired_certificate(p, current):
    if p["state"] == "absent":
        return None
    desired = dict(
        domain_name=p["domain_name"],
        subject_alternative_names=names(p),
        transparency_logging=p["transparency_logging"],
        tags=None,
    )
    if p["tags"] is not None:
        have = (current or {}).get("tags") or {}
        desired["tags"] = dict({k: v for k, v in have.items() if not p["purge_tags"]}, **p["tags"])
    return desired


def differs(current, desired):
    return changed_keys(current, {k: v for k, v in desired.items() if k != "subject_alternative_names"})


def wait_for(client, module, arn, ready, what, timeout):
    """Poll the certificate until ready(certificate); fail on a failed status or after ``timeout`` seconds."""
    for _attempt in range(max(1, timeout // POLL)):
        certificate = get_certificate(client, arn)
        if certificate and certificate.get("status") in FAILED_STATUSES:
            module.fail_json(msg=f"Certificate {arn} is {certificate['status']}", certificate=certificate)
        if certificate and ready(certificate):
            return certificate
        time.sleep(POLL)
    module.fail_json(msg=f"Timed out after {timeout} s waiting for certificate {arn} {what}", certificate=certificate)


def has_records(certificate):
    options = certificate.get("domain_validation_options") or []
    return bool(options) and all(o.get("resource_record") for o in options)


def create(client, module, p, desired):
    params = dict(
        DomainName=p["domain_name"],
        ValidationMethod="DNS",
        KeyAlgorithm=p["key_algorithm"],
    )
    if len(names(p)) > 1:
        params["SubjectAlternativeNames"] = names(p)
    if p["transparency_logging"] is not None:
        logging = "ENABLED" if p["transparency_logging"] else "DISABLED"
        params["Options"] = {"CertificateTransparencyLoggingPreference": logging}
    if desired.get("tags"):
        params["Tags"] = ansible_dict_to_boto3_tag_list(desired["tags"])
    arn = request_certificate(client, **params)
    return wait_for(client, module, arn, has_records, "to get its validation records", RECORDS_WAIT)


def update(client, current, desired, purge_tags):
    arn = current["certificate_arn"]
    keys = differs(current, desired)
    if "transparency_logging" in keys:
        update_certificate_options(client, arn, desired["transparency_logging"])
    if "tags" in keys:
        to_set, to_unset = compare_aws_tags(current.get("tags") or {}, desired["tags"], purge_tags)
        remove_tags(client, arn, {k: current["tags"][k] for k in to_unset})
        add_tags(client, arn, to_set)
    return get_certificate(client, arn) or merge(current, desired)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("acm")
    try:
        current = find_certificate(client, p["domain_name"], names(p), p["key_algorithm"])
        desired = desired_certificate(p, current)
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=differs,
            predict=lambda c, d: merge(c, d) if c else merge(None, dict(d, status="PENDING_VALIDATION")),
            create=lambda d: create(client, module, p, d),
            update=lambda c, d: update(client, c, d, p["purge_tags"]),
            delete=lambda c: delete_certificate(client, c["certificate_arn"]),
        )
        after = result.after
        if p["wait"] and after and after.get("status") != "ISSUED" and not module.check_mode:
            after = wait_for(
                client,
                module,
                after["certificate_arn"],
                lambda c: c["status"] == "ISSUED",
                "to be issued",
                p["wait_timeout"],
            )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    diff = {"before": result.before or {}, "after": after or {}}
    module.exit_json(
        changed=result.changed, certificate=after or {}, validation_records=validation_records(after or {}), diff=diff
    )


if __name__ == "__main__":
    main()
