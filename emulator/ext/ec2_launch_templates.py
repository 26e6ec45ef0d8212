"""EC2 CreateLaunchTemplate: moto copies the request's top-level TagSpecifications (the tags of the launch template
itself, resource type 'launch-template') into version 1's LaunchTemplateData. AWS keeps them apart: the template's
tags are not launch data, and LaunchTemplateData.TagSpecifications may only name what instances launch with
(instance, volume, network-interface, spot-instances-request). A module that compares its launch data with the
latest version's (amazon.aws.ec2_launch_template) then sees a difference and creates version 2 on the second run.
Drop what moto added after its handler ran.
"""

from moto.ec2.responses.launch_templates import LaunchTemplates

_moto_create_launch_template = LaunchTemplates.create_launch_template


def create_launch_template(self):
    result = _moto_create_launch_template(self)
    template = self.ec2_backend.get_launch_template(result.result["LaunchTemplate"]["LaunchTemplateId"])
    data = template.versions[0].data
    specs = [s for s in data.get("TagSpecifications") or [] if s.get("ResourceType") != "launch-template"]
    if specs:
        data["TagSpecifications"] = specs
    else:
        data.pop("TagSpecifications", None)
    return result


LaunchTemplates.create_launch_template = create_launch_template


# ---------------------------------------------------------------- what a launch template gives its instances
# AWS launches an instance with all of its template version's data; moto's RunInstances takes the image, type, user
# data, key and groups from it but not MetadataOptions nor IamInstanceProfile, so an instance of a template that
# requires IMDSv2 and names a profile read back with IMDSv1 allowed and no role. And an Auto Scaling group launches
# its own LaunchTemplate Version (a number, $Latest or $Default), where moto's group always took the default one.
# GROUP_TEMPLATE_VERSION carries the launching group's version into RunInstances (emulator/ext/autoscaling.py).
from contextvars import ContextVar  # noqa: E402

from moto.ec2.models.instances import InstanceBackend  # noqa: E402

GROUP_TEMPLATE_VERSION: ContextVar = ContextVar("GROUP_TEMPLATE_VERSION", default=None)

if not getattr(InstanceBackend.run_instances, "_prodgrade", False):
    _moto_run_instances = InstanceBackend.run_instances

    def run_instances(self, image_id, count, user_data, security_group_names, **kwargs):
        profile = None
        template = kwargs.get("launch_template")
        if template:
            if "Version" not in template and GROUP_TEMPLATE_VERSION.get():
                template = kwargs["launch_template"] = {**template, "Version": GROUP_TEMPLATE_VERSION.get()}
            data = self._get_template_from_args(template).data
            if not kwargs.get("metadata_options") and data.get("MetadataOptions"):
                kwargs["metadata_options"] = data["MetadataOptions"]
            if not (kwargs.get("iam_instance_profile_name") or kwargs.get("iam_instance_profile_arn")):
                profile = data.get("IamInstanceProfile") or None
        reservation = _moto_run_instances(self, image_id, count, user_data, security_group_names, **kwargs)
        for instance in reservation.instances if profile else []:
            self.associate_iam_instance_profile(
                instance_id=instance.id,
                iam_instance_profile_name=profile.get("Name"),
                iam_instance_profile_arn=profile.get("Arn"),
            )
        return reservation

    run_instances._prodgrade = True
    InstanceBackend.run_instances = run_instances
