"""The user's preferences, kept in ``settings.json`` in the data folder (no Qt: the CLI reads them too).

A missing or unreadable file gives the defaults; an unknown or out-of-range value falls back to its
default, so a hand-edited file can never stop the application from starting.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from desktop.paths import data_dir

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    """``language`` empty means «the default» (Bokmål, or ``ANSVARSGRUPPE_LANG``)."""

    language: str = ""
    # Weeks from a meeting to the next one, proposed when a meeting is closed.
    next_meeting_default_weeks: int = 8
    # The next meeting may not be further away than this (Danish KIP: six months).
    next_meeting_max_months: int = 6
    # A plan not evaluated for this long is shown as a warning on the follow-up board.
    plan_stale_months: int = 6
    # An RFC 3161 timestamp service for signatures (PAdES B-T). Empty: none, and no network at
    # all (the default); set only by an organisation that has such a service (docs/security.md).
    timestamp_url: str = ""
    # Signed minutes and the audit log are kept this many years after a case's last entry; only
    # then can a closed case be purged (desktop/services/case/records.py; pasientjournalforskriften).
    retention_years: int = 10


_LIMITS: dict[str, tuple[int, int]] = {
    "next_meeting_default_weeks": (1, 52),
    "next_meeting_max_months": (1, 24),
    "plan_stale_months": (1, 24),
    "retention_years": (1, 100),
}


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def _clean(raw: dict[str, object]) -> Settings:
    defaults = Settings()
    values: dict[str, object] = {}
    for f in fields(Settings):
        value = raw.get(f.name)
        default = getattr(defaults, f.name)
        if isinstance(default, str):
            values[f.name] = value if isinstance(value, str) else default
            continue
        low, high = _LIMITS[f.name]
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        values[f.name] = value if ok else default
    return Settings(**values)  # type: ignore[arg-type]  # each value has its default's type (above)


def load_settings(path: Path | None = None) -> Settings:
    try:
        raw = json.loads((path or settings_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return _clean(raw) if isinstance(raw, dict) else Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    target = path or settings_path()
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(partial, target)


def update_settings(**changes: object) -> Settings:
    """Load, change some fields (validated like a loaded file) and save; return the result."""
    merged = _clean({**asdict(load_settings()), **changes})
    save_settings(merged)
    return merged


__all__ = ["Settings", "load_settings", "save_settings", "settings_path", "update_settings"]
