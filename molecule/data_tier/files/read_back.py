"""Read back what no *_info module reports: the DB secret's metadata and the parameter group's values.

Usage: read_back.py SECRET_NAME PARAMETER_GROUP  (credentials, region and endpoint from the AWS_* environment).
Prints JSON; never the secret's value.
"""

import json
import os
import sys

import boto3


def main():
    secret_name, group = sys.argv[1:3]
    kwargs = {"endpoint_url": os.environ.get("AWS_ENDPOINT_URL") or None}
    secret = boto3.client("secretsmanager", **kwargs).describe_secret(SecretId=secret_name)
    rds = boto3.client("rds", **kwargs)
    params = rds.get_paginator("describe_db_parameters").paginate(DBParameterGroupName=group, Source="user")
    group_info = rds.describe_db_parameter_groups(DBParameterGroupName=group)["DBParameterGroups"][0]
    print(
        json.dumps(
            {
                "secret": {"name": secret["Name"], "kms_key_id": secret.get("KmsKeyId", "")},
                "parameter_group_family": group_info["DBParameterGroupFamily"],
                "parameters": {
                    p["ParameterName"]: p.get("ParameterValue") for page in params for p in page["Parameters"]
                },
            }
        )
    )


if __name__ == "__main__":
    main()
