"""Tabs that draw only the open one, and remember which one is open by name.

``st.tabs(on_change="rerun")`` tracks the open tab, so a page draws only that tab's content
(``.open``): a rerun pays for one section, not for every chart, table and form at once, for
every participant of a workshop.  Streamlit keeps the open tab as its label, though, and the
labels change with the viewer's language; so each language gets a tabs widget of its own, and
the open tab is also remembered by name, which the next language's widget opens first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from streamlit.elements.lib.mutable_tab_container import TabContainer


def open_tabs(key: str, labels: Mapping[str, str], language: str) -> dict[str, TabContainer]:
    """Tabs for ``labels`` (``{name: label}``, in order); returns ``{name: tab}``.

    ``key`` names the remembered tab in the session; the widget itself is ``widget_key(key,
    language)``.  The first tab opens when nothing is remembered.
    """
    remembered = st.session_state.get(key)
    widget = widget_key(key, language)

    def remember() -> None:
        chosen = st.session_state.get(widget)
        st.session_state[key] = next((name for name, label in labels.items()
                                      if label == chosen), None)

    tabs = st.tabs(list(labels.values()), default=labels.get(remembered), key=widget,
                   on_change=remember)
    return dict(zip(labels, tabs, strict=True))


def widget_key(key: str, language: str) -> str:
    """The tabs widget's key in ``language`` (tests open a tab by setting it to a label)."""
    return f"{key}_{language}"
