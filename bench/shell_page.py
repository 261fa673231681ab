"""The shell reference page: what every page of Progress Canvas costs before its own content.

It does exactly the shared part of a page, ``page()`` from the shell (the link resolved, the
open board loaded fresh from the database, the sidebar with language switch, name, board
picker and live panel), then a title and two small widgets.  It draws none of the board.
The benchmarks compare every page with this one on a board of the same size, so the ratio
to it is what the page's own content costs (and the ratio to bench/bare_app.py what the
page costs against Streamlit's own floor)."""

import streamlit as st

from components.widgets.shell import page

page()
st.title("Shell reference page")
st.text_input("A note", key="bench_note")
st.checkbox("An option", key="bench_option")
