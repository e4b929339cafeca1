"""``export-minutes``: the minutes of held meetings as PDF, signed when a key is given.

One ``--meeting ID`` and ``--out FILE.pdf`` writes that file, as it always has. Several
``--meeting`` options, or ``--all-closed --since DATE``, export a batch in one process (the
imports and the key's opening are paid once) into the folder ``--out``, each file under the name
the app gives minutes (``referat-<case ref>-<date>-v<n>.pdf``: never a person's name).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.commands import add_document_arguments, opened_signing_key
from desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.services.minutes.signing_keys import OpenedKey
    from desktop.services.minutes.versions import ExportResult, MinutesService, SigningKey


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from desktop.cli import add_db_argument

    parser = sub.add_parser("export-minutes", help=_("write the minutes of held meetings as PDF"))
    add_db_argument(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--meeting",
        type=int,
        action="append",
        metavar="ID",
        help=_("meeting id; give it more than once for several meetings"),
    )
    which.add_argument(
        "--all-closed",
        action="store_true",
        help=_("every held meeting not signed yet that starts on or after --since"),
    )
    parser.add_argument("--since", metavar="YYYY-MM-DD", help=_("with --all-closed: the first day"))
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE.pdf|FOLDER",
        help=_("the PDF file to write; for several meetings, the folder to write them to"),
    )
    add_document_arguments(parser)
    parser.add_argument(
        "--reason",
        default="",
        metavar="TEXT",
        help=_("why a new signed version replaces the signed one (required then; printed on it)"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.commands import open_from_args
    from desktop.errors import UserError

    since = _since(args)
    from desktop.services.minutes.versions import MinutesService

    key, opened = opened_signing_key(args)
    batch = bool(args.all_closed) or len(args.meeting) > 1
    if batch and args.out.exists() and not args.out.is_dir():
        raise UserError(
            _("{path} is a file; with several meetings --out must name a folder.").format(path=args.out)
        )
    db = open_from_args(args, write=True)
    try:
        service = MinutesService(db)
        if not batch:
            result = service.export(
                args.meeting[0], lang=args.doc_lang, key=key, out=args.out, opened=opened, reason=args.reason
            )
            _report(result, args.out)
            return 0
        meetings = service.exportable_since(since) if since is not None else _unique(args.meeting)
        return _export_batch(service, meetings, args, key, opened)
    finally:
        db.dispose()


def _since(args: argparse.Namespace) -> date | None:
    from desktop.errors import UserError

    if args.since is not None and not args.all_closed:
        raise UserError(_("--since is only used together with --all-closed."))
    if not args.all_closed:
        return None
    if args.since is None:
        raise UserError(_("--all-closed needs --since YYYY-MM-DD: the first day to export meetings from."))
    try:
        return date.fromisoformat(args.since)
    except ValueError:
        raise UserError(
            _("{date} is not a date. Write it as year-month-day, for example 2026-11-01.").format(
                date=args.since
            )
        ) from None


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _export_batch(
    service: MinutesService,
    meetings: list[int],
    args: argparse.Namespace,
    key: SigningKey | None,
    opened: OpenedKey | None,
) -> int:
    """Export each meeting into the folder ``args.out``; one that cannot be exported is reported
    with its id and the reason, and the others still go out. 1 when any failed."""
    from desktop.errors import DatabaseError, UserError

    folder: Path = args.out
    if not meetings:
        print(_("No held meetings start on or after {date}; nothing was written.").format(date=args.since))
        return 0
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(_("The folder {path} could not be made.").format(path=folder)) from exc
    written: set[str] = set()
    failed = 0
    for meeting_id in meetings:
        try:
            name = _free_name(service.next_file_name(meeting_id), meeting_id, written)
            result = service.export(
                meeting_id, lang=args.doc_lang, key=key, out=folder / name, opened=opened, reason=args.reason
            )
        except DatabaseError:
            raise  # the database itself (a full disk, a lock): the next meeting would fail the same way
        except UserError as exc:
            failed += 1
            print(
                _("Meeting {id}: not exported. {reason}").format(id=meeting_id, reason=exc), file=sys.stderr
            )
            continue
        written.add(name)
        _report(result, folder / name, meeting_id=meeting_id)
    done = len(meetings) - failed
    print(
        ngettext(
            "{done} of {total} meeting exported to {folder}.",
            "{done} of {total} meetings exported to {folder}.",
            len(meetings),
        ).format(done=done, total=len(meetings), folder=folder)
    )
    return 1 if failed else 0


def _free_name(name: str, meeting_id: int, written: set[str]) -> str:
    """``name``, unless this run already wrote it (two meetings of one case on the same day):
    then the meeting id goes in too, so that one never overwrites the other."""
    if name not in written:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-m{meeting_id}{dot}{suffix}"


def _report(result: ExportResult, path: Path, *, meeting_id: int | None = None) -> None:
    left_out = len(result.distribution.excluded)
    if result.is_rendering:  # the same version in another language, or an unsigned copy of it
        line = _("Wrote {path}: a copy of version {n} in {language}, {pages} pages; no new version.").format(
            path=path, n=result.version.version, language=result.version.language, pages=result.page_count
        )
    elif result.version.is_signed:
        line = _("Wrote {path}: version {n}, {pages} pages, signed by {signer}.").format(
            path=path, n=result.version.version, pages=result.page_count, signer=result.version.signer
        )
    else:
        line = _("Wrote {path}: version {n}, {pages} pages, not signed.").format(
            path=path, n=result.version.version, pages=result.page_count
        )
    print(_prefixed(line, meeting_id))
    if left_out:
        note = ngettext(
            "{n} member of the group is not on the distribution list (no consent).",
            "{n} members of the group are not on the distribution list (no consent).",
            left_out,
        ).format(n=left_out)
        print(_prefixed(note, meeting_id), file=sys.stderr)


def _prefixed(line: str, meeting_id: Any) -> str:
    return line if meeting_id is None else _("Meeting {id}: {line}").format(id=meeting_id, line=line)
