"""``purge-case --db PATH --case ID [--yes]``: destroy a closed case's content after its retention period.

Without ``--yes`` it only says what would be destroyed (counts, never content) and whether the
case may be purged yet; nothing is changed. With ``--yes`` it purges, in one transaction, and the
audit log records it. A case that is not closed, or whose retention period is not over, is
refused (exit 1). See ``desktop/services/records.py`` for what remains.
"""

from __future__ import annotations

import argparse

from desktop.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from desktop.cli import add_db_argument

    parser = sub.add_parser(
        "purge-case",
        help=_("destroy a closed case's content after its retention period (shows what first)"),
    )
    add_db_argument(parser)
    parser.add_argument("--case", type=int, required=True, metavar="ID", help=_("case id"))
    parser.add_argument(
        "--yes", action="store_true", help=_("really destroy it (without: only show what would be destroyed)")
    )
    parser.set_defaults(handler=run)


def table_label(table: str) -> str:
    """Plain words for a table whose rows a purge destroys (the table name for one not listed)."""
    labels = {
        "minutes_version": _("minutes versions (signed and drafts)"),
        "meeting": _("meetings"),
        "agenda_item": _("agenda items"),
        "note": _("notes"),
        "decision": _("decisions"),
        "task": _("tasks"),
        "task_review": _("task follow-ups"),
        "attendance": _("attendance records"),
        "attestation": _("confirmations of minutes"),
        "member": _("group members"),
        "consent": _("consents"),
        "individual_plan": _("plans"),
        "goal": _("goals"),
        "measure": _("measures"),
        "phase_change": _("phase changes"),
        "coordination": _("coordination records"),
        "crisis_plan": _("crisis plans"),
        "bed_agreement": _("bed agreements"),
        "bed_stay": _("bed stays"),
        "child_record": _("children as next of kin"),
        "measure_evaluation": _("evaluations of measures"),
        "life_area_rating": _("life-area ratings"),
        "withholding": _("things withheld from copies"),
    }
    return labels.get(table, table)


def describe(plan: object) -> list[str]:
    """The lines that say what a purge destroys and keeps (shared with the GUI's confirmation)."""
    from desktop.i18n import format_date
    from desktop.services.records import PurgePlan

    assert isinstance(plan, PurgePlan)
    lines = [
        _("Case {reference} (id {id}): last entry {last}; kept until {date}.").format(
            reference=plan.reference,
            id=plan.case_id,
            last=format_date(plan.last_entry),
            date=format_date(plan.purge_from),
        ),
        ngettext("A purge destroys {n} row:", "A purge destroys {n} rows:", plan.total).format(n=plan.total),
    ]
    lines += [f"  {count:>7}  {table_label(table)}" for table, count in plan.destroyed.items()]
    lines.append(
        ngettext(
            "Kept: the case's id and reference, and {n} audit event (who did what, when; no content).",
            "Kept: the case's id and reference, and {n} audit events (who did what, when; no content).",
            plan.audit_events_kept,
        ).format(n=plan.audit_events_kept)
    )
    lines.append(_("Backups made before the purge still hold the content; they are not changed."))
    return lines


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.services.records import RecordsService

    db = open_from_args(args, write=args.yes)
    try:
        service = RecordsService(db)
        plan = service.plan_purge(args.case)
        for line in describe(plan):
            print(line)
        service.check_purgeable(plan)  # refused: one line on stderr, exit 1
        if not args.yes:
            print(_("Nothing was destroyed. Run the command again with --yes to purge the case."))
            return 0
        service.purge(args.case, expected=plan)
        print(_("Case {reference} was purged.").format(reference=plan.reference))
        return 0
    finally:
        db.dispose()
