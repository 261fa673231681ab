"""The layout rules a reader relies on, checked on the source: one door for writes, no
import cycles, no streamlit in the domain."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tests.conftest import PROJECT_ROOT

STORE = "components.board.store"
#: ``PageContext``'s write methods: each is called inside an ``editing.save(…)``.
WRITES = {"apply", "revert", "restore", "set_locked", "start_timer", "set_silent", "open_vote",
          "create_board", "duplicate_board", "delete_board", "restore_board"}
#: ``editing``'s door: ``save`` draws what was refused, ``attempt`` returns it.
DOORS = ("save", "attempt")


def sources(*folders: str) -> Iterator[tuple[str, ast.Module]]:
    """(module name, syntax tree) of every Python file under ``folders``."""
    for folder in folders:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            name = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), ast.parse(path.read_text(encoding="utf-8"))


def imports(module: str, tree: ast.Module) -> set[str]:
    """The modules ``tree`` imports anywhere (also inside functions), as absolute names."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join([*module.split(".")[:-node.level], node.module])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def test_pages_never_import_the_store():
    assert [name for name, tree in sources("pages") if STORE in imports(name, tree)] == []


def test_only_the_shell_calls_the_store():
    """Pages and widgets read and write through PageContext; they may name the store's types
    (``store.LoadedBoard``), never call its functions."""
    from components.board import store

    calls = []
    for name, tree in sources("pages", "components/widgets"):
        if name == "components.widgets.shell":
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "store"
                    and not isinstance(getattr(store, node.func.attr, None), type)):
                calls.append(f"{name}: store.{node.func.attr}")
    assert calls == []


def test_every_write_of_a_page_goes_through_save():
    """A write method of PageContext is called only inside the arguments of ``save(…)``,
    which reports conflicts, refusals and outages the same way everywhere, or of
    ``attempt(…)``, which ``save`` calls and which tells them apart as data (for the
    interactive canvas, which answers its browser)."""
    unsaved = []
    for name, tree in sources("pages", "components/widgets"):
        if name in ("components.widgets.shell", "components.widgets.editing"):
            continue
        inside_save: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in DOORS:
                inside_save |= {id(inner) for inner in ast.walk(node)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in WRITES and getattr(node.func.value, "id", "")
                    == "context" and id(node) not in inside_save):
                unsaved.append(f"{name}: context.{node.func.attr} (line {node.lineno})")
    assert unsaved == []


def test_components_have_no_import_cycle():
    graph = {name: {other for other in imports(name, tree) if other.startswith("components")}
             for name, tree in sources("components")}
    graph = {name: {other for other in targets if other in graph}
             for name, targets in graph.items()}

    def cycle_from(start: str) -> list[str] | None:
        path, seen = [start], set()
        stack = [(start, iter(sorted(graph[start])))]
        while stack:
            _node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
            elif child == start:
                return [*path, start]
            elif child not in seen:
                seen.add(child)
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
        return None

    cycles = [cycle for name in sorted(graph) if (cycle := cycle_from(name))]
    assert cycles == []


def test_the_domain_does_not_import_streamlit():
    domain = [(name, tree) for name, tree in sources("components")
              if not name.startswith("components.widgets")]
    assert [name for name, tree in domain
            if any(module.split(".")[0] == "streamlit" for module in imports(name, tree))] == []


def test_every_session_key_is_built_in_state():
    """Widget keys and session entries come from ``components/widgets/state.py`` (a name
    there, ``state.key(…)``, ``state.form_id(…)``, or a form's key plus ``_<name>``): no
    key is a bare string literal, so every key carries the ``pc_`` prefix."""
    literal = []
    for name, tree in sources("pages", "components/widgets"):
        if name == "components.widgets.state":
            continue
        for node in ast.walk(tree):
            keys = []
            if isinstance(node, ast.Call):
                keys += [keyword.value for keyword in node.keywords if keyword.arg == "key"]
                if getattr(node.func, "attr", None) == "form" and node.args:
                    keys.append(node.args[0])
            if (isinstance(node, ast.Subscript)
                    and getattr(node.value, "attr", "") == "session_state"):
                keys.append(node.slice)
            for key in keys:
                bare = isinstance(key, ast.Constant) or (
                    isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant))
                if bare:
                    literal.append(f"{name}:{key.lineno}")
    assert literal == []
