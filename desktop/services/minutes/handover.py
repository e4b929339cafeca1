"""Coordination handover: reading and checking the structured data embedded in the minutes PDF.

The minutes carry ``ansvarsgruppe-handover.json`` (schema in ``docs/handover-schema.md``) so that
the service taking over coordination can start from the group, the plan, the open tasks and the
meeting history instead of retyping them. What goes in is limited to what the group already
shares: internal notes, children's details and private persons without the user's consent to
take part are never included.

The data is built by :mod:`.handover_build` and imported by :mod:`.handover_import`. Import
refuses a PDF whose signature does not verify (``verify.verify_bytes``): the data is
trusted only as far as the seal over it. A valid seal proves only who sent it, not that the
content is sane, so :func:`check_handover` also parses the attachment with limits (size before
parsing, nesting, count) and checks it against ``docs/handover-schema.json`` (jsonschema), all
before any database is opened: a refusal is one translated line that names the part and the
rule, never the value, and leaves nothing behind.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import re
import zlib
from collections.abc import Iterable
from typing import Any

from desktop.errors import UserError
from desktop.i18n import _
from desktop.paths import RESOURCES_DIR
from desktop.services.minutes.handover_build import SCHEMA_ID
from desktop.services.minutes.offline_pyhanko import ensure_offline

ensure_offline()  # before any pyHanko import: no network client in the process

SUPPORTED_VERSIONS = (1,)


def NO_HANDOVER_DATA() -> str:  # noqa: N802 (a message, translated when said)
    """Ordinary minutes are the usual wrong file: say plainly that only a handover copy imports."""
    return _(
        "This PDF holds no handover data. Ordinary minutes never do: only a handover copy can be "
        "imported. Ask the coordinator who sent it for the handover copy («{button}» when "
        "distributing the minutes, or export-handover)."
    ).format(button=_("Handover &copy…").replace("&", "").rstrip("…").strip())


class HandoverError(UserError):
    """The handover data cannot be imported; the message says why (translated)."""


# -- reading a PDF ---------------------------------------------------------------------------

#: The attachment of a large real case is well under 1 MiB; 8 MiB leaves room and keeps parsing cheap.
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024
#: Objects and arrays (``{`` and ``[`` bytes, counted before parsing: inside strings too, which
#: only over-counts). A real case has a few thousand; this bounds the memory parsing can take.
MAX_CONTAINERS = 50_000
#: Values of every kind after parsing, and how deep they nest (the schema itself needs 6 levels).
MAX_VALUES = 200_000
MAX_DEPTH = 24
#: The schema, shipped as a data file: the source tree's ``docs/`` sits beside ``resources/``, and
#: the installer bundles it at the same place (``installer/bundle_manifest.py``).
SCHEMA_PATH = RESOURCES_DIR.parent / "docs" / "handover-schema.json"


class HandoverDocument(dict[str, Any]):
    """A handover document that :func:`check_document` has accepted (so it is not checked twice)."""


def extract_attachment(pdf: bytes, limit: int | None = None) -> bytes | None:
    """The handover JSON embedded in ``pdf``, or None when there is none.

    With ``limit``, a stream that would decode to more bytes raises :class:`HandoverError`
    *while* decoding: a few kilobytes of deflated zeros must not become gigabytes in memory.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    from desktop.services.minutes.signing import ATTACHMENT_NAME

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    names_root = reader.root.get("/Names")
    if names_root is None:
        return None
    embedded = names_root.get_object().get("/EmbeddedFiles")
    if embedded is None:
        return None
    names = embedded.get_object().get("/Names")
    names = names.get_object() if names is not None else []
    for i in range(0, len(names) - 1, 2):
        if str(names[i].get_object()) != ATTACHMENT_NAME:
            continue
        spec = names[i + 1].get_object()
        stream = spec["/EF"]["/F"].get_object()
        return bytes(stream.data) if limit is None else _bounded_data(stream, limit)
    return None


def _bounded_data(stream: Any, limit: int) -> bytes:
    """The decoded stream, refused as soon as it passes ``limit`` (our export uses FlateDecode)."""
    filters = stream.get("/Filter")
    names = [] if filters is None else [str(f) for f in (filters if isinstance(filters, list) else [filters])]
    if stream.get("/DecodeParms") is not None or names not in ([], ["/FlateDecode"]):
        raise HandoverError(_("The handover data in the PDF cannot be read."))
    raw = bytes(stream.encoded_data)
    if not names:
        data = raw
    else:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, limit + 1)
        except zlib.error as exc:
            raise HandoverError(_("The handover data in the PDF cannot be read.")) from exc
    if len(data) > limit:
        raise _too_large()
    return data


def _too_large() -> HandoverError:
    return HandoverError(
        _("The handover data in the PDF is too large to import (at most {size} MB).").format(
            size=MAX_ATTACHMENT_BYTES // (1024 * 1024)
        )
    )


def check_handover(pdf: bytes) -> HandoverDocument:
    """Verify the PDF and return its checked handover document; raise :class:`HandoverError` otherwise.

    Touches no database: callers run it *before* opening or creating the target database, so
    that a refused file leaves nothing behind (no new, empty database file).
    """
    from desktop.services.minutes.verify import verify_bytes

    result = verify_bytes(pdf)
    if not result.is_valid:
        raise HandoverError(
            _("The PDF cannot be imported because its signature does not check out: {reason}").format(
                reason=result.message
            )
        )
    try:
        raw = extract_attachment(pdf, limit=MAX_ATTACHMENT_BYTES)
    except HandoverError:
        raise
    except Exception as exc:  # a damaged names tree
        raise HandoverError(_("The handover data in the PDF cannot be read.")) from exc
    if raw is None:
        raise HandoverError(NO_HANDOVER_DATA())
    return parse_attachment(raw)


def read_handover(pdf: bytes) -> HandoverDocument:
    """The name the GUI dialog and the ``import`` command know: :func:`check_handover`."""
    return check_handover(pdf)


def _refuse_constant(name: str) -> Any:
    """``NaN``, ``Infinity`` and ``-Infinity`` are not JSON, though Python's parser takes them."""
    raise ValueError("not a JSON number")


def parse_attachment(raw: bytes) -> HandoverDocument:
    """Parse the attachment's bytes with limits, then :func:`check_document`.

    The size and the number of objects are checked *before* parsing (parsing is where the
    memory goes); nesting deeper than Python's parser can follow is a RecursionError, caught.
    """
    if len(raw) > MAX_ATTACHMENT_BYTES:
        raise _too_large()
    if raw.count(b"{") + raw.count(b"[") > MAX_CONTAINERS:
        raise _too_complex()
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise _too_complex() from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, an integer of over 4 300 digits
        raise HandoverError(_("The handover data in the PDF cannot be read.")) from exc
    return check_document(document)


def _too_complex() -> HandoverError:
    return HandoverError(
        _("The handover data in the PDF is too complex to import (too many or too deep parts).")
    )


def validate(document: Any) -> None:
    """Raise :class:`HandoverError` unless ``document`` may be imported (see :func:`check_document`)."""
    check_document(document)


def check_document(document: Any) -> HandoverDocument:
    """``document`` checked against ``docs/handover-schema.json``, or a :class:`HandoverError`.

    First what it is (schema id and version, so that a newer version gets its own message),
    then its size and depth (cheap, and keeps the schema check itself fast), then the schema:
    types, sizes of texts and lists, number ranges, the characters of the reference, codes, keys
    and dates. Names and free text are not refused for a stray character: :func:`_text` cleans
    them as every service does (:func:`clean_chars`: a lone surrogate becomes U+FFFD).
    The message names the part (``open_tasks[3].text``) and the rule, never the value.
    """
    if isinstance(document, HandoverDocument):
        return document
    if not isinstance(document, dict) or document.get("schema") != SCHEMA_ID:
        raise HandoverError(_("The PDF holds no handover data. Was it made by Ansvarsgruppe?"))
    version = document.get("schema_version")
    if type(version) is not int or version not in SUPPORTED_VERSIONS:
        raise HandoverError(
            _(
                "The handover data has version {version}, which this version of Ansvarsgruppe cannot read."
            ).format(version=version if type(version) is int and abs(version) < 10**6 else "?")
        )
    _check_size(document)
    from jsonschema.exceptions import best_match

    error = best_match(itertools.islice(_validator().iter_errors(document), 20))
    if error is not None:
        raise HandoverError(describe_error(error))
    return HandoverDocument(document)


def _check_size(document: Any) -> None:
    """Count the values and follow the nesting without recursion (a list 10 000 deep is data too)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES or depth > MAX_DEPTH:
            raise _too_complex()
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


@functools.cache
def handover_schema() -> dict[str, Any]:
    """The published JSON Schema (read once)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(handover_schema())


_PATH_WORD = re.compile(r"^[a-z_]{1,40}$")


def _part(path: Iterable[Any]) -> str:
    """``open_tasks[3].text``: where in the document, from the schema's own names and indexes."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            word = step if isinstance(step, str) and _PATH_WORD.match(step) else "…"
            text += f".{word}" if text else word
    return text


def describe_error(error: Any) -> str:
    """One translated line for a jsonschema error; the offending value is never quoted."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        error = best_match(error.context)
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = [
            k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance
        ]
        return _("The handover data is incomplete: {part} is missing.").format(
            part=_part([*path, missing[0] if missing else "…"])
        )
    if path == ["case", "reference"] and kind in ("pattern", "maxLength", "minLength"):
        return _(
            "The case reference in the handover data cannot be used: it must be 1 to 40 letters, digits, "
            "spaces or . _ : / # ( ) + -, begin with a letter or digit and never hold «..»."
        )
    part = _part(path) or _("the document")
    if kind == "type":
        return _("The handover data cannot be imported: {part} has the wrong type.").format(part=part)
    if kind == "maxLength":
        return _(
            "The handover data cannot be imported: {part} is too long (at most {count} characters)."
        ).format(part=part, count=error.validator_value)
    if kind == "maxItems":
        return _(
            "The handover data cannot be imported: {part} has too many entries (at most {count})."
        ).format(part=part, count=error.validator_value)
    if kind in ("minimum", "maximum"):
        return _("The handover data cannot be imported: {part} is not a possible number.").format(part=part)
    if kind in ("enum", "const"):
        return _("The handover data cannot be imported: {part} has an unknown value.").format(part=part)
    return _("The handover data cannot be imported: {part} is not in the expected form.").format(part=part)
