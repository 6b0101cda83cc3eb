"""The SVG canvas the panels render with: matplotlib's own, plus text sizes that outlive one picture.

Matplotlib measures every piece of text (tick labels, titles, legend entries) each time it draws,
and keeps the measurements only for the life of one renderer - that is, one ``savefig``. A panel
saves the same figure as SVG on every move of a control, so it measured the same few dozen labels
again each time: about a fifth of an update. With text kept as text (``svg.fonttype: none``) a
size depends only on the string, the font properties and whether it is mathematics (the SVG
renderer always works at 72 dpi), so this renderer keeps the sizes for the whole session. The
SVG it writes is byte for byte the one matplotlib's renderer writes.

Used through ``fig.savefig(..., backend="module://helpers._svg")`` (see :func:`helpers.style.svg_bytes`),
which switches the canvas for that one save and puts the figure's own canvas back afterwards.
"""

from __future__ import annotations

import codecs
import io
from collections import Counter, OrderedDict
from functools import lru_cache

import numpy as np
from matplotlib import axis as maxis
from matplotlib import cbook, rcParams
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.offsetbox import DrawingArea, HPacker, TextArea, VPacker
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle
from matplotlib.text import Text
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.textpath import TextToPath

__all__ = ["FigureCanvas"]

_TEXT2PATH = TextToPath()


@lru_cache(maxsize=4096)
def _text_size(text: str, prop, ismath) -> tuple[float, float, float]:
    # ``prop`` is a copy (FontProperties hash on their mutable state): see _CachingRenderer.
    return _TEXT2PATH.get_text_width_height_descent(text, prop, ismath)


class _CachingRenderer(RendererSVG):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._markers, self._clipd = _Watched(), _Watched()  # see _replaying_draw

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath == "TeX":  # depends on the TeX installation: measured each time, as matplotlib does
            return super().get_text_width_height_descent(s, prop, ismath)
        return _text_size(s, prop.copy(), ismath)


class FigureCanvas(FigureCanvasSVG):
    """``FigureCanvasSVG`` whose renderer remembers text sizes across saves."""

    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **_ignored):
        # matplotlib's print_svg (3.10-3.11), with the caching renderer in place of RendererSVG.
        # savefig also passes dpi, facecolor, edgecolor, orientation, which matplotlib drops for its own
        # SVG canvas (the figure's colours are set by savefig itself, SVG works at 72 dpi): so do we.
        with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            w, h = width * 72, height * 72
            out = io.StringIO()  # written here first, so that an axis's SVG can be cut out and kept
            svg = _CachingRenderer(w, h, out, image_dpi=dpi, metadata=metadata)
            renderer = MixedModeRenderer(self.figure, width, height, dpi, svg,
                                         bbox_inches_restore=bbox_inches_restore)
            axes_drawn_once = _replay_axes(self.figure, svg, out)
            try:
                self.figure.draw(renderer)
            finally:
                for axis in axes_drawn_once:
                    del axis.draw  # matplotlib's own draw again
            renderer.finalize()
            fh.write(out.getvalue())


# ---- axes drawn once, replayed while they stay the same -----------------------------------------------
# Drawing the axes (ticks, tick labels, grid lines, the axis label) is most of a panel update: a move of a
# slider usually changes the curves and the title, not the axes. So each x or y axis is drawn once, the SVG
# it wrote is kept, and a later save whose axis would come out the same writes the kept text instead. "The
# same" is decided by a key of everything an axis draw reads: its ticks (positions and labels, after the
# locator and formatter have run), the look of every tick, grid line and label, the axes' place on the
# figure, the spines the ticks sit on, and the state of the SVG writer (the running numbers of group ids,
# the markers and clip rectangles already defined). Anything the key does not cover - a log scale, labels
# aligned across axes, a tick label with a box or path effects - is drawn as matplotlib draws it.
# tests/test_kit.py checks that every panel's SVG, over many random moves, is byte for byte matplotlib's own.

# key -> up to 4 variants: (svg text, the marker and clip lookups it made and whether each was there,
# the group counters after it, the markers and clips it defined)
_FRAGMENTS: OrderedDict = OrderedDict()
_FRAGMENTS_KEPT = 256
REPLAYS: Counter = Counter()  # ("axis" | "legend", "replayed" | "drawn and kept" | "drawn"): for tests and benchmarks


def _font(prop) -> tuple:
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size(), prop.get_file(), prop.get_math_fontfamily())


def _text_look(text) -> tuple | None:
    if not text.get_visible() or text.get_text() == "":
        return (False,)
    if text.get_bbox_patch() is not None or text.get_path_effects() or text.get_sketch_params() is not None:
        return None
    return (text.get_text(), _font(text.get_fontproperties()), str(text.get_color()), text.get_alpha(),
            text.get_rotation(), text.get_rotation_mode(), text.get_horizontalalignment(),
            text.get_verticalalignment(), text._multialignment, text._linespacing, text.get_wrap(),
            text.get_usetex(), text.get_parse_math(), text.get_antialiased(), text.get_transform_rotates_text(),
            text.get_url(), text.get_gid(), text.get_clip_on(), text.get_snap())


def _line_look(line) -> tuple | None:
    if not line.get_visible():
        return (False,)
    if line.get_path_effects() or line.get_sketch_params() is not None:
        return None
    return (str(line.get_color()), line.get_linewidth(), str(line.get_linestyle()), line.get_alpha(),
            str(line.get_marker()), line.get_markersize(), line.get_markeredgewidth(),
            str(line.get_markeredgecolor()), str(line.get_markerfacecolor()), line.get_fillstyle(),
            line.get_dash_capstyle(), line.get_solid_capstyle(), line.get_dash_joinstyle(),
            line.get_solid_joinstyle(), line.get_antialiased(), line.get_drawstyle(), line.get_url(),
            line.get_gid(), line.get_clip_on(), line.get_snap(), repr(line.get_markevery()),
            _data(line.get_xdata(orig=True)), _data(line.get_ydata(orig=True)))


def _data(values) -> tuple:
    try:
        return tuple(np.asarray(values, dtype=float).ravel().tolist())
    except (TypeError, ValueError):  # not numbers (dates, categories): compared as written
        return ("as written", repr(values))


def _axis_key(axis, svg) -> tuple | None:
    """Everything the SVG of ``axis`` depends on, or None where it cannot be told (then it is drawn)."""
    axes = axis.axes
    name = axis._get_axis_name()
    figure = axis.get_figure(root=False)
    if (axis.get_scale() != "linear" or axis.get_rasterized() or axis.get_agg_filter() is not None
            or axis.get_path_effects() or not axis._autolabelpos
            or len(figure._align_label_groups[name].get_siblings(axes)) > 1):
        return None
    ticks = axis._update_ticks()  # what matplotlib's draw does first: locator and formatter run here
    looks = []
    for tick in ticks:
        parts = (_line_look(tick.gridline), _line_look(tick.tick1line), _line_look(tick.tick2line),
                 _text_look(tick.label1), _text_look(tick.label2))
        if None in parts or not tick.get_visible() or tick.get_gid() is not None:
            return None
        looks.append((tick.get_loc(), tick.get_pad(), tick.get_tickdir(), parts))
    label, offset = _text_look(axis.label), _text_look(axis.offsetText)
    if label is None or offset is None:
        return None
    free = 0 if name == "x" else 1  # the label's other coordinate is set by the draw itself
    spines = []  # the label keeps clear of the spine's extent: fixed by its place on the axes' edge
    for side in ("bottom", "top") if name == "x" else ("left", "right"):
        spine = axes.spines.get(side)
        if spine is not None:
            where = spine.get_position()
            if where[0] == "data" or spine.get_bounds() is not None:
                return None  # then it moves with the other axis's limits
            spines.append((side, spine.get_visible(), str(where)))
    return (type(axis).__name__, axis.get_gid(), tuple(axis.get_view_interval()), tuple(axes.bbox.bounds),
            svg.width, svg.height, axis.label_position, axis.labelpad, getattr(axis, "_tick_position", None),
            axis.label.get_position()[free], axis.offsetText.get_position()[0],
            axis.major.formatter.get_offset(), label, offset, tuple(spines), tuple(looks)) + _writer_state(svg)


def _writer_state(svg) -> tuple:
    """What the SVG a draw writes depends on besides the artist: the depth of the open groups and the running
    numbers of group ids (and three more that a draw of an axis or legend must not change: checked). The
    markers and clips already defined are compared lookup by lookup (see _Watched)."""
    return (len(svg.writer._XMLWriter__tags), tuple(sorted(svg._groupd.items())),
            frozenset(svg._hatchd), svg._path_collection_id, svg._n_gradients)


def _patch_look(patch) -> tuple | None:
    if not patch.get_visible():
        return (False,)
    if type(patch) not in (Rectangle, FancyBboxPatch) or patch.get_path_effects() or patch.get_sketch_params() is not None:
        return None
    if type(patch) is Rectangle:
        shape = (patch.get_xy(), patch.get_width(), patch.get_height(), patch.get_angle(), patch.rotation_point)
    else:
        style = patch.get_boxstyle()
        shape = (type(style).__name__, tuple(sorted(vars(style).items())), tuple(patch.get_bbox().bounds),
                 patch.get_mutation_scale(), patch.get_mutation_aspect())
    return (type(patch).__name__, shape, tuple(patch.get_facecolor()), tuple(patch.get_edgecolor()),
            patch.get_linewidth(), str(patch.get_linestyle()), patch.get_hatch(), patch.get_alpha(),
            patch.get_fill(), patch.get_capstyle(), patch.get_joinstyle(), patch.get_antialiased(),
            patch.get_url(), patch.get_gid(), patch.get_clip_on(), patch.get_snap())


_BOX_FIELDS = ("align", "mode", "pad", "sep", "width", "height", "xdescent", "ydescent", "_clip_children",
               "_multilinebaseline")


def _box_look(box) -> tuple | None:
    """The look of a legend's box and everything in it (packers, handle areas, texts, handles)."""
    if isinstance(box, Text):
        look = _text_look(box)
        return None if look is None else (look, box.get_position())
    if isinstance(box, Line2D):
        return _line_look(box)
    if isinstance(box, Patch):
        return _patch_look(box)
    if type(box) not in (VPacker, HPacker, DrawingArea, TextArea):
        return None
    children = []
    for child in box.get_children():
        look = _box_look(child)
        if look is None:
            return None
        children.append(look)
    return (type(box).__name__, box.get_visible(), tuple(getattr(box, f, None) for f in _BOX_FIELDS), tuple(children))


def _legend_key(legend, svg) -> tuple | None:
    """Everything the SVG of ``legend`` depends on, or None (a legend placed at "best" follows the data)."""
    if legend._loc == 0 or legend.get_rasterized() or legend.get_agg_filter() is not None or legend.shadow:
        return None
    box, frame = _box_look(legend._legend_box), _patch_look(legend.legendPatch)
    if box is None or frame is None:
        return None
    return (legend.get_gid(), legend._loc, legend._mode, tuple(legend.get_bbox_to_anchor().bounds),
            legend._fontsize, legend.borderaxespad, legend.borderpad, svg.width, svg.height, box, frame) + _writer_state(svg)


def _replay_axes(figure, svg, out) -> list:
    """Give every plain x and y axis and every legend of ``figure`` a draw that replays its kept SVG
    (see above); return the artists given one (print_svg takes it away after the save)."""
    if rcParams["svg.fonttype"] != "none":  # glyphs would be defined once per picture: not replayable
        return []
    patched, figures = [], [figure]
    while figures:
        fig = figures.pop()
        figures.extend(fig.subfigs)
        for axes in fig.axes:
            if type(axes) is not Axes:
                continue
            for axis in (axes.xaxis, axes.yaxis):
                if type(axis) in (maxis.XAxis, maxis.YAxis):
                    axis.draw = _replaying_draw(axis, _axis_key, svg, out)
                    patched.append(axis)
            if type(axes.legend_) is Legend:
                axes.legend_.draw = _replaying_draw(axes.legend_, _legend_key, svg, out)
                patched.append(axes.legend_)
    return patched


class _Watched(dict):
    """The renderer's table of markers or clips already defined, noting what a draw looks up (and whether
    it was there): a kept SVG is replayed only where those lookups would come out the same."""

    looked_up: dict | None = None

    def get(self, key, default=None):
        if self.looked_up is not None:
            self.looked_up.setdefault(key, key in self)
        return super().get(key, default)


def _replaying_draw(artist, key_of, svg, out):
    kind = "legend" if isinstance(artist, Legend) else "axis"

    def draw(renderer):
        key = key_of(artist, svg) if artist.get_visible() else None
        if key is None:
            REPLAYS[kind, "drawn"] += 1
            return type(artist).draw(artist, renderer)
        svg.writer._XMLWriter__flush()  # the ">" of the enclosing group, which the first tag would write
        tables = (svg._markers, svg._clipd)
        for kept in _FRAGMENTS.get(key, ()):
            text, lookups, groups, defined = kept
            if all((k in tables[i]) == there for i, seen in enumerate(lookups) for k, there in seen.items()):
                _FRAGMENTS.move_to_end(key)
                REPLAYS[kind, "replayed"] += 1
                out.write(text)
                svg._groupd = dict(groups)
                for table, new in zip(tables, defined):
                    table.update(new)
                artist.stale = False
                return None
        for table in tables:
            table.looked_up = {}
        start = out.tell()
        try:
            type(artist).draw(artist, renderer)
        finally:
            lookups = tuple(table.looked_up for table in tables)
            for table in tables:
                table.looked_up = None
        defined = tuple([(k, table[k]) for k, there in seen.items() if not there and k in table]
                        for table, seen in zip(tables, lookups))
        if (key[-3:] == (frozenset(svg._hatchd), svg._path_collection_id, svg._n_gradients)
                and all(len(k) == 4 for k, _ in defined[1])):  # clip rectangles only (no path objects kept)
            variants = _FRAGMENTS.setdefault(key, [])
            variants.insert(0, (out.getvalue()[start:], lookups, dict(svg._groupd), defined))
            del variants[4:]
            REPLAYS[kind, "drawn and kept"] += 1
            if len(_FRAGMENTS) > _FRAGMENTS_KEPT:
                _FRAGMENTS.popitem(last=False)
        else:
            REPLAYS[kind, "drawn"] += 1
        return None
    return draw
