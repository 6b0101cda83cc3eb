"""Soft Landing helpers. Importing them in a notebook makes DataFrames display with a text in
every header cell (see helpers.tables) and makes the student editions' ``%%after_trying`` cell magic
available (see helpers.look)."""

from . import tables as _tables

_tables.install()

try:  # in a notebook: the student editions' "%%after_trying" cells (helpers.look)
    from IPython import get_ipython as _get_ipython
except ImportError:  # pragma: no cover - IPython comes with ipykernel
    _get_ipython = None
if _get_ipython is not None and _get_ipython() is not None:
    from . import look as _look

    _look._register(_get_ipython())
