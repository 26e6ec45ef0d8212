"""ACM DNS validation: moto 5.2.5 issues every requested certificate ``MOTO_ACM_VALIDATION_WAIT`` (60 s) after the
request, whether or not its validation records exist anywhere. AWS issues it once the CNAMEs resolve.

Here a pending certificate is also issued as soon as every one of its validation CNAMEs exists in a public Route 53
hosted zone on the endpoint (any account: DNS is global), so a play that publishes the records and then waits
(``acm_certificate_request`` with ``wait: true``) sees the certificate issued at once. moto's time-based issuance is
kept, so nothing that relied on it changes.
"""

from moto.acm.models import CertBundle

RECORD_VALUE = "_c9edd76ee4a0e2a74388032f3861cc50.ykybfrwcxw.acm-validations.aws."  # moto's fixed CNAME target
RECORD_PREFIX = "_d930b28be6c5927595552b219965053e."  # moto's fixed record label


def _name(value: str) -> str:
    return value.rstrip(".").lower()


def _published_cnames() -> set:
    """(name, value) of every CNAME in every public hosted zone the endpoint holds."""
    from moto.route53.models import route53_backends

    found = set()
    for account in list(route53_backends.values()):
        for backend in list(dict.values(account)):  # only partitions already built
            for zone in list(backend.zones.values()):
                if zone.private_zone:
                    continue
                for record in zone.rrsets:
                    if record.type == "CNAME":
                        found.update((_name(record.name), _name(v)) for v in record.records)
    return found


def _wanted(cert) -> set:
    names = set(cert.sans + ([cert.common_name] if cert.common_name else []))
    return {(_name(RECORD_PREFIX + (n[2:] if n.startswith("*.") else n)), _name(RECORD_VALUE)) for n in names}


def _check(original):
    def check(self):
        original(self)
        if (
            self.type == "AMAZON_ISSUED"
            and self.status == "PENDING_VALIDATION"
            and _wanted(self) <= _published_cnames()
        ):
            self.status = "ISSUED"

    check._prodgrade = True  # type: ignore[attr-defined]
    return check


if not getattr(CertBundle.check, "_prodgrade", False):
    CertBundle.check = _check(CertBundle.check)
