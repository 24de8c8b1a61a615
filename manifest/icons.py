"""Draw Skolebot's two Teams icons with Pillow, deterministically.

Teams wants two PNGs in the app package:

* ``color.png``   -- 192x192, full colour.  Ours is a full-bleed square in the
  accent colour with a white speech bubble holding a small schoolhouse.
* ``outline.png`` -- 32x32, *white only* on a *transparent* background (Teams
  tints it).  Ours is the same speech bubble drawn as a white outline.

Both are drawn at a larger scale and reduced with a box filter, which gives
smooth edges without the ringing a Lanczos filter would add.  Nothing here
depends on time, randomness or fonts, so the same Pillow version always yields
the same pixels; ``tests/manifest`` checks that the checked-in PNGs equal what
this module draws.

Regenerate the checked-in files with::

    python -m manifest.icons            # writes manifest/color.png and manifest/outline.png
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

COLOR_SIZE = 192
OUTLINE_SIZE = 32
ACCENT = "#1E5AA8"  # keep in step with "accentColor" in manifest.json
WHITE = (255, 255, 255)

_SS = 8  # supersampling factor


def _accent_rgb() -> tuple[int, int, int]:
    h = ACCENT.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


# The artwork is described on a 32x32 design grid (the outline icon's own
# pixels) and scaled to the target.  The outermost pixel ring stays empty.
# Speech bubble: a rounded rectangle with a tail at the lower left.
_BUBBLE = (2.5, 3.5, 29.5, 23.5)  # left, top, right, bottom
_BUBBLE_RADIUS = 5.0
_TAIL = [(7.0, 21.0), (13.5, 21.0), (6.0, 29.0)]
# Schoolhouse inside the bubble: roof, body, door (the door is cut out).
_ROOF = [(16.0, 7.5), (23.0, 13.5), (9.0, 13.5)]
_HOUSE = (11.0, 13.0, 21.0, 19.5)
_DOOR = (14.5, 15.5, 17.5, 19.5)
_STROKE = 2.0  # outline icon line width, in design units (= pixels at 32x32)


class _Canvas:
    """Maps design units to supersampled pixels: ``px = (u - 16) * scale + centre``."""

    def __init__(self, size: int, symbol_px: float) -> None:
        self.big = size * _SS
        self.k = symbol_px * _SS / 32.0
        self.c = self.big / 2.0

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return ((x - 16.0) * self.k + self.c, (y - 16.0) * self.k + self.c)

    def box(self, b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        return self.pt(b[0], b[1]) + self.pt(b[2], b[3])

    def mask(self) -> Image.Image:
        return Image.new("L", (self.big, self.big), 0)


def _bubble(cv: _Canvas) -> Image.Image:
    m = cv.mask()
    d = ImageDraw.Draw(m)
    d.rounded_rectangle(cv.box(_BUBBLE), radius=_BUBBLE_RADIUS * cv.k, fill=255)
    d.polygon([cv.pt(x, y) for x, y in _TAIL], fill=255)
    return m


def _house(cv: _Canvas) -> Image.Image:
    m = cv.mask()
    d = ImageDraw.Draw(m)
    d.polygon([cv.pt(x, y) for x, y in _ROOF], fill=255)
    d.rectangle(cv.box(_HOUSE), fill=255)
    d.rectangle(cv.box(_DOOR), fill=0)
    return m


def _ring(filled: Image.Image, width_px: int) -> Image.Image:
    """The band of ``filled`` within ``width_px`` of its edge (erosion by a square)."""
    eroded = filled.filter(ImageFilter.MinFilter(2 * width_px + 1))
    return ImageChops.subtract(filled, eroded)


def render_color() -> Image.Image:
    """The 192x192 colour icon (RGB, opaque): white bubble and accent schoolhouse on accent."""
    size = COLOR_SIZE
    cv = _Canvas(size, symbol_px=size * 0.75)
    accent = _accent_rgb()
    img = Image.new("RGB", (cv.big, cv.big), accent)
    img.paste(WHITE, (0, 0, cv.big, cv.big), _bubble(cv))
    img.paste(accent, (0, 0, cv.big, cv.big), _house(cv))
    return img.resize((size, size), Image.Resampling.BOX)


def render_outline() -> Image.Image:
    """The 32x32 outline icon: RGBA, every pixel pure white, the shape carried by alpha only."""
    size = OUTLINE_SIZE
    cv = _Canvas(size, symbol_px=size)
    ring = _ring(_bubble(cv), round(_STROKE * cv.k))
    alpha = ImageChops.lighter(ring, _house(cv)).resize((size, size), Image.Resampling.BOX)
    img = Image.new("RGBA", (size, size), WHITE + (0,))
    img.putalpha(alpha)
    return img


def png_bytes(img: Image.Image) -> bytes:
    """Encode without metadata (no timestamps, no text chunks)."""
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def write_icons(directory: Path | None = None) -> tuple[Path, Path]:
    """Write ``color.png`` and ``outline.png`` into ``directory`` (default: this package)."""
    directory = Path(directory) if directory is not None else Path(__file__).resolve().parent
    directory.mkdir(parents=True, exist_ok=True)
    color = directory / "color.png"
    outline = directory / "outline.png"
    color.write_bytes(png_bytes(render_color()))
    outline.write_bytes(png_bytes(render_outline()))
    return color, outline


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else None
    for path in write_icons(target):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
