"""The canvas tool: coming soon; the board, its link and the language switch already work."""

import streamlit as st

from components.widgets.shell import page, require_board

context = page()
st.title(context.t("nav.canvas"))
require_board(context)
st.info(context.t("tools.coming_soon"))
