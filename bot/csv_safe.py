"""CSV cells a spreadsheet shows as text and never runs as a formula (OWASP "CSV Injection").

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or the full-width
`＝ ＋ － ＠` some spreadsheets also accept) gets a leading single quote, so Excel and
LibreOffice show it as text. A plain number (`-3`, `12.5`) is left as it is: a spreadsheet
reads it as a number, and a number cannot call anything. Writers also quote every cell
(csv.QUOTE_ALL), so a `;` inside a value cannot start a new cell in a spreadsheet that
splits on semicolons (Excel with Norwegian regional settings does).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from typing import Final

__all__ = ["FORMULA_STARTS", "QUOTING", "safe_cell", "safe_row"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTING: Final = csv.QUOTE_ALL  # Final keeps the Literal type csv.DictWriter's `quoting` wants
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def safe_cell(value: object) -> str:
    """`value` as a CSV cell that cannot be a formula: a quote in front when it could start one."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(row: Mapping[str, object]) -> dict[str, str]:
    """Every cell of a csv.DictWriter row made safe."""
    return {key: safe_cell(value) for key, value in row.items()}
