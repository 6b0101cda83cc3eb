"""The static charts' SVG (style.svg_bytes, as Chart.html shows it): the same bytes as matplotlib's own
savefig, with the figure's layout drawn once."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil

import pytest
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from helpers import figures, style


def _matplotlibs_svg(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _static_charts() -> list[tuple[str, object]]:
    """Every chart function of helpers.figures that needs no argument (the notebooks' static charts)."""
    found = []
    for info in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"helpers.figures.{info.name}")
        for name, fn in vars(module).items():
            if name.endswith("_chart") and inspect.isfunction(fn) and fn.__module__ == module.__name__:
                params = inspect.signature(fn).parameters.values()
                if all(p.default is not p.empty or p.kind is p.VAR_KEYWORD for p in params):
                    found.append((f"{info.name}.{name}", fn))
    return sorted(found, key=lambda item: item[0])


CHARTS = _static_charts()


def test_the_static_charts_are_found():
    assert len(CHARTS) >= 25, [name for name, _ in CHARTS]


@pytest.mark.skipif(not style._SVG_CANVAS_CHECKED, reason="the caching canvas is used on matplotlib 3.10-3.11 only")
@pytest.mark.parametrize("name,make", CHARTS, ids=[name for name, _ in CHARTS])
def test_a_static_chart_is_matplotlibs_svg_drawn_once(name, make, monkeypatch):
    """svg_bytes runs the constrained layout itself and saves without savefig's extra draw: the SVG must
    stay byte for byte what matplotlib's savefig writes for the same chart, the layout engine must be
    back afterwards, and the figure drawn once per save (savefig alone draws it twice). Matplotlib's
    clip-path ids change from one save of a figure to the next, so each save is compared with the same
    save of another copy of the chart."""
    fig, theirs = make().fig, make().fig
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine), name  # the charts' layout (style.figure)
    draws = []
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(self) or real_draw(self, renderer))
    ours = [style.svg_bytes(fig) for _ in range(2)]
    assert len(draws) == 2, name
    assert fig.get_layout_engine() is engine, name
    monkeypatch.setattr(Figure, "draw", real_draw)
    assert ours == [_matplotlibs_svg(theirs) for _ in range(2)], name


def test_svg_bytes_puts_the_canvas_dpi_and_layout_back_after_an_error(monkeypatch):
    fig, ax = style.figure(4, 3)
    ax.set_title("a title")
    canvas, dpi, engine = fig.canvas, fig.dpi, fig.get_layout_engine()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(RuntimeError):
        style.svg_bytes(fig)
    assert (fig.canvas, fig.dpi, fig.get_layout_engine()) == (canvas, dpi, engine)


def test_a_figure_without_axes_saves_as_matplotlib_saves_it():
    """Matplotlib lays out only a figure with axes (else constrained layout warns): so does svg_bytes."""
    fig = style.figure(4, 3)[0]
    fig.delaxes(fig.axes[0])
    fig.suptitle("no axes")
    theirs = style.figure(4, 3)[0]
    theirs.delaxes(theirs.axes[0])
    theirs.suptitle("no axes")
    assert style.svg_bytes(fig) == _matplotlibs_svg(theirs)
