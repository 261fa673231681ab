"""The bare reference page: what every page of Progress Canvas costs before its own content.

It does exactly the shared part of a page, ``page()`` from the shell (the link resolved, the
open board loaded fresh from the database, the sidebar with language switch, name, board
picker and live panel), then a title and two small widgets.  It draws none of the board.
The benchmarks compare every page with this one on a board of the same size, so the ratio is
what the page's own content costs."""

import streamlit as st

from components.widgets.shell import page

page()
st.title("Bare reference page")
st.text_input("A note", key="bench_note")
st.checkbox("An option", key="bench_option")
