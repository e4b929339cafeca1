"""Handover documents and signed handover PDFs for the import tests, independent of the minutes export.

Ordinary minutes no longer carry the handover data (issue 18), so the tests sign a small PDF
with the attachment themselves: the import path under test is the same.
"""

from __future__ import annotations

import copy
import io
import json
from typing import Any

from tests.unit.minutes_fixtures import SessionKey

VALID: dict[str, Any] = {
    "schema": "ansvarsgruppe.handover",
    "schema_version": 1,
    "generated_at": "2026-11-25T10:00:00",
    "generator": "Ansvarsgruppe 0.1.0",
    "language": "nb",
    "case": {
        "reference": "AG-2026-017",
        "display_name": "Áile Čđŋšŧž Somby",
        "birth_year": 1991,
        "phase": "discharge_planning",
        "main_pathway": 2,
        "admission_date": "2026-10-01",
        "planned_discharge_date": "2026-12-15",
        "discharge_date": None,
        "interpreter_language": "",
    },
    "coordination": {
        "holder": "specialist",
        "specialist_coordinator": "m2",
        "municipal_coordinator": None,
        "handover_date": "2027-01-09",
    },
    "members": [
        {
            "key": "m1",
            "name": "Áile Čđŋšŧž Somby",
            "role": "user",
            "party": "user",
            "organisation": "",
            "title": "",
            "phone": "",
            "email": "",
            "relation": None,
            "is_closest_next_of_kin": False,
            "is_active": True,
            "consents": [],
        },
        {
            "key": "m2",
            "name": "Ingrid Haugen",
            "role": "coordinator",
            "party": "tsb_outpatient",
            "organisation": "DPS Hamar",
            "title": "Spesialsykepleier",
            "phone": "900 11 222",
            "email": "ingrid@dps.example",
            "relation": None,
            "is_closest_next_of_kin": False,
            "is_active": True,
            "consents": [
                {
                    "scope": "receive_full_minutes",
                    "status": "given",
                    "form": "written",
                    "given_on": "2026-10-01",
                    "withdrawn_on": None,
                    "limitation": "",
                }
            ],
        },
    ],
    "plan": {
        "overall_goal": "Jeg vil ha min egen leilighet 🏠\nog en jobb.",
        "resources": "Godt nettverk",
        "next_evaluation": "2027-02-01",
        "goals": [
            {
                "domain": "housing",
                "text": "Egen bolig",
                "professional_text": "",
                "status": "active",
                "measures": [
                    {
                        "text": "Søke kommunal bolig",
                        "party": "municipal_housing",
                        "responsible": "m2",
                        "responsible_person": "",
                        "start_date": "2026-11-01",
                        "end_date": None,
                        "evaluation_date": None,
                        "status": "applied",
                    }
                ],
            }
        ],
    },
    "open_tasks": [
        {
            "text": "Ringe boligkontoret",
            "party": "user",
            "responsible": "m1",
            "responsible_person": "",
            "due": "2026-12-01",
            "status": "open",
            "created_at": "2026-11-20T09:30:00",
        }
    ],
    "meetings": [
        {
            "type": "discharge_planning",
            "start": "2026-11-20T09:00:00",
            "duration_minutes": 75,
            "place": "Møterom Mjøsa",
            "facilitator": "m2",
            "is_this_meeting": True,
            "decisions": [
                {"text": "Poliklinikken gir tilbud om samtale hver uke.", "awaiting_formal_decision": False}
            ],
            "attendance": [{"member": "m1", "status": "present", "mode": "in_person"}],
        }
    ],
    "next_meeting_start": "2026-12-10T09:00:00",
}


def valid_document() -> dict[str, Any]:
    return copy.deepcopy(VALID)


def to_bytes(document: Any) -> bytes:
    """JSON as another writer might make it: ASCII escapes (so ``\\ud800`` survives), NaN allowed."""
    return json.dumps(document, ensure_ascii=True, allow_nan=True).encode("ascii")


def signed_pdf_with(attachment: bytes, key: SessionKey) -> bytes:
    """A one-page PDF, signed (PAdES) with ``attachment`` embedded as the handover data."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.services.minutes.signing import SignRequest, sign_pdf

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Handover test")
    canvas.showPage()
    canvas.save()
    request = SignRequest(
        pdf=buffer.getvalue(), key_path=key.path, passphrase=key.passphrase, slot=None, attachment=attachment
    )
    return sign_pdf(request).pdf
