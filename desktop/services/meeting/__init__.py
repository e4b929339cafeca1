"""One meeting: planning and its lifecycle, the agenda, the notice, capture while it runs, the room view, ratings.

- Planning: ``planning`` (create, move, cancel), ``notice`` (``notice_data``, ``notice_pdf``,
  ``notice_ics``).
- The agenda: ``agenda`` (the service), ``agenda_generation`` (from the plan), ``agenda_tree``
  (order, numbers, minutes per block, the planner's moves), ``checkpoints``.
- While it runs: ``capture`` (the runner's read, each item's progress), ``attendance``, ``notes``,
  ``agreements`` (decisions and new tasks), ``task_review``, ``measure_review``, ``room``
  (the shared screen), ``ratings``; ``captured`` holds the rows they share, ``lookups`` the
  by-id look-ups.
- Closing: ``closing`` (the review's summary, what is left open, the close itself).
"""
