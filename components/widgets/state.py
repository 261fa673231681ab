"""The few session-state keys of Progress Canvas, named in one place.

- ``BOARD``: id of the open board, so it survives page switches (the URL carries it too).
- ``LANGUAGE``: the viewer's own language choice; unset means "follow the board".
- ``AUTHOR``: the name this viewer signs changes with.
- ``FLASH``: messages to show once on the next run (after a rerun or a page switch).
- ``UNDO``: what the last undoable action of this viewer was (kind, data), for an undo button.
"""

BOARD = "pc_board"
LANGUAGE = "pc_language"
AUTHOR = "pc_author"
FLASH = "pc_flash"
UNDO = "pc_undo"
