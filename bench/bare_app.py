"""The bare reference: a Streamlit page with navigation and one line of text, nothing else.

What Streamlit itself costs per rerun (the script run, ``st.navigation``, the messages, the
websocket), with nothing of Progress Canvas: no database, no board, no sidebar, no live
panel.  ``bench/shell_app.py`` is the other reference, the app's frame without a page.
"""

import streamlit as st


def bare_page() -> None:
    st.text("Bare reference page")


st.navigation([st.Page(bare_page, title="Bare reference", default=True)]).run()
