"""Translation catalogs: extract, list untranslated entries, apply translations, compile.

The application has one gettext domain, ``core``: one ``.po`` per language under
``resources/locale/<lang>/LC_MESSAGES/``. Usage (from the project root, inside the venv):

    python scripts/i18n.py extract core FILE...     # add new msgids from FILEs to the catalogs
    python scripts/i18n.py missing [LANG]           # msgids used in code but untranslated, as JSON
    python scripts/i18n.py apply core LANG F.json   # set msgstr from a {"msgid": "translation"} file
    python scripts/i18n.py compile                  # build the .mo files
    python scripts/i18n.py locations                # point each msgid's «#:» lines at where it is used now

English msgids are filled into the ``en`` catalog automatically.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "resources" / "locale"
LANGUAGES = ("nb", "nn", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def po_path(domain: str, lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def load(domain: str, lang: str) -> Catalog:
    path = po_path(domain, lang)
    if not path.exists():
        return Catalog(locale=lang, domain=domain, project="Ansvarsgruppe", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=domain)


def save(catalog: Catalog, domain: str, lang: str) -> None:
    path = po_path(domain, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, sort_output=False, include_previous=False)


def extract(files: Iterable[Path]) -> dict[str | tuple[str, str], list[str]]:
    """msgid -> locations, from the given Python files."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for file in files:
        for lineno, message, _comments, _context in extract_from_file("python", str(file), keywords=KEYWORDS):
            key = message if isinstance(message, str) else tuple(message[:2])
            found.setdefault(key, []).append(f"{file.relative_to(ROOT)}:{lineno}")
    return found


def all_domains() -> list[str]:
    return sorted({p.stem for p in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")})


def known_ids(lang: str, exclude: str | None = None) -> set[object]:
    ids: set[object] = set()
    for domain in all_domains():
        if domain != exclude:
            ids |= {m.id for m in load(domain, lang) if m.id}
    return ids


def cmd_extract(domain: str, files: list[str]) -> None:
    found = extract(ROOT / f for f in files)
    for lang in LANGUAGES:
        catalog = load(domain, lang)
        elsewhere = known_ids(lang, exclude=domain)
        added = 0
        for msgid, locations in found.items():
            if msgid in elsewhere:
                continue
            if msgid not in catalog:
                string: object = ""
                if lang == "en":
                    string = msgid
                catalog.add(
                    msgid,
                    string=string,
                    locations=[(loc.split(":")[0], int(loc.split(":")[1])) for loc in locations[:3]],
                )
                added += 1
        save(catalog, domain, lang)
        print(f"{lang}/{domain}.po: {added} new")


def used_ids() -> set[object]:
    return set(extract(sorted((ROOT / "desktop").rglob("*.py"))))


def cmd_locations() -> None:
    """Code moves between modules; the translator's «#:» hints should follow it."""
    found = extract(sorted((ROOT / "desktop").rglob("*.py")))
    for domain in all_domains():
        for lang in LANGUAGES:
            catalog = load(domain, lang)
            for message in catalog:
                if message.id:
                    places = found.get(
                        message.id if isinstance(message.id, str) else tuple(message.id[:2]), []
                    )
                    message.locations = [(p.split(":")[0], int(p.split(":")[1])) for p in places[:3]]
            save(catalog, domain, lang)
            print(f"{lang}/{domain}.po: locations refreshed")


def cmd_missing(langs: list[str]) -> None:
    used = used_ids()
    report: dict[str, list[object]] = {}
    for lang in langs or LANGUAGES:
        translated: set[object] = set()
        for domain in all_domains():
            translated |= {m.id for m in load(domain, lang) if m.id and m.string and not m.fuzzy}
        report[lang] = sorted((u for u in used if u not in translated), key=str)
    print(json.dumps(report, ensure_ascii=False, indent=1))


def cmd_apply(domain: str, lang: str, file: str) -> None:
    mapping = json.loads(Path(file).read_text(encoding="utf-8"))
    catalog = load(domain, lang)
    for msgid, string in mapping.items():
        key: object = tuple(json.loads(msgid)) if msgid.startswith("[") else msgid
        if key not in catalog:
            catalog.add(key, string=tuple(string) if isinstance(string, list) else string)
        else:
            catalog[key].string = tuple(string) if isinstance(string, list) else string
    save(catalog, domain, lang)


def cmd_compile() -> None:
    for orphan in LOCALE_DIR.glob("*/LC_MESSAGES/*.mo"):  # a catalog merged away must not be loaded
        if not orphan.with_suffix(".po").exists():
            orphan.unlink()
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        mo = po.with_suffix(".mo")
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with partial.open("wb") as fh:  # written beside and renamed: a reader never sees half a file
            write_mo(fh, catalog)
        os.replace(partial, mo)
    compile_qt_translations()


def _find_lrelease() -> Path | None:
    """PySide6's lrelease: the venv's ``pyside6-lrelease`` (``.exe`` in ``Scripts`` on Windows), else
    the tool inside the PySide6 package (``lrelease.exe`` on Windows, ``Qt/libexec/lrelease`` on Linux),
    which an installation without console scripts (the embeddable Windows Python) still has."""
    import importlib.util
    import sysconfig

    suffix = ".exe" if sys.platform == "win32" else ""
    folders = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    candidates = [folder / f"pyside6-lrelease{suffix}" for folder in folders]
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin:
        package = Path(spec.origin).parent
        candidates += [package / f"lrelease{suffix}", package / "Qt" / "libexec" / "lrelease"]
    return next((c for c in candidates if c.is_file()), None)


def compile_qt_translations() -> None:
    """Qt's own strings: the PySide6 wheels ship qtbase_nn but no qtbase_nb, so we ship our own."""
    import subprocess

    lrelease = _find_lrelease()
    for ts in sorted((ROOT / "resources" / "qt").glob("*.ts")):
        qm = LOCALE_DIR / f"{ts.stem}.qm"
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        if lrelease is None:
            print(f"pyside6-lrelease not found; {qm.name} not built", file=sys.stderr)
            return
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "extract":
        cmd_extract(rest[0], rest[1:])
    elif command == "missing":
        cmd_missing(rest)
    elif command == "apply":
        cmd_apply(*rest)
    elif command == "compile":
        cmd_compile()
    elif command == "locations":
        cmd_locations()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
