"""The command line ``python -m components.admin`` and the demo boards it creates."""

from __future__ import annotations

import itertools
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from components.admin import main
from components.board import boardfile, model, store
from components.config import PROJECT_ROOT
from components.demo import demo_board

SHELF = """\
format: progress-canvas/1
title: Put up a shelf
needs:
- id: j1
  text: Put up a shelf on the wall
  outcomes:
  - {id: o1, text: It hangs straight, importance: 9, satisfaction: 3}
solutions:
- {id: s1, text: Laser spirit level}
links:
- {id: l1, solution: s1, target: o1, strength: strong}
"""

MIRROR = """\
format: progress-canvas/1
title: Hang a mirror
needs:
- id: j9
  text: Hang a mirror in the hallway
"""

BAD = SHELF.replace("importance: 9", "importance: 11")


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'boards.db'}"


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (("shelf", SHELF), ("mirror", MIRROR), ("bad", BAD)):
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def created_id(out: str) -> str:
    return out.strip().splitlines()[-1]


def listed(capsys, db) -> list[list[str]]:
    code, out, _ = run(capsys, "list", "--db", db)
    assert code == 0
    return [line.split("\t") for line in out.splitlines()]


def test_import_creates_the_board_and_prints_its_id_last(capsys, db, files):
    code, out, err = run(capsys, "import", files["shelf"], "--db", db)
    assert code == 0 and err == ""
    board_id = created_id(out)
    assert store.load(store.connect(db), board_id).board == boardfile.load(SHELF)


@pytest.mark.parametrize("command", [("import", "shelf"), ("demo", "--items", "20")])
def test_a_new_board_prints_its_facilitator_link_on_a_line_of_its_own(capsys, db, files,
                                                                       command):
    """The key is stored as a digest only: this line is the one time it is shown."""
    argv = [files.get(arg, arg) for arg in command]
    code, out, _ = run(capsys, *argv, "--db", db)
    assert code == 0
    *_, link, board_id = out.strip().splitlines()
    query = parse_qs(urlsplit(link).query)
    assert link.startswith("/?") and query["board"] == [board_id]
    engine = store.connect(db)
    facilitator = store.access(engine, store.NOBODY, board=board_id, key=query["key"][0])
    assert facilitator.role == store.FACILITATOR
    assert store.access(engine, store.NOBODY, board=board_id).role == store.PARTICIPANT


def test_db_may_come_before_the_command(capsys, db, files):
    code, out, _ = run(capsys, "--db", db, "import", files["shelf"])
    assert code == 0
    assert listed(capsys, db) == [[created_id(out), "Put up a shelf"]]


def test_bad_file_exits_2_naming_the_place_and_writes_nothing(capsys, db, files):
    code, out, err = run(capsys, "import", files["bad"], "--db", db)
    assert code == 2 and out == ""
    assert str(files["bad"]) in err
    assert "needs[0].outcomes[0].importance" in err
    assert "Traceback" not in err
    assert listed(capsys, db) == []


@pytest.mark.parametrize("content", [None, b"title: \xff\xfe broken\n"])
def test_unreadable_file_exits_2(capsys, db, tmp_path, content):
    path = tmp_path / "board.yaml"
    if content is not None:
        path.write_bytes(content)
    code, _, err = run(capsys, "import", path, "--db", db)
    assert code == 2
    assert str(path) in err
    assert ("UTF-8" in err) if content else ("No such file" in err)
    assert listed(capsys, db) == []


HOSTILE = {  # name: (file content, the place the error names)
    "quoted number": (BAD.replace("importance: 11", "importance: '9'"),
                      "needs[0].outcomes[0].importance"),
    "yes for a number": (BAD.replace("importance: 11", "importance: yes"),
                         "needs[0].outcomes[0].importance"),
    "binary title": (SHELF.replace("title: Put up a shelf", "title: !!binary aGVsbG8="),
                     "line 2, column 8"),
    "key twice": (SHELF + "title: Again\n", "line 12, column 1"),
    "5000 digits": (BAD.replace("importance: 11", "importance: " + "9" * 5000),
                    "line 7, column 51"),
    "no such day": (SHELF + "snapshots:\n- {date: 2024-02-30}\n", "line 13, column 10"),
    "nan": (BAD.replace("importance: 11", "importance: .nan"), "needs[0].outcomes[0].importance"),
    "inf": (BAD.replace("importance: 11", "importance: .inf"), "needs[0].outcomes[0].importance"),
    "NUL character": (SHELF.replace("Laser spirit level", "Laser\x00level"), "line 9, column 23"),
    "NUL escape": (SHELF.replace("Laser spirit level", '"Laser\\0level"'), "solutions[0].text"),
    "target 1e29": (SHELF + "scenarios:\n- {name: s, target_revenue: 1.0e+29, rates: {"
                    "suspect_to_lead: 1, lead_to_prospect: 1, prospect_to_customer: 1, "
                    "customer_to_consumption: 1, consumption_to_reference: 1}}\n",
                    "scenarios[0].target_revenue"),
    "billion laughs": (SHELF + "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{before}'] * 10)}]\n"
        for before, name in itertools.pairwise("abcdefghi")), ""),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_exits_2_naming_the_place_and_writes_nothing(capsys, db, tmp_path, name):
    text, place = HOSTILE[name]
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", path, "--db", db)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}: {place}")
    assert "Traceback" not in err
    assert listed(capsys, db) == []


def test_import_into_replaces_the_content_as_one_revision(capsys, db, files):
    _, out, _ = run(capsys, "import", files["shelf"], "--db", db)
    board_id = created_id(out)
    engine = store.connect(db)
    before = store.load(engine, board_id).revision

    code, out, _ = run(capsys, "import", files["mirror"], "--into", board_id, "--db", db)

    assert code == 0 and created_id(out) == board_id
    loaded = store.load(engine, board_id)
    assert loaded.board == boardfile.load(MIRROR)
    assert loaded.revision == before + 1
    changes = [c for c in store.history(engine, board_id) if c.revision == loaded.revision]
    removed = {c.item_id for c in changes if c.after is None}
    assert {"j1", "o1", "s1", "l1"} <= removed  # the old content is kept in the history
    assert next(c for c in changes if c.item_id == "o1").before["data"]["importance"] == 9
    assert listed(capsys, db) == [[board_id, "Hang a mirror"]]


@pytest.mark.parametrize("case", ["bad file", "unknown id"])
def test_import_into_refused_changes_nothing(capsys, db, files, case):
    _, out, _ = run(capsys, "import", files["shelf"], "--db", db)
    board_id = created_id(out)
    engine = store.connect(db)
    before = store.load(engine, board_id)
    file, target = (files["bad"], board_id) if case == "bad file" else (files["mirror"], "nope")

    code, _, err = run(capsys, "import", file, "--into", target, "--db", db)

    assert code == 2
    assert (str(file) if case == "bad file" else "nope") in err
    after = store.load(engine, board_id)
    assert (after.revision, after.board) == (before.revision, before.board)
    assert len(listed(capsys, db)) == 1


def test_export_prints_a_file_equal_to_the_stored_board(capsys, db):
    engine = store.connect(db)
    board_id = store.create(engine, demo_board(300))
    code, out, _ = run(capsys, "export", board_id, "--db", db)
    assert code == 0
    assert out.startswith("format: progress-canvas/1\n")
    assert boardfile.load(out) == store.load(engine, board_id).board == demo_board(300)


def test_export_of_unknown_board_exits_2(capsys, db):
    code, out, err = run(capsys, "export", "no-such-board", "--db", db)
    assert code == 2 and out == ""
    assert "no-such-board" in err


def test_list_shows_id_and_title_per_board(capsys, db, files):
    ids = {}
    for name in ("shelf", "mirror"):
        _, out, _ = run(capsys, "import", files[name], "--db", db)
        ids[created_id(out)] = boardfile.load(files[name].read_text()).title
    assert dict(listed(capsys, db)) == ids


@pytest.mark.parametrize("items", [200, 1000])
def test_demo_creates_a_board_of_about_n_items_in_every_tool(capsys, db, items):
    code, out, _ = run(capsys, "demo", "--items", items, "--db", db)
    assert code == 0
    board = store.load(store.connect(db), created_id(out)).board
    assert items * 0.95 <= model.count_items(board) <= items * 1.05
    used = [name for name in model.COLLECTIONS if name != "answers"]
    assert all(getattr(board, name) for name in used)
    for part in model.JOB_PARTS:
        assert any(getattr(job, part) for job in board.needs)
    assert {m.dimension for m in board.metrics} == {"functional", "emotional", "social"}
    assert {link.strength for link in board.links} == {"weak", "strong"}
    linked = {link.solution for link in board.links} | {link.target for link in board.links}
    assert any(s.id not in linked for s in board.solutions)  # orphan solutions
    assert any(o.id not in linked for _, o in model.outcomes(board))  # unaddressed outcomes
    assert len({job.text for job in board.needs}) == len(board.needs)
    assert {row.stage for row in board.stages} == {
        "suspect", "lead", "prospect", "customer", "consumption", "reference"}


def test_demo_sizes_stay_within_5_percent_and_the_item_limit():
    for items in (20, 57, 333, 2500, model.MAX_ITEMS):
        board = demo_board(items, seed=items)
        assert abs(model.count_items(board) - items) <= items * 0.05
        assert model.referential_errors(board) == []
    assert model.count_items(demo_board(10_000)) == model.MAX_ITEMS


def test_demo_is_deterministic_per_seed():
    assert demo_board(150, seed=1) == demo_board(150, seed=1)
    assert demo_board(150, seed=1) != demo_board(150, seed=2)


def test_demo_refuses_sizes_over_the_limit(capsys, db):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--items", str(model.MAX_ITEMS + 1), "--db", db])
    assert exit_.value.code == 2
    assert str(model.MAX_ITEMS) in capsys.readouterr().err


def test_unreachable_database_exits_1_without_traceback(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'missing-folder' / 'boards.db'}"
    code, _, err = run(capsys, "list", "--db", url)
    assert code == 1
    assert "cannot use the database" in err and "Traceback" not in err


def test_module_entry_point_runs(capsys, db, files):
    _, out, _ = run(capsys, "import", files["shelf"], "--db", db)
    result = subprocess.run([sys.executable, "-m", "components.admin", "list", "--db", db],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{created_id(out)}\tPut up a shelf\n"
