"""The workshop report in a real browser: the exported HTML file opened offline, and the page's
HTML, PDF and ZIP downloads."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

from components.board import boardfile, store
from components.examples import all_examples
from components.report import build as report
from components.report.content import SECTIONS
from components.widgets.report.share import html_file
from components.widgets.shell import PageContext
from tests.browser.conftest import open_page


def electronics(language: str = "de"):
    return next(e for e in all_examples()
                if e.key == "electronics-funnel" and e.language == language).board()


def check_report_file(page, title: str) -> None:
    """The report file as a reader sees it: title, key numbers, the charts, the print button."""
    page.get_by_role("heading", name=title).wait_for()
    assert page.get_by_text("Passungswert Ergebnisse:").is_visible()
    assert page.get_by_text(re.compile(r"88,3 von 100")).first.is_visible()
    assert page.get_by_text(re.compile(r"aus 7\.890 Verdächtigen")).is_visible()
    assert page.get_by_text(re.compile(r"etwa 658 Verdächtige")).is_visible()
    assert page.locator("table").filter(has_text="Pro Monat").get_by_role(
        "cell", name="7.890", exact=True).is_visible()
    charts = page.locator("figure svg")
    assert charts.count() == 5
    assert all(charts.nth(i).bounding_box()["width"] > 300 for i in range(charts.count()))
    button = page.get_by_role("button", name="Drucken / als PDF speichern")
    assert button.is_visible()
    page.emulate_media(media="print")
    assert not button.is_visible()  # the print stylesheet hides it on paper
    page.emulate_media(media="screen")


def test_exported_html_reads_offline_with_charts_and_numbers(browser, tmp_path):
    board = electronics()
    built = report.build(board, "de", ("Anna",), dt.date(2026, 11, 24))
    path = tmp_path / "report.html"
    path.write_text(html_file(PageContext(None, "de", None), built, SECTIONS),
                    encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    check_report_file(page, board.title)
    assert [url for url in requests if not url.startswith("file:")] == []
    context.close()


def test_report_page_downloads_html_pdf_and_zip(app_server, browser, tmp_path):
    board = electronics()
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, board, store.Person("anna-browser", "Anna"))
    engine.dispose()
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{app_server.url}/report?board={board_id}")
    page.get_by_role("heading", name="Workshop-Bericht").wait_for()

    with page.expect_download() as download:
        page.get_by_role("button", name="Als HTML herunterladen").click()
    html_path = tmp_path / "download.html"
    download.value.save_as(html_path)
    assert download.value.suggested_filename.endswith(".html")

    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Als PDF herunterladen").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = set(re.findall(rb"/MediaBox\s*\[([^\]]+)\]", data))
    assert boxes and all(abs(float(box.split()[3]) - 841.9) < 1 for box in boxes)  # A4 high
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf reads the text where it is installed
        PdfReader = None
    if PdfReader is not None:
        first = PdfReader(pdf).pages[0].extract_text()
        assert "Elektronik-Dienstleister" in first and "88,3 von 100" in first

    with page.expect_download() as download:
        page.get_by_role("button", name="Board-Datei und Tabellen (ZIP)").click()
    zip_path = tmp_path / "report.zip"
    download.value.save_as(zip_path)
    archive = zipfile.ZipFile(zip_path)
    assert boardfile.load(archive.read("board.yaml").decode()) == board
    assert any(name.startswith("funnel-plan-") for name in archive.namelist())

    reader = context.new_page()
    reader.goto(html_path.as_uri())
    check_report_file(reader, board.title)
    assert reader.get_by_text("Anna", exact=True).is_visible()  # participants
    context.close()
