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
from functools import lru_cache

from matplotlib import cbook
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
            renderer = MixedModeRenderer(self.figure, width, height, dpi,
                                         _CachingRenderer(w, h, fh, image_dpi=dpi, metadata=metadata),
                                         bbox_inches_restore=bbox_inches_restore)
            self.figure.draw(renderer)
            renderer.finalize()
