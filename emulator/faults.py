"""Fault injection: make a share of matching calls fail like AWS would.

Two modes: a ``rate`` (each matching call fails with that probability), or ``burst`` windows, as AWS throttles
under a rate limit: ``{"burst": {"seconds": W, "every": P}}`` refuses every matching call during the first W
seconds of each P-second period, counted from the configuration, and none in between."""

import random
import threading
import time

ERRORS = ("ThrottlingException", "500", "503")


class FaultConfigError(ValueError):
    pass


class FaultInjector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config: dict | None = None
        self._injected = 0
        self._random = random.Random()
        self.clock = time.monotonic  # tests may replace it
        self._since = self.clock()

    def configure(self, config: dict) -> dict:
        parsed = _parse(config)
        with self._lock:
            self._config, self._injected = parsed, 0
            self._random = random.Random(parsed["seed"])
            self._since = self.clock()
        return self.status()

    def disable(self) -> dict:
        with self._lock:
            self._config = None
        return self.status()

    def status(self) -> dict:
        with self._lock:
            return {
                "enabled": self._config is not None,
                "config": self._config,
                "injected": self._injected,
            }

    def pick(self, service: str | None, operation: str | None) -> str | None:
        """The error to inject for this call, if any (and count it)."""
        with self._lock:
            cfg = self._config
            if cfg is None or not _matches(cfg, service, operation):
                return None
            if cfg["count"] is not None and self._injected >= cfg["count"]:
                return None
            burst = cfg["burst"]
            if burst is not None:
                if (self.clock() - self._since) % burst["every"] >= burst["seconds"]:
                    return None
            elif self._random.random() >= cfg["rate"]:
                return None
            self._injected += 1
            return cfg["error"]


def _matches(cfg: dict, service: str | None, operation: str | None) -> bool:
    if cfg["services"] and service not in cfg["services"]:
        return False
    wanted = cfg["operations"]
    return not wanted or operation in wanted or f"{service}.{operation}" in wanted


def _parse(config: dict) -> dict:
    try:
        rate = float(config.get("rate", 1.0))
        count = config.get("count")
        parsed = {
            "rate": rate,
            "error": str(config.get("error", "ThrottlingException")),
            "services": list(config.get("services") or []),
            "operations": list(config.get("operations") or []),
            "count": None if count is None else int(count),
            "seed": config.get("seed"),
            "burst": _burst(config.get("burst")),
        }
    except (TypeError, ValueError, KeyError) as exc:
        raise FaultConfigError(f"bad fault config: {exc}") from exc
    if not 0.0 <= rate <= 1.0:
        raise FaultConfigError("rate must be between 0.0 and 1.0")
    if parsed["error"] not in ERRORS:
        raise FaultConfigError(f"error must be one of {', '.join(ERRORS)}")
    return parsed


def _burst(burst) -> dict | None:
    if burst is None:
        return None
    parsed = {"seconds": float(burst["seconds"]), "every": float(burst["every"])}
    if not 0 < parsed["seconds"] <= parsed["every"]:
        raise FaultConfigError("burst: 0 < seconds <= every")
    return parsed
