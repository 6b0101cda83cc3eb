"""Soft Landing helpers. Importing them in a notebook makes DataFrames display with a text in
every header cell (see helpers.tables)."""

from . import tables as _tables

_tables.install()
