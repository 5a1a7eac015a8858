"""Helpers for testing code that uses jobstatus; see :mod:`jobstatus.testing.strategies`."""
