"""Command-line entry: ``python -m desktop [command] …``; without a command it starts the GUI.

Each command lives in its own module under ``desktop/commands/`` with a ``register(subparsers)``
function, so that commands can be added without touching this file. Commands import only what
they need, inside their handler: ``check`` must not pay for ReportLab or pyHanko.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from desktop import __version__
from desktop.errors import DatabaseDamagedError, UserError
from desktop.i18n import _, install

EXIT_OK, EXIT_FAILED = 0, 1  # argparse itself exits 2 on bad usage


def add_db_argument(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Every command takes ``--db PATH``.

    A command's own ``--db-passphrase-env`` has no default of its own (``SUPPRESS``): one given
    before the command name (``--db-passphrase-env VAR list-meetings …``) is then kept, not
    silently replaced by the command's empty default.
    """
    parser.add_argument("--db", type=Path, required=required, metavar="PATH", help=_("the database file"))
    parser.add_argument(
        "--db-passphrase-env",
        metavar="VAR",
        default=None if not required else argparse.SUPPRESS,
        help=_("read the passphrase of an encrypted database from this environment variable"),
    )


def _translate_argparse() -> None:
    """argparse's own words ("usage:", "options", its error lines) through our catalogs.

    argparse looks its strings up with module-level ``_``/``ngettext``; pointing them at ours makes
    ``--help`` and usage errors Norwegian like the rest of the command line.
    """
    from desktop import i18n

    # argparse imports these names privately; its stubs do not declare them.
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


#: Options before the command name that take a value (``--db PATH``): what :func:`_command_in` skips.
_GLOBAL_VALUE_OPTIONS = ("--db", "--db-passphrase-env", "--lang")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command``, only that command's module is imported and
    registered (a process runs one command; ``--help`` and an unknown name get every command)."""
    import desktop.commands as commands_pkg

    _translate_argparse()

    parser = argparse.ArgumentParser(
        prog="ansvarsgruppe", description=_("Ansvarsgruppe: responsibility-group meetings.")
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=_("show the version and exit")
    )
    add_db_argument(parser, required=False)
    parser.add_argument(
        "--lang", choices=("nb", "nn", "en"), default=None, help=_("language of the interface")
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_("check the installation with demo data and a PDF export, then exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))
    names = sorted(info.name for info in pkgutil.iter_modules(commands_pkg.__path__))
    only = _module_of(command) if command is not None else None
    for name in [only] if only in names else names:
        importlib.import_module(f"desktop.commands.{name}").register(sub)
    if command is not None and only in names and command not in sub.choices:
        return build_parser()  # the module is named otherwise than its command: register them all
    return parser


def _module_of(command: str) -> str:
    """The module under ``desktop/commands/`` that registers ``command`` (by convention)."""
    return {"import": "import_handover"}.get(command, command.replace("-", "_"))


def _command_in(argv: Sequence[str]) -> str | None:
    """The command name in ``argv``, read before argparse; None when there is none or the options
    before it are not plainly the global ones (``--help``, an abbreviation …): then argparse gets
    the whole parser and decides."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_VALUE_OPTIONS:
            i += 2
        elif arg.partition("=")[0] in _GLOBAL_VALUE_OPTIONS or arg == "--self-test":
            i += 1
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    install(_language_from_argv(argv))
    parser = build_parser(_command_in(list(sys.argv[1:] if argv is None else argv)))
    args = parser.parse_args(argv)
    if args.self_test and (args.command is not None or args.db is not None or args.db_passphrase_env):
        # The self-test works in a folder of its own: an option it would ignore is refused.
        parser.error(_("--self-test takes no command, --db or --db-passphrase-env"))
    if args.command is None and args.self_test:
        from desktop.ui.self_test import run_self_test  # used by the installer's smoke test

        return run_self_test(language=args.lang)
    if args.command is None:
        from desktop.ui.app import run_gui  # the only path that imports Qt

        return run_gui(args.db, language=args.lang, passphrase_env=args.db_passphrase_env)
    from desktop.logging_setup import command_finished, setup_logging

    setup_logging()  # the data folder's rotating log; ids and codes only, never content
    try:
        return command_finished(args.command, int(args.handler(args)))
    except UserError as exc:
        _print_error(exc, args)
        return command_finished(args.command, EXIT_FAILED, error=exc)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `… | head`: the reader went away; not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        error = _database_error_of(exc, args)
        if error is None:
            raise
        _print_error(error, args)
        return command_finished(args.command, EXIT_FAILED, error=error)


def _database_error_of(exc: Exception, args: argparse.Namespace) -> UserError | None:
    """An SQLite error no service translated, in the user's words (damaged, full, locked …);
    None for any other error. The original goes to the log, without its message (it may quote data)."""
    from desktop.db import explain_database_error, is_sqlite_error

    path = getattr(args, "db", None)
    if path is None or not is_sqlite_error(exc):
        return None
    import logging

    logging.getLogger("desktop.cli").error("untranslated database error", exc_info=exc)
    try:
        from desktop.commands import passphrase_from_args

        passphrase = passphrase_from_args(args)
    except UserError:
        passphrase = None
    return explain_database_error(exc, path, passphrase=passphrase)


def _print_error(exc: UserError, args: argparse.Namespace) -> None:
    """«error: …» on stderr; for a damaged database also the way back: the newest backup."""
    print(_("error: {message}").format(message=exc), file=sys.stderr)
    path = getattr(args, "db", None)
    if not isinstance(exc, DatabaseDamagedError) or path is None:
        return
    from desktop.i18n import format_datetime
    from desktop.services.backup import newest_backup

    backup = newest_backup(Path(path))
    if backup is None:
        print(_("There is no backup of this file."), file=sys.stderr)
        return
    shown = f'"{path}"' if " " in str(path) else str(path)
    command = f"ansvarsgruppe restore --db {shown}"
    if getattr(args, "db_passphrase_env", None):
        command += f" --db-passphrase-env {args.db_passphrase_env}"
    print(
        _(
            "The newest backup is from {date}. This puts it back and keeps a copy of the damaged file: {command}"
        ).format(date=format_datetime(backup.created_at), command=command),
        file=sys.stderr,
    )


def entry() -> NoReturn:
    """The process entry (``python -m desktop``, the ``ansvarsgruppe`` script, the bundle)."""
    status = main()
    if _command_in(sys.argv[1:]) is not None:
        _skip_collection_at_exit()
    raise SystemExit(status)


def _skip_collection_at_exit() -> None:
    """Spare a finished command the garbage collector's walk over every library object at exit.

    By now the command has disposed of its database (every command does, in ``finally``) and
    written its output; atexit handlers (the log's flush) and the flush of stdout still run, and
    objects freed by reference counting are still finalised. What is skipped is only the full
    collection of the object graph SQLAlchemy, pyHanko and ReportLab leave behind, which the
    process exit discards anyway (a large share of a cold ``export-minutes``:
    benchmarks/README.md). Not for the GUI, and not in :func:`main`, which tests call in-process.
    """
    import gc

    gc.freeze()


def _language_from_argv(argv: Sequence[str] | None) -> str:
    """The ``--lang`` option, read before argparse so that help texts are translated too; without
    it ``ANSVARSGRUPPE_LANG``, then the language saved in the settings, then Bokmål."""
    from desktop.i18n import resolve_language

    args = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return resolve_language()
