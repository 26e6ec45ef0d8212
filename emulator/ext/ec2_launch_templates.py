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
