#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_endpoints
short_description: Converge the gateway endpoints of one VPC in one run
version_added: 0.1.0
description:
  - Makes one gateway endpoint (S3, DynamoDB) exist in O(vpc_id) for each service of O(endpoints), on the route
    tables given, in one module run. All the VPC's gateway endpoints, tags included, are read with one paginated
    DescribeVpcEndpoints; then only what is missing or differs is written, in the endpoint that differs. A loop of
    M(amazon.aws.ec2_vpc_endpoint) starts a module and reads the endpoints once per service.
  - An endpoint is identified by its service in the VPC; a C(pending) or C(available) gateway endpoint of the
    service is the service's (the oldest, if there are several), a failed, rejected, expired, deleting or deleted one
    is not.
  - Compared on the route tables (as a set), the policy (as JSON, when O(endpoints[].policy) is set) and the tags
    (with O(endpoints[].purge_tags)). M(amazon.aws.ec2_vpc_endpoint) matches an endpoint by its exact route tables
    and otherwise creates a second one (which AWS refuses on a route table the first one has), and never updates
    the route tables or the policy; this module adds and removes route tables and sets the policy with one
    ModifyVpcEndpoint.
  - Each creation sends its own client token, so a retried request creates one endpoint.
  - Interface and Gateway Load Balancer endpoints are not managed here (M(amazon.aws.ec2_vpc_endpoint)).
  - With O(wait), the module waits until new endpoints are C(available), all at once (one DescribeVpcEndpoints a
    poll).
  - Gateway endpoints of the VPC that O(endpoints) does not name (another service's, or a second one of a listed
    service) are left alone, or deleted with O(purge_endpoints=true).
  - With O(state=absent) the live gateway endpoints of the listed services are deleted (one DeleteVpcEndpoints).
  - Supports check mode (returns the predicted endpoints; a new endpoint has no C(vpc_endpoint_id)) and diff mode
    (before and after, keyed by service; an endpoint that is not the one of a listed service by its own id).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  vpc_id:
    description: Id of the VPC.
    type: str
    required: true
  endpoints:
    description:
      - The gateway endpoints, one per service. Services are unique.
      - With O(state=absent), only each endpoint's O(endpoints[].service) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      service:
        description: The endpoint service, such as V(com.amazonaws.eu-west-1.s3); identifies the endpoint.
        type: str
        required: true
      route_table_ids:
        description:
          - Ids of the route tables that route to the service through the endpoint. Route tables of the endpoint
            that are not listed are removed from it.
        type: list
        elements: str
        default: []
      policy:
        description:
          - The endpoint policy, a JSON document (or a dict). Not set, a new endpoint gets AWS's default (full
            access) and an existing endpoint's policy is left alone.
          - Compared as JSON (key order and spacing do not matter).
        type: json
      tags:
        description:
          - Tags of the endpoint. Not set, an existing endpoint's tags are left alone.
          - Compared as M(amazon.aws.ec2_vpc_endpoint) compares them, values as strings; the AWS-reserved C(aws:*)
            tags are neither compared nor removed.
        type: dict
      purge_tags:
        description: Whether tags of the endpoint that O(endpoints[].tags) does not list are removed.
        type: bool
        default: true
  purge_endpoints:
    description:
      - Whether live gateway endpoints of the VPC that are not the endpoint of a service of O(endpoints) are deleted.
    type: bool
    default: false
  wait:
    description: Whether to wait until new endpoints are C(available) (not in check mode).
    type: bool
    default: false
  wait_timeout:
    description: Seconds the wait may take before the module fails.
    type: int
    default: 320
  state:
    description: Whether the endpoints of O(endpoints) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: S3 and DynamoDB gateway endpoints on the private route tables
  prodgrade.aws.ec2_vpc_endpoints:
    vpc_id: vpc-0123456789abcdef0
    endpoints:
      - service: com.amazonaws.eu-west-1.s3
        route_table_ids: [rtb-0aaaaaaaaaaaaaaaa, rtb-0bbbbbbbbbbbbbbbb]
        tags: {Name: web-s3-endpoint}
      - service: com.amazonaws.eu-west-1.dynamodb
        route_table_ids: [rtb-0aaaaaaaaaaaaaaaa, rtb-0bbbbbbbbbbbbbbbb]
        tags: {Name: web-dynamodb-endpoint}
  register: web_endpoints

- name: Remove them
  prodgrade.aws.ec2_vpc_endpoints:
    vpc_id: vpc-0123456789abcdef0
    endpoints: [{service: com.amazonaws.eu-west-1.s3}, {service: com.amazonaws.eu-west-1.dynamodb}]
    state: absent
"""

RETURN = r"""
vpc_endpoints:
  description:
    - The endpoints of O(endpoints), in that order. Predicted in check mode (an endpoint to create has no
      RV(vpc_endpoints[].vpc_endpoint_id)). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    vpc_endpoint_id:
      description: Endpoint id.
      returned: when the endpoint exists
      type: str
      sample: vpce-0123456789abcdef0
    service_name:
      description: Service.
      type: str
      sample: com.amazonaws.eu-west-1.s3
    vpc_id:
      description: VPC id.
      type: str
      sample: vpc-0123456789abcdef0
    vpc_endpoint_type:
      description: C(Gateway).
      type: str
      sample: Gateway
    state:
      description: C(pending) or C(available), as AWS writes it.
      type: str
      sample: available
    route_table_ids:
      description: Route tables, sorted.
      type: list
      elements: str
      sample: ["rtb-0aaaaaaaaaaaaaaaa"]
    policy:
      description: The policy document, parsed (predicted as asked, when set).
      returned: when known
      type: dict
      sample: {"Version": "2008-10-17", "Statement": []}
    tags:
      description: Tags.
      type: dict
      sample: {"Name": "web-s3-endpoint"}
vpc_endpoint_ids:
  description: Ids of the existing endpoints of O(endpoints) by service (one to create in check mode is missing).
  returned: always
  type: dict
  sample: {"com.amazonaws.eu-west-1.s3": "vpce-0123456789abcdef0"}
changed_vpc_endpoints:
  description:
    - The endpoints created, updated and deleted (would be, in check mode), by service (an endpoint that is not the
      one of a listed service by its own id).
  returned: always
  type: dict
  contains:
    created:
      description: Created endpoints.
      type: list
      elements: str
      sample: ["com.amazonaws.eu-west-1.dynamodb"]
    updated:
      description: Endpoints whose route tables, policy or tags changed.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted endpoints.
      type: list
      elements: str
      sample: []
"""

import json
import uuid

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.common import whole_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_vpc_endpoint
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_vpc_endpoints
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_vpc_endpoints
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import ensure_ec2_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import modify_vpc_endpoint
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import wait_vpc_endpoints_available

ENDPOINT_SPEC = dict(
    service=dict(type="str", required=True),
    route_table_ids=dict(type="list", elements="str", default=[]),
    policy=dict(type="json"),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    vpc_id=dict(type="str", required=True),
    endpoints=dict(type="list", elements="dict", required=True, options=ENDPOINT_SPEC),
    purge_endpoints=dict(type="bool", default=False),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=320),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
# An endpoint in these states (AWS writes them in lower case, the model's enum capitalised) is the service's.
LIVE_STATES = ("pending", "available")
# Compared whole: the tags (the set wanted) and the policy (a document, not a subset).
EXACT_KEYS = ("tags", "policy")


def parsed_policy(value):
    """A policy (JSON text or a dict) as a dict; None when unset; raises ValueError when not a JSON object."""
    if value is None or value == "":
        return None
    policy = json.loads(value) if isinstance(value, str) else value
    if not isinstance(policy, dict):
        raise ValueError("not a JSON object")
    return policy


def validate_params(p):
    errors = []
    if not p["vpc_id"].startswith("vpc-"):
        errors.append(f"vpc_id: '{p['vpc_id']}' is not a VPC id (vpc-...)")
    for index, e in enumerate(p["endpoints"]):
        where = f"endpoints[{index}]"
        if not e["service"].strip() or e["service"] != e["service"].strip():
            errors.append(f"{where}.service: '{e['service']}' is not a service name such as com.amazonaws.eu-west-1.s3")
        bad = [r for r in e["route_table_ids"] if not r.startswith("rtb-")]
        if bad:
            errors.append(f"{where}.route_table_ids: {', '.join(repr(r) for r in bad)} not route table ids (rtb-...)")
        try:
            parsed_policy(e["policy"])
        except ValueError as error:
            errors.append(f"{where}.policy: must be a JSON object: {error}")
    services = [e["service"] for e in p["endpoints"]]
    repeated = sorted({s for s in services if services.count(s) > 1})
    if repeated:
        errors.append(f"endpoints: services must be unique (one gateway endpoint per service): {', '.join(repeated)}")
    if p["wait_timeout"] < 0:
        errors.append(f"wait_timeout: {p['wait_timeout']} must not be negative")
    return errors


def normalize_endpoint(endpoint):
    """A DescribeVpcEndpoints/CreateVpcEndpoint endpoint: snake_cased, tags as a dict, route tables sorted, the
    policy parsed, the creation time as an ISO 8601 string."""
    result = camel_dict_to_snake_dict(endpoint, ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(endpoint.get("Tags", []))
    result["route_table_ids"] = sorted(endpoint.get("RouteTableIds") or [])
    result["policy"] = parsed_policy(endpoint.get("PolicyDocument"))
    result.pop("policy_document", None)
    if hasattr(result.get("creation_timestamp"), "isoformat"):
        result["creation_timestamp"] = result["creation_timestamp"].isoformat()
    return result


def desired_tags(spec, current):
    return whole_tags((current or {}).get("tags"), spec["tags"], spec["purge_tags"])


def desired_endpoint(vpc_id, spec, current):
    return dict(
        service_name=spec["service"],
        vpc_id=vpc_id,
        vpc_endpoint_type="Gateway",
        route_table_ids=sorted(set(spec["route_table_ids"])),
        policy=parsed_policy(spec["policy"]),
        tags=desired_tags(spec, current),
    )


def predict(current, desired):
    after = merge(current, {k: v for k, v in desired.items() if k != "policy"})
    if desired["policy"] is not None:
        after["policy"] = desired["policy"]
    if current is None:
        after["tags"] = after.get("tags") or {}
        after["state"] = "pending"
    return after


def create(client, desired):
    request = dict(
        VpcEndpointType="Gateway",
        VpcId=desired["vpc_id"],
        ServiceName=desired["service_name"],
        ClientToken=str(uuid.uuid4()),
    )
    if desired["route_table_ids"]:
        request["RouteTableIds"] = desired["route_table_ids"]
    if desired["policy"] is not None:
        request["PolicyDocument"] = json.dumps(desired["policy"])
    if desired["tags"]:
        request["TagSpecifications"] = boto3_tag_specifications(desired["tags"], types="vpc-endpoint")
    created = normalize_endpoint(create_vpc_endpoint(client, **request))
    return predict(created, desired) if desired["policy"] is not None else merge(created, desired)


def update(client, current, desired):
    endpoint_id = current["vpc_endpoint_id"]
    changes = {}
    add = sorted(set(desired["route_table_ids"]) - set(current["route_table_ids"]))
    remove = sorted(set(current["route_table_ids"]) - set(desired["route_table_ids"]))
    if add:
        changes["AddRouteTableIds"] = add
    if remove:
        changes["RemoveRouteTableIds"] = remove
    if desired["policy"] is not None and desired["policy"] != current.get("policy"):
        changes["PolicyDocument"] = json.dumps(desired["policy"])
    if changes:
        modify_vpc_endpoint(client, endpoint_id, **changes)
    ensure_ec2_tags(client, endpoint_id, current.get("tags"), desired["tags"], True)
    return predict(current, desired)


def sorted_live(endpoints):
    """The live gateway endpoints, oldest first (the first of a service is the service's)."""
    live = [e for e in endpoints if (e.get("State") or "").lower() in LIVE_STATES]
    return [
        normalize_endpoint(e)
        for e in sorted(live, key=lambda e: (str(e.get("CreationTimestamp", "")), e["VpcEndpointId"]))
    ]


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    specs = p["endpoints"]
    present = p["state"] == "present"
    try:
        client = clients.client(module, "ec2")
        live = sorted_live(
            describe_vpc_endpoints(
                client,
                Filters=[
                    {"Name": "vpc-id", "Values": [p["vpc_id"]]},
                    {"Name": "vpc-endpoint-type", "Values": ["Gateway"]},
                ],
            )
        )
        found, others = {}, {}
        for endpoint in live:
            if endpoint["service_name"] in found:
                others[endpoint["vpc_endpoint_id"]] = endpoint
            else:
                found[endpoint["service_name"]] = endpoint
        listed = {s["service"]: s for s in specs}
        extra = {
            i: e for i, e in others.items() if (not present and e["service_name"] in listed) or p["purge_endpoints"]
        }
        if p["purge_endpoints"]:
            extra.update({e["vpc_endpoint_id"]: e for s, e in found.items() if s not in listed})
        to_delete = []
        results = {
            service: ensure(
                found.get(service),
                desired_endpoint(p["vpc_id"], spec, found.get(service)) if present else None,
                check_mode=module.check_mode,
                differs=lambda c, d: changed_keys(c, d, exact_keys=EXACT_KEYS),
                create=lambda d: create(client, d),
                update=lambda c, d: update(client, c, d),
                delete=lambda c: to_delete.append(c["vpc_endpoint_id"]),
                predict=predict,
            )
            for service, spec in listed.items()
        }
        results.update(
            {
                endpoint_id: ensure(
                    endpoint,
                    None,
                    check_mode=module.check_mode,
                    create=None,
                    update=None,
                    delete=lambda c: to_delete.append(c["vpc_endpoint_id"]),
                )
                for endpoint_id, endpoint in extra.items()
            }
        )
        if to_delete:
            delete_vpc_endpoints(client, to_delete)  # one request for all of them
        after = {k: r.after for k, r in results.items()}
        created = {
            r.after["vpc_endpoint_id"]: k
            for k, r in results.items()
            if r.changed and r.before is None and r.after.get("vpc_endpoint_id")
        }
        if created and p["wait"] and not module.check_mode:
            for endpoint in wait_vpc_endpoints_available(client, list(created), p["wait_timeout"]):
                key = created[endpoint["VpcEndpointId"]]
                after[key] = dict(after[key], state=endpoint["State"])
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    endpoints = [after[s["service"]] for s in specs if after[s["service"]]]
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        vpc_endpoints=endpoints,
        vpc_endpoint_ids={e["service_name"]: e["vpc_endpoint_id"] for e in endpoints if e.get("vpc_endpoint_id")},
        changed_vpc_endpoints=changed_names(results),
        diff=names_diff(results, after),
    )


if __name__ == "__main__":
    main()
