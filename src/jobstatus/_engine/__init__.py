"""The engine that turns an adapter's tables into parse and render.

Private: adapters, in this repository or in a plugin package, import what they need from
:mod:`jobstatus.authoring`.
"""
