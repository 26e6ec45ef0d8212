"""CloudFront distributions: moto 5.2.5 serves them; these patches make what it stores and answers match AWS.

- A cache behavior with a ``CachePolicyId`` read back with ``ForwardedValues`` and ``MinTTL``/``DefaultTTL``/``MaxTTL``
  (moto fills them in for every behavior; AWS has none on a cache-policy behavior and refuses them on input).
- An origin's ``S3OriginConfig`` and ``OriginAccessControlId`` were dropped (never read back).
- A viewer certificate given as ``ACMCertificateArn`` (or ``IAMCertificateId``) read back with
  ``CloudFrontDefaultCertificate: true`` and ``CertificateSource: cloudfront``.
- UpdateDistribution accepted any If-Match and kept the ETag; AWS answers a stale one with ``PreconditionFailed`` and
  gives every new version a new ETag.
- DeleteDistribution deleted an enabled distribution; AWS refuses with ``DistributionNotDisabled``.
"""

LEGACY_CACHE_ATTRIBUTES = ("forwarded_values", "min_ttl", "default_ttl", "max_ttl")


def _once(cls, name, make):
    original = getattr(cls, name)
    if getattr(original, "_prodgrade", False):
        return
    patched = make(original)
    patched._prodgrade = True  # type: ignore[attr-defined]
    setattr(cls, name, patched)


def _behavior_init(original):
    def __init__(self, config, *args, **kwargs):
        original(self, config, *args, **kwargs)
        if self.cache_policy_id:
            for attribute in LEGACY_CACHE_ATTRIBUTES:
                setattr(self, attribute, None)

    return __init__


def _origin_init(original):
    def __init__(self, origin, *args, **kwargs):
        original(self, origin, *args, **kwargs)
        self.s3_origin_config = origin.get("S3OriginConfig")
        self.origin_access_control_id = origin.get("OriginAccessControlId")

    return __init__


def _certificate_init(original):
    def __init__(self, config, *args, **kwargs):
        original(self, config, *args, **kwargs)
        if "CloudFrontDefaultCertificate" not in config and (
            config.get("ACMCertificateArn") or config.get("IAMCertificateId")
        ):
            self.cloud_front_default_certificate = False
        if config.get("ACMCertificateArn"):
            self.certificate_source, self.certificate = "acm", config["ACMCertificateArn"]
        elif config.get("IAMCertificateId"):
            self.certificate_source, self.certificate = "iam", config["IAMCertificateId"]

    return __init__


def _update(original):
    from moto.cloudfront.exceptions import CloudFrontException
    from moto.cloudfront.models import random_id

    def update_distribution(self, dist_config, _id, if_match):
        dist = self.distributions.get(_id)
        if dist is not None and if_match and if_match != dist.etag:
            raise CloudFrontException(
                "PreconditionFailed", "The precondition given in one or more of the request fields was false."
            )
        result = original(self, dist_config, _id, if_match)
        dist.etag = random_id()
        return result[0], result[1], dist.etag

    return update_distribution


def _delete(original):
    from moto.cloudfront.exceptions import CloudFrontException

    def delete_distribution(self, distribution_id, if_match):
        dist = self.distributions.get(distribution_id)
        if dist is not None and if_match and dist.distribution_config.Enabled in (True, "true"):
            raise CloudFrontException(
                "DistributionNotDisabled", "The distribution you are trying to delete has not been disabled."
            )
        return original(self, distribution_id, if_match)

    return delete_distribution


def patch_distributions() -> None:
    from moto.cloudfront import models

    _once(models.DefaultCacheBehaviour, "__init__", _behavior_init)
    _once(models.Origin, "__init__", _origin_init)
    _once(models.ViewerCertificate, "__init__", _certificate_init)
    _once(models.CloudFrontBackend, "update_distribution", _update)
    _once(models.CloudFrontBackend, "delete_distribution", _delete)


patch_distributions()
