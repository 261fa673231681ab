"""Progress Canvas: the navigation of the three tools that share one board.

Each page runs inside the one boundary (``components/widgets/boundary.py``): an unexpected
error becomes a short message with a reference for the server log, never a traceback.
"""

import streamlit as st

from components.widgets.boundary import guard
from components.widgets.shell import PAGES, navigation_titles
from components.widgets.workshop import finish_page

st.set_page_config(page_title="Progress Canvas", page_icon=":material/donut_large:", layout="wide")
with guard():
    titles = navigation_titles()
    st.navigation([
        st.Page(PAGES["home"], title=titles["home"], icon=":material/dashboard:", url_path="",
                default=True),
        st.Page(PAGES["canvas"], title=titles["canvas"], icon=":material/contrast:",
                url_path="canvas"),
        st.Page(PAGES["progress"], title=titles["progress"], icon=":material/trending_up:",
                url_path="progress"),
        st.Page(PAGES["funnel"], title=titles["funnel"], icon=":material/filter_alt:",
                url_path="funnel"),
        st.Page(PAGES["report"], title=titles["report"], icon=":material/summarize:",
                url_path="report"),
        st.Page(PAGES["present"], title=titles["present"], icon=":material/slideshow:",
                url_path="present"),
    ]).run()
with guard():
    finish_page()
