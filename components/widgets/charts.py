"""Altair charts drawn from a cached Vega-Lite spec.

Building an Altair chart and validating it into a Vega-Lite spec costs tens of milliseconds
per chart, on every rerun, for every participant — and Streamlit does the conversion under a
process-wide lock.  The spec depends only on the builder's inputs (the numbers shown and the
viewer's language), so it is built once per distinct input and drawn from the cache after
that; a change on the board changes the inputs and builds it anew.

Streamlit sends a chart's data as Arrow tables and would convert the spec's datasets (lists
of rows) to Arrow on every draw; the cache keeps them converted too.  The plain JSON spec
stays beside it for the PNG and SVG downloads.  The cache is the process's own bounded
shelf (``components.board.cache.Shelf``), which hands out the very objects it keeps.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
import vl_convert as vlc

from components.board.cache import Shelf

Builder = Callable[..., alt.TopLevelMixin]


def _cached(build: Builder, args: tuple) -> tuple[dict, dict]:
    """The Vega-Lite spec of ``build(*args)`` and its drawable form, built once per distinct
    ``build`` and ``args``; ``args`` must pickle (frozen dataclasses do).

    The cache key is a digest of the pickled arguments: much cheaper than letting
    ``st.cache_data`` walk a large view object on every rerun.
    """
    digest = hashlib.blake2b(pickle.dumps(args, protocol=5), digest_size=16).digest()
    return SPECS.get((build.__module__, build.__qualname__, digest), lambda: specs(build(*args)))


#: The specs built, shared by every session of the process (``st.cache_data`` would copy
#: them on every hit); Streamlit and the downloads only read them, nobody changes them.
SPECS = Shelf(256)


def specs(chart: alt.TopLevelMixin) -> tuple[dict, dict]:
    """The Vega-Lite spec of ``chart`` and its drawable form (datasets as Arrow, for
    ``st.vega_lite_chart``), the conversion :func:`draw` would make on every rerun."""
    spec = chart.to_dict()
    view = spec.get("config", {}).get("view", {})
    for default in ("continuousWidth", "continuousHeight"):  # Altair's theme, not ours:
        view.pop(default, None)  # Streamlit sizes charts to their container
    drawable = {**spec, "datasets": {dataset: _arrow(rows)
                                     for dataset, rows in spec.get("datasets", {}).items()}}
    return spec, drawable


#: The first integer a float does not hold exactly.
_EXACT = 2**53


def _arrow(rows: list[dict]) -> bytes:
    """Rows as the Arrow IPC stream Streamlit sends a chart's data in.

    A count beyond what a float holds exactly (2**53, e.g. the suspects of a plan with rates
    of one in a million) is drawn as the float nearest to it: Arrow holds no integer beyond
    64 bits, and a chart shows no more digits than a float has.
    """
    rows = [{name: float(value) if type(value) is int and abs(value) >= _EXACT else value
             for name, value in row.items()} for row in rows]
    table = pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def draw(build: Builder, *args: Any, width: str = "stretch") -> dict:
    """Draw the chart ``build(*args)`` as one element; returns its spec for downloads."""
    spec, drawable = _cached(build, args)
    st.vega_lite_chart(drawable, width=width)
    return spec


def png(spec: dict, scale: int = 2) -> bytes:
    """The chart as a PNG (for a download button's lazy callback)."""
    return vlc.vegalite_to_png(json.dumps(spec), scale=scale)


#: The font of a chart as SVG: ``vl_convert`` lays a chart out with the widths of the font
#: it is told, and a browser (or the PDF printer) drawing it in a wider one cuts legends and
#: overlaps labels ("worth considerin").  The server has this one (the PDF is printed there);
#: a reader elsewhere gets a common fallback of about its width.
SVG_FONT = "DejaVu Sans, Verdana, sans-serif"


def svg(spec: dict) -> str:
    """The chart as SVG, its texts measured and drawn in :data:`SVG_FONT`."""
    return vlc.vegalite_to_svg(json.dumps({**spec, "config": {**spec.get("config", {}),
                                                               "font": SVG_FONT}}))


def drawn_svg(build: Builder, *args: Any) -> str:
    """The chart ``build(*args)`` as SVG markup, made once per distinct input: for a slide
    that sizes it to the screen (an SVG scales; a chart element has a height in pixels)."""
    spec, _ = _cached(build, args)
    return _svg_of(json.dumps(spec, sort_keys=True))


@st.cache_data(max_entries=64, show_spinner=False)
def _svg_of(spec: str) -> str:
    return svg(json.loads(spec))
