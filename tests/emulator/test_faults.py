"""Burst faults: every matching call refused for a window of seconds in each period, as under an AWS rate limit."""

import pytest

from emulator.faults import FaultConfigError, FaultInjector


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_burst_refuses_every_call_in_its_window_and_none_between():
    faults, clock = FaultInjector(), Clock()
    faults.clock = clock
    faults.configure({"services": ["kms"], "burst": {"seconds": 2, "every": 10}})
    picks = []
    for at in (0, 1.9, 2.0, 9.9, 10.0, 11.5, 12.5):
        clock.now = 100.0 + at
        picks.append(faults.pick("kms", "GetKeyRotationStatus"))
    assert picks == [
        "ThrottlingException",
        "ThrottlingException",
        None,
        None,
        "ThrottlingException",
        "ThrottlingException",
        None,
    ]
    assert faults.pick("iam", "GetRole") is None  # another service: never
    assert faults.status()["injected"] == 4


def test_a_burst_stops_at_its_count():
    faults = FaultInjector()
    faults.clock = Clock()
    faults.configure({"error": "503", "count": 2, "burst": {"seconds": 5, "every": 5}})
    assert [faults.pick("ec2", "DescribeVpcs") for _ in range(3)] == ["503", "503", None]


@pytest.mark.parametrize("burst", [{"seconds": 0, "every": 5}, {"seconds": 6, "every": 5}, {"seconds": 1}])
def test_a_bad_burst_is_refused(burst):
    with pytest.raises(FaultConfigError):
        FaultInjector().configure({"burst": burst})
