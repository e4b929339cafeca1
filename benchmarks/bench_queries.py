"""Service calls behind the screens, on the large database (issue 7 targets in brackets).

open a case [≤ 50 ms], task board first page [≤ 50 ms], full-text search [≤ 100 ms],
agenda generation [≤ 20 ms]. Prints median and p90 of several runs and the peak memory.
Usage: python benchmarks/bench_queries.py [--db /tmp/ansvarsgruppe-large.db] [--runs 21]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import (  # noqa: E402
    DEFAULT_DB,
    ensure_large_db,
    load_average,
    machine,
    measure,
    peak_rss_mb,
    report,
    speed_reference,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    path = ensure_large_db(args.db)
    print(f"machine: {machine()}; {load_average()}; speed reference {speed_reference():.0f} ms")
    print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB)")

    from desktop.db import Database
    from desktop.services.case.detail import CaseDetailService
    from desktop.services.case.listing import CaseList
    from desktop.services.meeting.agenda import AgendaService
    from desktop.services.search import SearchService
    from desktop.services.tasks.board import TaskFilter, TaskService
    from desktop.services.tasks.follow_up import FollowUpService

    db = Database.open(path)
    rng = random.Random(1)
    with sqlite3.connect(path) as conn:
        case_ids = [r[0] for r in conn.execute('SELECT id FROM "case"')]
        planned = [r[0] for r in conn.execute("SELECT id FROM meeting WHERE status = 'planned'")]
        names = [r[0] for r in conn.execute("SELECT DISTINCT name FROM member WHERE role != 'user' LIMIT 50")]
    conn.close()

    cases = CaseDetailService(db)
    report(
        "open a case (CaseDetailService.load)",
        measure(lambda: cases.load(rng.choice(case_ids)), args.runs),
        50,
    )

    tasks = TaskService(db)
    report("task board: first page of 200", measure(lambda: tasks.page(TaskFilter()), args.runs), 50)
    report(
        "task board: first page, one party group",
        measure(
            lambda: tasks.page(TaskFilter(party_group=rng.choice(["nav", "user", "municipality"]))), args.runs
        ),
        50,
    )
    report(
        "task board: first page, one responsible",
        measure(lambda: tasks.page(TaskFilter(responsible=rng.choice(names))), args.runs),
        50,
    )
    first = tasks.page(TaskFilter()).rows
    report(
        "task board: next page (keyset)",
        measure(lambda: tasks.page(TaskFilter(), after=first[-1]), args.runs),
    )
    report("task board: counts per party group", measure(lambda: tasks.counts_by_group(), args.runs))
    report(
        "task board: words filter ('bolig')", measure(lambda: tasks.page(TaskFilter(text="bolig")), args.runs)
    )

    search = SearchService(db)
    words = ["bolig", "NAV", "kriseplanen", "søknaden boligkontoret", "fastlegen", "turgruppen", "AAP"]
    report("full-text search, 50 hits", measure(lambda: search.search(rng.choice(words), 50), args.runs), 100)

    agenda = AgendaService(db)
    report("agenda for a planned meeting", measure(lambda: agenda.agenda(rng.choice(planned)), args.runs), 20)

    case_list = CaseList(db)
    report("case list, all 1 000 cases", measure(lambda: case_list.list_cases(), args.runs))
    follow_up = FollowUpService(db)
    report("follow-up warnings (stale plans, measures)", measure(lambda: follow_up.warnings(), args.runs))

    db.dispose()
    print(f"peak memory of this process: {peak_rss_mb():.0f} MB (target < 300 MB with the large DB open)")


if __name__ == "__main__":
    main()
