"""The shell reference app: bench/shell_page.py behind the same app-level work as app.py.

app.py sets the page config, computes the navigation titles in the viewer's language (one
query for the open board's language) and runs ``st.navigation``; this does the same with the
shell page as the only page, so "shell" carries every cost a real page of the app carries
except its own content.  Run by bench/rerun.py (AppTest) and bench/load.py (a server).
"""

import sys
from pathlib import Path

import streamlit as st

# `streamlit run bench/shell_app.py` puts bench/ on the path, not the project root above it
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from components.widgets.shell import navigation_titles  # noqa: E402
from components.widgets.workshop import finish_page  # noqa: E402

st.set_page_config(page_title="Progress Canvas bench", layout="wide")
navigation_titles()  # the same query and catalog look-ups app.py makes on every rerun
st.navigation([st.Page("shell_page.py", title="Shell reference", default=True)]).run()
finish_page()  # the live panel, as app.py draws it after every page
