"""Thread-safe call counts by service and operation."""

import threading
from collections import Counter


class CallCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_service: Counter[str] = Counter()
        self._by_operation: Counter[str] = Counter()

    def add(self, service: str | None, operation: str | None) -> None:
        with self._lock:
            self._by_service[service or "unknown"] += 1
            self._by_operation[f"{service or 'unknown'}.{operation or 'unknown'}"] += 1

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "total": sum(self._by_service.values()),
                "by_service": dict(sorted(self._by_service.items())),
                "by_operation": dict(sorted(self._by_operation.items())),
            }

    def reset(self) -> None:
        with self._lock:
            self._by_service.clear()
            self._by_operation.clear()
