"""Test and benchmark tooling of the project; not part of the installed package.

Run from the repository root (``python -m kpi_devtools.bench``); pytest finds
it through ``pythonpath = ["."]`` in pyproject.toml.
"""
