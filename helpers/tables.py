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

import re

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
    return _left_align_text(text.replace(_HIDDEN_CORNER, _SR_ONLY), df, index)


_LEFT = ' style="text-align: left;"'


def _is_text(values) -> bool:
    """A column of words (claims, notes, labels) rather than of numbers: JupyterLab right-aligns every
    cell, which leaves whole sentences ragged on the left. Numbers written as text ("2.6 million",
    "US$2.57 bn", "14 +/- 3") stay right-aligned."""
    words = [v for v in values if isinstance(v, str) and v.strip()]
    return bool(words) and any(re.match(r"(?!US\$)[^\W\d_]", v.strip()) for v in words)


def _left_align_text(text: str, df: pd.DataFrame, index: bool) -> str:
    """Left-align the header and the cells of every text column (and a text index), inline: an inline
    style survives JupyterLab's sanitizer where a <style> element may not."""
    if df.columns.nlevels > 1 or df.index.nlevels > 1:
        return text
    left = [_is_text(df.iloc[:, k].tolist()) for k in range(df.shape[1])]
    left_index = index and _is_text([str(v) if not isinstance(v, str) else v for v in df.index])
    if not any(left) and not left_index:
        return text

    def row(match) -> str:
        cells = re.split(r"(<t[dh](?:\s[^>]*)?>)", match.group(0))
        out, k = [], -1 if index else 0
        for piece in cells:
            if re.fullmatch(r"<t[dh](?:\s[^>]*)?>", piece):
                if (k == -1 and left_index) or (0 <= k < len(left) and left[k]):
                    piece = piece[:-1].replace(' style="text-align: right;"', "") + _LEFT + ">"
                k += 1
            out.append(piece)
        return "".join(out)

    return re.sub(r"<tr[^>]*>.*?</tr>", row, text, flags=re.S)


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
