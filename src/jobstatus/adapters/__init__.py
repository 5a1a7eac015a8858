"""One module per format; see :mod:`jobstatus.registry` for how they are found."""
