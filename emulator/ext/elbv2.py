"""ELBv2 DescribeLoadBalancerAttributes: moto 5.2.5 starts an Application Load Balancer with five attributes (two
commented out "for TF compatibility"), where AWS returns every attribute with its default. amazon.aws's
elb_application_lb reads e.g. access_logs.s3.enabled from that answer and failed with KeyError on any existing
ALB. Seed every new ALB with AWS's documented defaults (later Modify calls change them as usual).
"""

from moto.elbv2.models import FakeLoadBalancer

# AWS's defaults for an application load balancer (ELB user guide, "Load balancer attributes").
ALB_DEFAULTS = {
    "access_logs.s3.enabled": "false",
    "access_logs.s3.bucket": "",
    "access_logs.s3.prefix": "",
    "connection_logs.s3.enabled": "false",
    "connection_logs.s3.bucket": "",
    "connection_logs.s3.prefix": "",
    "client_keep_alive.seconds": "3600",
    "deletion_protection.enabled": "false",
    "idle_timeout.timeout_seconds": "60",
    # Always on for ALBs (it cannot be turned off).
    "load_balancing.cross_zone.enabled": "true",
    "routing.http2.enabled": "true",
    "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.preserve_host_header.enabled": "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "routing.http.xff_client_port.enabled": "false",
    "routing.http.xff_header_processing.mode": "append",
    "waf.fail_open.enabled": "false",
    "zonal_shift.config.enabled": "false",
}

_moto_init = FakeLoadBalancer.__init__


def _init(self, *args, **kwargs):
    _moto_init(self, *args, **kwargs)
    if self.type == "application":
        self.attrs = {**self.attrs, **ALB_DEFAULTS}


assert set(ALB_DEFAULTS) <= FakeLoadBalancer.VALID_ATTRS
FakeLoadBalancer.__init__ = _init
