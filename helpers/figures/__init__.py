"""The course's figures, one module per notebook (plus the charts several notebooks share).

A notebook's companion module (helpers/<topic>.py) holds its model, what-if and tables and
re-exports the charts from here, so notebook cells read ``exodus.defectors_chart()``. Figures are
built with the shared pieces in :mod:`helpers.style` (palette, log10 axes, event lines, range bars,
hollow "recalled only" markers). A figure module imports its companion module at its end, after
defining its functions, so either can be imported first.
"""
