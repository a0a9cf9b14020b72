"""The evaluation set of recaps (issue 13) and its scorer: ``python -m eval``, ``make eval``.

``eval/recaps/README.md`` says how cases are written and annotated and how they are scored.
"""
