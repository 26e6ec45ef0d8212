"""scripts/recap.py and scripts/api_writes.py: what the demo, bench and integration tier call a clean run.

- recap fails a run with an ignored or rescued task (the collection neither ignores nor rescues errors, so either
  one hides a failure), not only a failed or unreachable host;
- api_writes takes every operation of a service's botocore model that is not a read as a write: the verbs the old
  hand list of writing verbs missed (Terminate, Schedule, Publish, Copy, Change...) are caught.
"""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import api_writes  # noqa: E402
import recap  # noqa: E402

LINE = "ecia-prod : ok=5 changed={changed} unreachable=0 failed=0 skipped=2 rescued={rescued} ignored={ignored}\n"


@pytest.mark.parametrize(
    "changed, rescued, ignored, code",
    [(0, 0, 0, 0), (0, 0, 1, 1), (0, 1, 0, 1), (1, 0, 0, 1)],
)
def test_recap_fails_ignored_and_rescued_tasks(tmp_path, changed, rescued, ignored, code):
    log = tmp_path / "run.log"
    log.write_text("PLAY RECAP ***\n" + LINE.format(changed=changed, rescued=rescued, ignored=ignored))
    run = subprocess.run(
        [sys.executable, str(SCRIPTS / "recap.py"), str(log), "--expect-changed", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == code, run.stdout
    assert recap.recap(log.read_text())["ecia-prod"] == {
        "ok": 5,
        "changed": changed,
        "unreachable": 0,
        "failed": 0,
        "skipped": 2,
        "rescued": rescued,
        "ignored": ignored,
    }


def test_writes_come_from_the_models_not_a_verb_list():
    reads = ["ec2.DescribeVpcs", "sts.AssumeRole", "s3.HeadBucket", "controltower.ListEnabledControls"]
    reads += ["securityhub.GetEnabledStandards", "securityhub.BatchGetSecurityControls", "guardduty.ListDetectors"]
    writes = ["ec2.TerminateInstances", "kms.ScheduleKeyDeletion", "sns.Publish", "ec2.CopyImage"]
    writes += ["route53.ChangeResourceRecordSets", "s3.PutBucketPolicy", "unknown.unknown", "ec2.unknown"]
    calls = {"by_operation": {op: 1 for op in reads + writes}}
    assert api_writes.mutating_operations(calls) == writes
