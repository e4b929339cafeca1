"""The minutes: what they say (data), the PDF, versions and signing, copies per recipient, verification and the handover.

- What they say: ``data`` (the shapes), ``collect`` (read from the database), ``sections``,
  ``sentences``, ``plain_titles``, ``distribution``, ``confirmation``.
- The PDF: ``pdf`` (the document), ``pdf_story`` (its sections), ``page_one``, ``style``,
  ``page_canvas`` (page x of y), ``seal``.
- Versions and files: ``versions`` (export), ``version_history``, ``files`` (names, private writes).
- Signing and trust: ``signing_keys``, ``signing``, ``verify``, ``trust``.
- Copies: ``copies``, ``recipient_view``, ``own_tasks_pdf``; the handover: ``handover_build``,
  ``handover`` (reading and checking), ``handover_import``.
"""
