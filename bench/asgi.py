"""A bench server's script as an ASGI app, for ``uvicorn bench.asgi:app`` (``--launch uvicorn``).

``st.App`` is Streamlit's documented way to be served by an ASGI server; bench/servers.py
starts uvicorn with it to compare a server whose websockets have TCP_NODELAY (uvicorn binds
the socket) with ``streamlit run`` (Streamlit binds it, without).  The script is named by
``PROGRESS_CANVAS_BENCH_SCRIPT``: app.py, bench/shell_app.py or bench/bare_app.py.
"""

import os

import streamlit as st

app = st.App(os.environ["PROGRESS_CANVAS_BENCH_SCRIPT"])
