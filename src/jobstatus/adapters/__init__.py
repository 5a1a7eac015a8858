"""The formats: one module per format (see :mod:`jobstatus.registry` for how they are found).

Modules whose name starts with ``_`` hold tables shared by a family of formats. Adapters
are written with :mod:`jobstatus.authoring`, the one module they import.
"""
