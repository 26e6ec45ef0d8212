#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloudfront_distribution
short_description: Manage a CloudFront distribution, comparing only the options set
version_added: 0.1.0
description:
  - Creates, updates, disables and deletes a CloudFront web distribution whose cache behaviors use cache policies
    (M(prodgrade.aws.cloudfront_cache_policy)).
  - The distribution is found by O(distribution_id) when given, else by O(caller_reference), CloudFront's own
    identity of a distribution (unique in the account, fixed at creation). ListDistributions does not return it,
    so the module reads each distribution of the account with GetDistribution until one matches (one call per
    distribution). Tags play no part in finding it.
  - Only the options that are set are compared; an option that is not set leaves that setting of an existing
    distribution alone. An update starts from the distribution's current configuration (GetDistributionConfig)
    and overlays only the options set, so defaults AWS added and settings this module does not manage (custom
    error responses, geo restrictions, origin groups, function associations ...) are kept and never show as a
    change. Lists are compared whole (O(aliases) as a set, O(origins) by their ids, O(cache_behaviors) in order by
    C(path_pattern)); inside an origin or a behavior only the sub-options set are compared.
  - A new distribution gets CloudFront's defaults for what is not set (noted per option).
  - AWS's rules are checked before any change (limits of 25 origins, 25 cache behaviors, 100 aliases and 10 custom
    headers per origin; a behavior's origin must exist; allowed/cached method sets; an ACM certificate in
    us-east-1; a WAFv2 web ACL of scope CLOUDFRONT; aliases need a certificate). A behavior with a cache policy
    never carries C(ForwardedValues) or TTLs (AWS refuses them).
  - O(state=absent) disables the distribution (AWS deletes only disabled, deployed ones), waits for the
    deployment when O(wait=true), and deletes it with its current ETag. With O(wait=false) a distribution still
    deploying its disabling is left disabled with a warning; run the task again once it is deployed.
  - Supports check mode (returns the predicted distribution) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  caller_reference:
    description:
      - CloudFront's unique reference of the distribution; required to create one. Cannot change.
      - With O(distribution_id), it must match the distribution's.
    type: str
  distribution_id:
    description:
      - Id of an existing distribution to manage (instead of finding it by O(caller_reference)).
    type: str
  comment:
    description: Comment (up to 128 characters). New distributions get V("").
    type: str
  enabled:
    description: Whether the distribution serves requests.
    type: bool
    default: true
  aliases:
    description:
      - Alternate domain names (CNAMEs), the complete list (compared as a set). They need
        O(viewer_certificate.acm_certificate_arn) covering them. New distributions get none.
    type: list
    elements: str
  default_root_object:
    description: Object returned for the root URL (for example V(index.html), no leading V(/)).
    type: str
  http_version:
    description: Highest HTTP version viewers may use. New distributions get V(http2).
    type: str
    choices: [http1.1, http2, http3, http2and3]
  ipv6_enabled:
    description: Whether CloudFront answers IPv6 DNS requests. New distributions get V(false) (the API's default).
    type: bool
  price_class:
    description: Edge locations used. New distributions get V(PriceClass_All).
    type: str
    choices: [PriceClass_100, PriceClass_200, PriceClass_All, None]
  web_acl_id:
    description:
      - ARN of a WAFv2 web ACL of scope CLOUDFRONT (created in us-east-1), or a WAF Classic web ACL id.
        V("") removes the web ACL.
    type: str
  origins:
    description:
      - The complete list of origins (matched to the existing ones by O(origins[].id); an origin not listed is
        removed). Up to 25.
    type: list
    elements: dict
    suboptions:
      id:
        description: Unique id of the origin in the distribution (what C(target_origin_id) names).
        type: str
        required: true
      domain_name:
        description: DNS name of the origin (a load balancer, V(<bucket>.s3.<region>.amazonaws.com), ...).
        type: str
      origin_path:
        description: Path prefixed to requests to the origin (V(/app)). New origins get V("").
        type: str
      custom_headers:
        description: Headers added to every request to the origin, the complete list (up to 10).
        type: list
        elements: dict
        suboptions:
          header_name:
            description: Name of the header.
            type: str
            required: true
          header_value:
            description:
              - Value of the header (often a shared secret the origin checks, so it is not logged; it reads back
                masked in the result).
            type: str
            required: true
      custom_origin_config:
        description:
          - Settings of a custom (HTTP) origin such as a load balancer. Exclusive with O(origins[].s3_origin_config);
            setting one turns the origin into that kind.
        type: dict
        suboptions:
          http_port:
            description: HTTP port. New origins get V(80).
            type: int
          https_port:
            description: HTTPS port. New origins get V(443).
            type: int
          origin_protocol_policy:
            description: Protocol CloudFront uses to reach the origin. Required for a new custom origin.
            type: str
            choices: [http-only, match-viewer, https-only]
          origin_ssl_protocols:
            description: TLS protocols CloudFront may use with the origin (a set). New origins get V([TLSv1.2]).
            type: list
            elements: str
            choices: [SSLv3, TLSv1, TLSv1.1, TLSv1.2]
          origin_read_timeout:
            description: Seconds to wait for a response (1-180; above 60 needs a quota increase). New origins get V(30).
            type: int
          origin_keepalive_timeout:
            description: Seconds to keep an idle connection (1-180). New origins get V(5).
            type: int
      s3_origin_config:
        description: Settings of an S3 bucket origin. Exclusive with O(origins[].custom_origin_config).
        type: dict
        suboptions:
          origin_access_identity:
            description:
              - V(origin-access-identity/cloudfront/<id>) of a legacy origin access identity, or V("") (the
                default) when using O(origins[].origin_access_control_id) or a public bucket.
            type: str
      origin_access_control_id:
        description: Id of an origin access control (S3 origins). V("") removes it.
        type: str
      connection_attempts:
        description: Connection attempts to the origin (1-3). New origins get V(3).
        type: int
      connection_timeout:
        description: Seconds to wait for a connection (1-10). New origins get V(10).
        type: int
  default_cache_behavior:
    description:
      - The default cache behavior. Required to create a distribution, with C(target_origin_id),
        C(viewer_protocol_policy) and C(cache_policy_id).
    type: dict
    suboptions: &behavior
      target_origin_id:
        description: Id of the origin the requests go to (one of O(origins[].id)).
        type: str
      viewer_protocol_policy:
        description: What viewers may use.
        type: str
        choices: [allow-all, https-only, redirect-to-https]
      allowed_methods:
        description:
          - HTTP methods forwarded, one of the sets V([GET, HEAD]) (new behaviors), V([GET, HEAD, OPTIONS]) or
            V([GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]), in any order.
        type: list
        elements: str
        choices: [GET, HEAD, POST, PUT, PATCH, OPTIONS, DELETE]
      cached_methods:
        description:
          - Methods whose responses are cached, V([GET, HEAD]) (new behaviors) or V([GET, HEAD, OPTIONS]); a
            subset of the allowed methods.
        type: list
        elements: str
        choices: [GET, HEAD, OPTIONS]
      cache_policy_id:
        description:
          - Id of the cache policy (custom, or managed such as C(Managed-CachingDisabled)
            V(4135ea2d-6df8-44a3-9df3-4b5a84be39ad)). Required for a new behavior.
        type: str
      origin_request_policy_id:
        description:
          - Id of the origin request policy (for example C(Managed-AllViewer)
            V(216adef6-5c7f-47e4-b989-5492eafa07d3)). V("") removes it.
        type: str
      response_headers_policy_id:
        description: Id of the response headers policy. V("") removes it.
        type: str
      compress:
        description: Whether CloudFront compresses objects (the cache policy must enable Gzip/Brotli). New behaviors get V(false).
        type: bool
  cache_behaviors:
    description:
      - The complete, ordered list of the other cache behaviors (the order is their precedence); matched to the
        existing ones by O(cache_behaviors[].path_pattern). Up to 25.
    type: list
    elements: dict
    suboptions:
      path_pattern:
        description: Path pattern of the behavior (V(/static/*)).
        type: str
        required: true
      <<: *behavior
  viewer_certificate:
    description:
      - The certificate viewers see. New distributions get the CloudFront default certificate (V(*.cloudfront.net),
        C(minimum_protocol_version=TLSv1)).
    type: dict
    suboptions:
      acm_certificate_arn:
        description:
          - ARN of an ACM certificate in B(us-east-1) covering O(aliases). Setting it turns the default certificate
            off; a first ACM certificate gets C(ssl_support_method=sni-only) and
            C(minimum_protocol_version=TLSv1.2_2021) unless set.
        type: str
      cloudfront_default_certificate:
        description: V(true) to use the V(*.cloudfront.net) certificate (no aliases then).
        type: bool
      ssl_support_method:
        description: How CloudFront serves HTTPS with O(viewer_certificate.acm_certificate_arn).
        type: str
        choices: [sni-only, vip, static-ip]
      minimum_protocol_version:
        description: Security policy for viewer connections (V(TLSv1) with the default certificate).
        type: str
        choices: [SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016, TLSv1.2_2018, TLSv1.2_2019, TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025]
  logging:
    description: Standard (access) logs to an S3 bucket. New distributions log nothing.
    type: dict
    suboptions:
      enabled:
        description:
          - Whether logs are written. Defaults to V(true) when O(logging.bucket) is set; V(false) clears the
            other settings (as AWS does).
        type: bool
      bucket:
        description: The bucket's domain name, V(<bucket>.s3.amazonaws.com).
        type: str
      prefix:
        description: Prefix of the log object names.
        type: str
      include_cookies:
        description: Whether cookies are logged.
        type: bool
  state:
    description:
      - V(absent) disables, then deletes the distribution (see the description).
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until the distribution is deployed (waiter C(distribution_deployed)) after a create, update or the
        disabling before a delete. On AWS this takes minutes.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true).
    type: int
    default: 1800
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
notes:
  - CloudFront is global; its API is in us-east-1 whatever O(region) says.
  - AWS allows more origins, behaviors or aliases after a quota increase; this module enforces the default quotas.
"""

EXAMPLES = r"""
- name: Distribution in front of the application load balancer, with the web ACL
  prodgrade.aws.cloudfront_distribution:
    caller_reference: ecia-prod-edge
    comment: ecia-prod
    aliases: [example.com, www.example.com]
    http_version: http2and3
    ipv6_enabled: true
    price_class: PriceClass_100
    web_acl_id: "{{ web_acl.arn }}"
    origins:
      - id: alb
        domain_name: "{{ alb_dns_name }}"
        custom_origin_config:
          origin_protocol_policy: https-only
          origin_ssl_protocols: [TLSv1.2]
    default_cache_behavior:
      target_origin_id: alb
      viewer_protocol_policy: redirect-to-https
      allowed_methods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]
      cached_methods: [GET, HEAD]
      cache_policy_id: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad  # Managed-CachingDisabled
      origin_request_policy_id: 216adef6-5c7f-47e4-b989-5492eafa07d3  # Managed-AllViewer
    cache_behaviors:
      - path_pattern: /static/*
        target_origin_id: alb
        viewer_protocol_policy: redirect-to-https
        cache_policy_id: "{{ static_policy.cache_policy.id }}"
        compress: true
    viewer_certificate:
      acm_certificate_arn: "{{ cloudfront_certificate_arn }}"  # in us-east-1
      ssl_support_method: sni-only
      minimum_protocol_version: TLSv1.2_2021
    tags:
      Name: ecia-prod-edge
  register: edge

- name: Take the distribution out of service (one option, the rest left alone)
  prodgrade.aws.cloudfront_distribution:
    distribution_id: "{{ edge.distribution.id }}"
    enabled: false

- name: Delete it (disable, wait for the deployment, delete)
  prodgrade.aws.cloudfront_distribution:
    caller_reference: ecia-prod-edge
    state: absent
    wait: true
"""

RETURN = r"""
distribution:
  description:
    - The distribution, its configuration in the shape of the options (every option present; lists of names
      sorted, origins sorted by id, V("") for an unset id). In check mode, the predicted one (without RV(distribution.id)
      for a new one). An empty dict once deleted.
  returned: always
  type: dict
  contains:
    id:
      description: Id of the distribution.
      type: str
      sample: E2QWRUHAPOMQZL
    arn:
      description: ARN of the distribution.
      type: str
      sample: arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL
    domain_name:
      description: Its C(*.cloudfront.net) name (the target of Route 53 alias records, zone C(Z2FDTNDATAQYW2)).
      type: str
      sample: d111111abcdef8.cloudfront.net
    status:
      description: C(InProgress) while a change deploys, then C(Deployed).
      type: str
      sample: Deployed
    etag:
      description: Current version (ETag) of the configuration.
      type: str
      sample: E2QWRUHEXAMPLE
    last_modified_time:
      description: When the configuration last changed.
      type: str
      sample: "2026-11-23 18:00:00+00:00"
    caller_reference:
      description: Its caller reference.
      type: str
      sample: ecia-prod-edge
    comment:
      description: Comment.
      type: str
      sample: ecia-prod
    enabled:
      description: Whether it serves requests.
      type: bool
      sample: true
    aliases:
      description: Alternate domain names, sorted.
      type: list
      elements: str
      sample: [example.com, www.example.com]
    default_root_object:
      description: Default root object.
      type: str
      sample: ""
    http_version:
      description: HTTP version.
      type: str
      sample: http2and3
    ipv6_enabled:
      description: Whether IPv6 is on.
      type: bool
      sample: true
    price_class:
      description: Price class.
      type: str
      sample: PriceClass_100
    web_acl_id:
      description: Web ACL.
      type: str
      sample: arn:aws:wafv2:us-east-1:123456789012:global/webacl/ecia-prod/1111
    origins:
      description: Origins (sorted by id), in the shape of O(origins); C(custom_origin_config) / C(s3_origin_config) null when not that kind.
      type: list
      elements: dict
      sample: [{"id": "alb", "domain_name": "alb-1.ap-south-1.elb.amazonaws.com", "origin_path": "", "custom_headers": [],
                "custom_origin_config": {"http_port": 80, "https_port": 443, "origin_protocol_policy": "https-only",
                "origin_ssl_protocols": ["TLSv1.2"], "origin_read_timeout": 30, "origin_keepalive_timeout": 5},
                "s3_origin_config": null, "origin_access_control_id": "", "connection_attempts": 3, "connection_timeout": 10}]
    default_cache_behavior:
      description: Default behavior, in the shape of O(default_cache_behavior).
      type: dict
      sample: {"target_origin_id": "alb", "viewer_protocol_policy": "redirect-to-https", "allowed_methods": ["GET", "HEAD"],
               "cached_methods": ["GET", "HEAD"], "cache_policy_id": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
               "origin_request_policy_id": "", "response_headers_policy_id": "", "compress": false}
    cache_behaviors:
      description: The other behaviors in order, each with C(path_pattern).
      type: list
      elements: dict
      sample: []
    viewer_certificate:
      description: Certificate settings, in the shape of O(viewer_certificate).
      type: dict
      sample: {"acm_certificate_arn": "", "cloudfront_default_certificate": true, "ssl_support_method": "", "minimum_protocol_version": "TLSv1"}
    logging:
      description: Logging settings, in the shape of O(logging).
      type: dict
      sample: {"enabled": false, "bucket": "", "prefix": "", "include_cookies": false}
    tags:
      description: Tags.
      type: dict
      sample: {"Name": "ecia-prod-edge"}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import build_config
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import create_distribution
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import delete_distribution
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import distribution_errors
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import distribution_from_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import find_distribution
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import get_distribution
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import legacy_behaviors
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import list_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import update_distribution
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import wait_deployed
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure

BEHAVIOR_OPTIONS = dict(
    target_origin_id=dict(type="str"),
    viewer_protocol_policy=dict(type="str", choices=["allow-all", "https-only", "redirect-to-https"]),
    allowed_methods=dict(
        type="list", elements="str", choices=["GET", "HEAD", "POST", "PUT", "PATCH", "OPTIONS", "DELETE"]
    ),
    cached_methods=dict(type="list", elements="str", choices=["GET", "HEAD", "OPTIONS"]),
    cache_policy_id=dict(type="str"),
    origin_request_policy_id=dict(type="str"),
    response_headers_policy_id=dict(type="str"),
    compress=dict(type="bool"),
)
ARGUMENT_SPEC = dict(
    caller_reference=dict(type="str"),
    distribution_id=dict(type="str"),
    comment=dict(type="str"),
    enabled=dict(type="bool", default=True),
    aliases=dict(type="list", elements="str"),
    default_root_object=dict(type="str"),
    http_version=dict(type="str", choices=["http1.1", "http2", "http3", "http2and3"]),
    ipv6_enabled=dict(type="bool"),
    price_class=dict(type="str", choices=["PriceClass_100", "PriceClass_200", "PriceClass_All", "None"]),
    web_acl_id=dict(type="str"),
    origins=dict(
        type="list",
        elements="dict",
        options=dict(
            id=dict(type="str", required=True),
            domain_name=dict(type="str"),
            origin_path=dict(type="str"),
            custom_headers=dict(
                type="list",
                elements="dict",
                options=dict(
                    header_name=dict(type="str", required=True),
                    header_value=dict(type="str", required=True, no_log=True),
                ),
            ),
            custom_origin_config=dict(
                type="dict",
                options=dict(
                    http_port=dict(type="int"),
                    https_port=dict(type="int"),
                    origin_protocol_policy=dict(type="str", choices=["http-only", "match-viewer", "https-only"]),
                    origin_ssl_protocols=dict(
                        type="list", elements="str", choices=["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"]
                    ),
                    origin_read_timeout=dict(type="int"),
                    origin_keepalive_timeout=dict(type="int"),
                ),
            ),
            s3_origin_config=dict(type="dict", options=dict(origin_access_identity=dict(type="str"))),
            origin_access_control_id=dict(type="str"),
            connection_attempts=dict(type="int"),
            connection_timeout=dict(type="int"),
        ),
    ),
    default_cache_behavior=dict(type="dict", options=BEHAVIOR_OPTIONS),
    cache_behaviors=dict(
        type="list", elements="dict", options=dict(BEHAVIOR_OPTIONS, path_pattern=dict(type="str", required=True))
    ),
    viewer_certificate=dict(
        type="dict",
        options=dict(
            acm_certificate_arn=dict(type="str"),
            cloudfront_default_certificate=dict(type="bool"),
            ssl_support_method=dict(type="str", choices=["sni-only", "vip", "static-ip"]),
            minimum_protocol_version=dict(
                type="str",
                choices=[
                    "SSLv3",
                    "TLSv1",
                    "TLSv1_2016",
                    "TLSv1.1_2016",
                    "TLSv1.2_2018",
                    "TLSv1.2_2019",
                    "TLSv1.2_2021",
                    "TLSv1.2_2025",
                    "TLSv1.3_2025",
                ],
            ),
        ),
    ),
    logging=dict(
        type="dict",
        options=dict(
            enabled=dict(type="bool"),
            bucket=dict(type="str"),
            prefix=dict(type="str"),
            include_cookies=dict(type="bool"),
        ),
    ),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=1800),
)
TOP_KEYS = (
    "comment",
    "enabled",
    "default_root_object",
    "http_version",
    "ipv6_enabled",
    "price_class",
    "web_acl_id",
    "viewer_certificate",
    "logging",
)


def _sorted(values):
    return None if values is None else sorted(values)


def _behavior(b):
    return dict(b, allowed_methods=_sorted(b["allowed_methods"]), cached_methods=_sorted(b["cached_methods"]))


def _origin(o):
    o = dict(o)
    if o["custom_headers"] is not None:
        o["custom_headers"] = sorted(o["custom_headers"], key=lambda h: h["header_name"].lower())
    if o["custom_origin_config"] is not None:
        custom = o["custom_origin_config"]
        o["custom_origin_config"] = dict(custom, origin_ssl_protocols=_sorted(custom["origin_ssl_protocols"]))
    if o["s3_origin_config"] is not None:
        o["s3_origin_config"] = {"origin_access_identity": o["s3_origin_config"]["origin_access_identity"] or ""}
    return o


def desired_distribution(p, current):
    """The distribution asked for, in the flat shape (None: absent); None values are unset options."""
    if p["state"] == "absent":
        return None
    d = {key: p[key] for key in TOP_KEYS}
    d["caller_reference"] = p["caller_reference"] or (current or {}).get("caller_reference")
    d["aliases"] = _sorted(p["aliases"])
    d["origins"] = None if p["origins"] is None else sorted((_origin(o) for o in p["origins"]), key=lambda o: o["id"])
    d["default_cache_behavior"] = p["default_cache_behavior"] and _behavior(p["default_cache_behavior"])
    d["cache_behaviors"] = None if p["cache_behaviors"] is None else [_behavior(b) for b in p["cache_behaviors"]]
    certificate = d["viewer_certificate"]
    if certificate is not None:
        certificate = d["viewer_certificate"] = dict(certificate)
        if certificate["acm_certificate_arn"] and certificate["cloudfront_default_certificate"] is None:
            certificate["cloudfront_default_certificate"] = False
        if certificate["cloudfront_default_certificate"] and certificate["acm_certificate_arn"] is None:
            certificate["acm_certificate_arn"] = ""
    if d["logging"] is not None and d["logging"]["enabled"] is None and d["logging"]["bucket"]:
        d["logging"] = dict(d["logging"], enabled=True)
    d["tags"] = None
    if p["tags"] is not None:
        have = (current or {}).get("tags") or {}
        kept = {k: v for k, v in have.items() if k.startswith("aws:") or not p["purge_tags"]}
        d["tags"] = dict(kept, **p["tags"])
    elif current is None:
        d["tags"] = {}
    return d


def validate_params(p):
    """Every input error, each naming its option, before any API call."""
    errors = []
    if not (p["caller_reference"] or p["distribution_id"]):
        errors.append("caller_reference or distribution_id is required")
    if p["wait_timeout"] < 1:
        errors.append("wait_timeout must be at least 1 second")
    if p["state"] == "absent":
        return errors
    return errors + distribution_errors(desired_distribution(p, None))


def differs(current, desired):
    """Keys of ``desired`` that differ. Origins match by id and behaviors by path pattern in order; inside one,
    only the sub-options set are compared."""
    keys = []
    for key, want in desired.items():
        if want is None or key == "caller_reference":
            continue
        have = current.get(key) or ([] if key in ("origins", "cache_behaviors") else None)
        if key == "origins":
            have = {o["id"]: o for o in have}
            if sorted(have) != [o["id"] for o in want] or any(changed_keys(have[o["id"]], o) for o in want):
                keys.append(key)
        elif key == "cache_behaviors":
            if [b.get("path_pattern") for b in have] != [b["path_pattern"] for b in want] or any(
                changed_keys(h, w) for h, w in zip(have, want)
            ):
                keys.append(key)
        elif changed_keys(current, {key: want}):
            keys.append(key)
    return keys


def full(found, tags):
    """GetDistribution's answer (+ tags) -> the returned distribution."""
    distribution = found["Distribution"]
    result = distribution_from_boto3(distribution["DistributionConfig"])
    result.update(
        id=distribution["Id"],
        arn=distribution["ARN"],
        domain_name=distribution["DomainName"],
        status=distribution["Status"],
        etag=found.get("ETag"),
        last_modified_time=str(distribution["LastModifiedTime"]),
        tags=tags,
    )
    return result


class Distribution:
    """The create/update/delete callables ``ensure()`` runs, and its check-mode prediction."""

    def __init__(self, module, client, found):
        self.module, self.client, self.found = module, client, found
        self.raw = found["Distribution"]["DistributionConfig"] if found else None

    def planned(self, desired):
        """The DistributionConfig this run would send; fails on AWS's rules before any write."""
        config = build_config(self.raw, desired)
        planned = distribution_from_boto3(config)
        errors = distribution_errors(planned, complete=True, legacy_behaviors=legacy_behaviors(config))
        if errors:
            self.module.fail_json(msg="The distribution would be invalid: " + "; ".join(errors))
        # options that contradict each other would never converge (changed on every run): refuse them
        stuck = [key for key in differs(planned, desired) if key != "tags"]
        if stuck:
            self.module.fail_json(
                msg=f"Conflicting settings in {', '.join(stuck)}: the distribution would not match them as given "
                "(e.g. cloudfront_default_certificate=false without acm_certificate_arn, or logging.enabled=false "
                "with a bucket)"
            )
        return config

    @staticmethod
    def changes(current, desired):
        """The options to overlay: all set ones to create, the differing ones to update (so lists AWS holds in
        another order, equal as sets, are sent back as they are)."""
        if current is None:
            return desired
        return {key: desired[key] for key in differs(current, desired) if key != "tags"}

    def predict(self, current, desired):
        result = dict(current or {}, **distribution_from_boto3(self.planned(self.changes(current, desired))))
        result["tags"] = desired["tags"] if desired["tags"] is not None else (current or {}).get("tags", {})
        return result

    def read(self, distribution_id):
        if self.module.params["wait"]:
            wait_deployed(self.client, distribution_id, self.module.params["wait_timeout"])
        found = get_distribution(self.client, distribution_id)
        return full(found, list_tags(self.client, found["Distribution"]["ARN"]))

    def create(self, desired):
        created = create_distribution(self.client, self.planned(desired), desired["tags"])
        return self.read(created["Id"])

    def update(self, current, desired):
        changes = self.changes(current, desired)
        if changes:
            update_distribution(self.client, current["id"], lambda config: build_config(config, changes))
        ensure_tags(self.client, current["arn"], current["tags"], desired["tags"])
        return self.read(current["id"])

    def delete(self, current):
        if current["enabled"]:
            update_distribution(self.client, current["id"], lambda config: build_config(config, {"enabled": False}))
        if self.module.params["wait"]:
            wait_deployed(self.client, current["id"], self.module.params["wait_timeout"])
        found = get_distribution(self.client, current["id"])
        if found and found["Distribution"]["Status"] != "Deployed":
            self.module.warn(
                f"Distribution {current['id']} is disabled but still deploying; AWS deletes it only once deployed: "
                "run this task again later, or with wait=true"
            )
            return
        if found:
            delete_distribution(self.client, current["id"])


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("cloudfront")
    try:
        found = find_distribution(client, p["caller_reference"], p["distribution_id"])
        if found is None and p["distribution_id"] and p["state"] == "present":
            module.fail_json(msg=f"No distribution {p['distribution_id']} (distribution_id)")
        current = full(found, list_tags(client, found["Distribution"]["ARN"])) if found else None
        reference = (current or {}).get("caller_reference")
        if current and p["caller_reference"] and reference != p["caller_reference"]:
            module.fail_json(
                msg=f"Distribution {current['id']} has caller_reference {reference!r}, not {p['caller_reference']!r} "
                "(a caller reference cannot change)"
            )
        desired = desired_distribution(p, current)
        if current is None and desired is not None and not p["caller_reference"]:
            module.fail_json(msg="caller_reference is required to create a distribution")
        ops = Distribution(module, client, found)
        if desired is not None and (current is None or ops.changes(current, desired)):
            ops.planned(
                ops.changes(current, desired)
            )  # AWS's rules on the whole result, before any write (and in check mode)
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=differs,
            predict=ops.predict,
            create=ops.create,
            update=ops.update,
            delete=ops.delete,
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, distribution=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
