"""The data and the school's operations on it."""

from storage.state import SqlStorage

__all__ = ["SqlStorage"]
