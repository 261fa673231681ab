"""The canvas as a PNG picture, drawn by the system Chromium."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from components.canvas import picture
from components.canvas import view as canvas_view
from components.examples import all_examples
from components.report import snapshot
from tests.conftest import STRICT


@pytest.fixture
def chromium():
    if snapshot.browser() is None:
        if STRICT:
            pytest.fail("Chromium is required here")
        pytest.skip("no Chromium: the PNG export is not offered")


def test_canvas_png_is_a_trimmed_picture_of_the_whole_canvas(chromium):
    shelf = next(e for e in all_examples() if (e.key, e.language) == ("shelf", "en")).board()
    view = canvas_view.build(shelf, canvas_view.prefixes("en"))
    png = snapshot.html_to_png(picture.document(view, "en"))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == 1400
    assert 500 < image.height < 4000  # the shelf canvas, not the whole tall window


def test_without_a_browser_there_is_no_png(monkeypatch):
    monkeypatch.setenv("PROGRESS_CANVAS_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    assert snapshot.html_to_png("<p>hello</p>") is None
