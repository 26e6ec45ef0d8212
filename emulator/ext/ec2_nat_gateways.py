"""EC2 NAT gateways as AWS runs them, where moto makes them ``available`` at once and ``deleted`` at once:

- CreateNatGateway answers ``pending``; the gateway turns ``available`` PRODGRADE_EMULATOR_NAT_SECONDS (default 2)
  seconds later (minutes in AWS), so a wait is really exercised. DeleteNatGateway answers ``deleting``; the gateway
  turns ``deleted`` as long later, and only then lets go of its Elastic IP.
- ReleaseAddress of an Elastic IP that a NAT gateway not ``deleted`` yet holds fails with AuthFailure, as AWS does
  (moto released it and left the gateway with a dangling address).
- CreateNatGateway with a ClientToken already used in the region answers the gateway that token created (AWS's
  idempotency; moto made another gateway or failed on the address in use).

States move when the gateway is read (DescribeNatGateways) or its address is released, by wall-clock time, so a
snapshot keeps them.
"""

import os
import time

from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models.elastic_ip_addresses import ElasticAddressBackend
from moto.ec2.models.nat_gateways import NatGatewayBackend
from moto.ec2.responses.nat_gateways import NatGateways


def _seconds() -> float:
    return float(os.environ.get("PRODGRADE_EMULATOR_NAT_SECONDS", "2"))


class AddressHeldByNatGateway(EC2ClientError):
    def __init__(self) -> None:
        super().__init__("AuthFailure", "You do not have permission to access the specified resource.")


def _settle(backend) -> None:
    """Move every gateway whose time has come: pending -> available, deleting -> deleted (freeing its address)."""
    now = time.time()
    for gateway in list(getattr(backend, "nat_gateways", {}).values()):
        due = getattr(gateway, "prodgrade_due", None)
        if due is None or now < due:
            continue
        gateway.prodgrade_due = None
        if gateway.state == "pending":
            gateway.state = "available"
        elif gateway.state == "deleting":
            gateway.state = "deleted"
            for address in gateway.address_set:
                if address.get("associationId"):
                    eips = backend.address_by_association([address["associationId"]])
                    if eips:
                        backend.disassociate_address(association_id=address["associationId"])


def _patch():
    if getattr(NatGatewayBackend, "_prodgrade", False):
        return
    create, delete, describe = (
        NatGatewayBackend.create_nat_gateway,
        NatGatewayBackend.delete_nat_gateway,
        NatGatewayBackend.describe_nat_gateways,
    )
    release = ElasticAddressBackend.release_address

    def create_nat_gateway(self, *args, **kwargs):
        gateway = create(self, *args, **kwargs)
        gateway.state = "pending"
        gateway.prodgrade_due = time.time() + _seconds()
        return gateway

    def delete_nat_gateway(self, nat_gateway_id):
        _settle(self)
        gateway = self.nat_gateways.get(nat_gateway_id)
        if gateway is None or gateway.state in ("deleting", "deleted"):
            return delete(self, nat_gateway_id) if gateway is None else gateway
        gateway.state = "deleting"
        gateway.prodgrade_due = time.time() + _seconds()
        return gateway

    def describe_nat_gateways(self, filters, nat_gateway_ids):
        _settle(self)
        return describe(self, filters, nat_gateway_ids)

    def release_address(self, address=None, allocation_id=None):
        _settle(self)
        for gateway in getattr(self, "nat_gateways", {}).values():
            held = any(a.get("allocationId") == allocation_id and allocation_id for a in gateway.address_set)
            if held and gateway.state != "deleted":
                raise AddressHeldByNatGateway()
        return release(self, address=address, allocation_id=allocation_id)

    NatGatewayBackend.create_nat_gateway = create_nat_gateway
    NatGatewayBackend.delete_nat_gateway = delete_nat_gateway
    NatGatewayBackend.describe_nat_gateways = describe_nat_gateways
    ElasticAddressBackend.release_address = release_address
    NatGatewayBackend._prodgrade = True

    create_response = NatGateways.create_nat_gateway

    def create_nat_gateway_response(self):
        token = self._get_param("ClientToken")
        tokens = self.ec2_backend.__dict__.setdefault("prodgrade_nat_tokens", {})
        if token and token in tokens and tokens[token] in self.ec2_backend.nat_gateways:
            _settle(self.ec2_backend)
            return ActionResult({"ClientToken": token, "NatGateway": self.ec2_backend.nat_gateways[tokens[token]]})
        result = create_response(self)
        if token:
            tokens[token] = result.result["NatGateway"].id
        return result

    NatGateways.create_nat_gateway = create_nat_gateway_response


_patch()
