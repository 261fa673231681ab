"""The file drop zone, worded in the viewer's language.

Streamlit 1.67 words its drop zone itself, in English only: an "Upload" button and
"1MB per file • YAML, YML" beneath it, with no parameter to change either.  Both are set here
with a few lines of CSS scoped to the zone's own container (``st-key-<key>``): Streamlit's
words shrink to nothing and the catalog's are drawn in their place (``::after``, which screen
readers read as the button's name).  Should a later Streamlit change its markup, the CSS
matches nothing and the zone shows Streamlit's English again: nothing breaks.

Example: for a German viewer, the board import's zone reads "Hochladen" and
"bis 1 MB je Datei · YAML, YML".
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from components.widgets.shell import PageContext


def file_drop(context: PageContext, label: str, *, key: str, types: list[str],
              limit_mb: int, help: str | None = None,
              label_visibility: str = "visible") -> UploadedFile | None:
    """``st.file_uploader`` for files of ``types`` up to ``limit_mb`` MB, its own words in the
    viewer's language; ``key`` is the session key of the upload (from ``state.key``)."""
    zone = f"{key}_zone"
    button = context.t("upload.button")
    limit = context.t("upload.limit", limit=limit_mb, types=", ".join(t.upper() for t in types))
    scope = f".st-key-{zone} [data-testid='stFileUploaderDropzone']"
    with st.container(key=zone):
        st.html(f"<style>{scope} button p,{scope} "
                "[data-testid='stFileUploaderDropzoneInstructions'] span{font-size:0}"
                f"{scope} button p::after{{content:{_css_text(button)};font-size:14px}}"
                f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after"
                f"{{content:{_css_text(limit)};font-size:14px}}</style>")
        return st.file_uploader(label, type=types, key=key, help=help,
                                max_upload_size=limit_mb, label_visibility=label_visibility)


def _css_text(text: str) -> str:
    r"""``text`` as a CSS string (quotes, backslashes and ``<`` escaped as CSS does).

    >>> _css_text('5 "MB" <x>')
    '"5 \\22 MB\\22  \\3c x>"'
    """
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\<\n' else char for char in text)
    return f'"{escaped}"'

