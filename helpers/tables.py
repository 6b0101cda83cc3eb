"""Tables a screen reader can read: every header cell has text.

pandas' HTML for a DataFrame leaves header cells empty: the top-left corner above the index, and
a whole second header row when the index has a name. Screen readers then announce blank column
headers (axe-core: ``empty-table-header``). :func:`html` renders a DataFrame with one header row
whose cells all carry text:

- a named index stays the row headers (``<th>`` in each row) and its name moves into the corner;
- a plain 0, 1, 2 ... index (unnamed RangeIndex) is left out: it carries nothing to read;
- any other unnamed index gets a corner header that is read aloud but not shown ("row").

:func:`install` makes this the way every DataFrame displays in a notebook that imports the
helpers (IPython's formatter for ``text/html``); ``text/plain`` is left as pandas writes it.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["html", "install"]

_HIDDEN_CORNER = "__soft_landing_corner__"
# Read by screen readers, not drawn (the usual visually-hidden pattern).
_SR_ONLY = ("<span style=\"position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
            "clip:rect(0 0 0 0);white-space:nowrap;border:0\">row</span>")


def html(df: pd.DataFrame) -> str:
    """HTML for ``df`` with text in every header cell, honouring pandas' display options."""
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    index = df.index.nlevels > 1 or not (isinstance(df.index, pd.RangeIndex) and df.index.name is None)
    out = df
    if index and df.index.nlevels == 1 and df.columns.nlevels == 1:
        out = df.copy(deep=False)
        name = df.index.name
        out.columns = out.columns.copy()
        out.columns.name = name if isinstance(name, str) and name.strip() else _HIDDEN_CORNER
        out.index = out.index.copy()
        out.index.name = None
    text = out.to_html(
        index=index,
        notebook=True,
        max_rows=pd.get_option("display.max_rows"),
        max_cols=pd.get_option("display.max_columns"),
        show_dimensions=pd.get_option("display.show_dimensions"),
        border=0,
    )
    return text.replace(_HIDDEN_CORNER, _SR_ONLY)


def _format(df):
    return html(df)


def install() -> bool:
    """Show every DataFrame through :func:`html` in the running IPython kernel (if any)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _format)
    return True
