"""Understanding guardian and staff messages: intent, children, school days, times and reason.

Pure functions over text plus the sender's roster and the school calendar; no I/O.
"""

from .children import resolve_children
from .clock import parse_clock
from .dates import SCHOOL_DAY_END, default_day, parse_dates
from .parse import understand
from .reasons import classify_reason
from .types import INTENTS, REASONS, Child, Understanding

__all__ = [
    "INTENTS",
    "REASONS",
    "SCHOOL_DAY_END",
    "Child",
    "Understanding",
    "classify_reason",
    "default_day",
    "parse_clock",
    "parse_dates",
    "resolve_children",
    "understand",
]
