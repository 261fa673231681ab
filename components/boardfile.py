"""``components.boardfile`` as shared/CONTRACT.md names it: board files, which live with the
board in :mod:`components.board.boardfile`."""

from components.board.boardfile import MAX_BYTES, BoardFileError, dump, load

__all__ = ["MAX_BYTES", "BoardFileError", "dump", "load"]
