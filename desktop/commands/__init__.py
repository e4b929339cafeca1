"""One module per command-line command; each has ``register(subparsers)``."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(type(value).__name__)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, dates as ISO 8601."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_default))  # noqa: T201
