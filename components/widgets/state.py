"""The few session-state keys of Progress Canvas, named in one place.

- ``BOARD``: the link parameters of the open board (board, key, view), so the board and the
  viewer's role survive page switches (the URL carries them too).
- ``LANGUAGE``: the viewer's own language choice; unset means "follow the board".
- ``AUTHOR``: the name this viewer signs changes with.
- ``FLASH``: messages to show once on the next run (after a rerun or a page switch).
- ``UNDO``: what the last undoable action of this viewer was (kind, data), for an undo button.
- ``SESSION``: a random id of this browser session, for presence.
- ``PRESENCE``: (board id, name, time) of this session's last presence refresh.
- ``FORMS``: form id -> (generation, base revision) of each open edit form: the revision its
  values were first drawn at, so a save after someone else's change is refused as a conflict
  (see ``components/widgets/editing.py``).
- ``CANVAS``: the interactive canvas's element key; its state holds the events the browser
  sent (``outbox``, see ``components/widgets/canvas/interactive.py``).
- ``CANVAS_ANSWERS``: what this session answered the canvas: the highest event done per
  browser canvas, the results of the last events, the revision of this viewer's own last
  change per item (so a quick second edit of one's own card is no conflict).
"""

BOARD = "pc_board"
LANGUAGE = "pc_language"
AUTHOR = "pc_author"
FLASH = "pc_flash"
UNDO = "pc_undo"
SESSION = "pc_session"
PRESENCE = "pc_presence"
FORMS = "pc_forms"
CANVAS = "pc_canvas"
CANVAS_ANSWERS = "pc_canvas_answers"
