"""Median time to export and sign the minutes of a typical meeting (demo data).

    .venv/bin/python benchmarks/bench_minutes.py [--runs 7]

Measures the service path the GUI and ``export-minutes --sign-with`` use: collect the meeting,
render the PDF (ReportLab), build the handover JSON, sign (PAdES B-B, pyHanko) and store the
version. Imports and the key's creation are paid once before timing starts, as in a running app.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANSVARSGRUPPE_DATA_DIR"] = tmp
        from desktop.i18n import install
        from desktop.services.demo import create_demo
        from desktop.services.minutes_versions import MinutesService, SigningKey
        from desktop.services.signing import generate_key
        from desktop.services.verify import verify_bytes

        install("nb")
        db = create_demo(Path(tmp) / "bench.db")
        service = MinutesService(db)
        meetings = [m for m in _held_meetings(db)]
        key_info = generate_key("Benchmark Koordinator", "benchmark-passord", out=Path(tmp) / "k.p12")
        key = SigningKey(key_info.path, "benchmark-passord")
        service.export(meetings[0], key=key)  # warm-up: imports, font registration
        unsigned, signed = [], []
        for run in range(args.runs):
            meeting_id = meetings[(run + 1) % len(meetings)]
            start = time.perf_counter()
            service.export(meeting_id)
            unsigned.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = service.export(meeting_id, key=key)
            signed.append(time.perf_counter() - start)
        assert verify_bytes(result.pdf).is_valid
        db.dispose()
    print(f"export (unsigned), median of {args.runs}: {statistics.median(unsigned) * 1000:.0f} ms")
    print(f"export + sign,     median of {args.runs}: {statistics.median(signed) * 1000:.0f} ms")
    print(f"pages in the last PDF: {result.page_count}, bytes: {len(result.pdf)}")
    return 0


def _held_meetings(db: object) -> list[int]:
    from sqlmodel import col, select

    from desktop.models import Meeting
    from desktop.models.enums import MeetingStatus

    with db.session() as session:  # type: ignore[attr-defined]
        rows = session.exec(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(col(Meeting.id))
        )
        return [m.id for m in rows.all() if m.id is not None]


if __name__ == "__main__":
    raise SystemExit(main())
