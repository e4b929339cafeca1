"""Keep pyHanko's network clients out of the process.

``pyhanko.sign.timestamps`` imports its HTTP timestamp client and ``pyhanko.sign.validation.ades``
the certificate validator's HTTP fetchers, unconditionally, and with them aiohttp, yarl and netrc:
a noticeable share of the start of every signing or verifying command, for code we never call
(the application makes no network connection, ever). Stand-in modules take their place before
pyHanko is imported; using them raises instead of connecting.
"""

from __future__ import annotations

import sys
import types


class OfflineClient:
    """Stands in for pyHanko's HTTP clients: this application never asks a server for anything."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise RuntimeError("network access is not available in Ansvarsgruppe")


_STAND_INS: dict[str, tuple[str, ...]] = {
    "pyhanko.sign.timestamps.aiohttp_client": ("HTTPTimeStamper",),
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": ("AIOHttpFetcherBackend",),
}


def ensure_offline() -> None:
    """Register the stand-ins, unless pyHanko's real clients are already loaded."""
    for module_name, names in _STAND_INS.items():
        if module_name in sys.modules:
            continue
        stand_in = types.ModuleType(module_name)
        for name in names:
            setattr(stand_in, name, OfflineClient)
        sys.modules[module_name] = stand_in
