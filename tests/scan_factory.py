"""Make image-only "scans" of text-layer PDFs for the OCR tests (and for trying the OCR by hand).

A page is rendered with pypdfium2, optionally stamped with a red seal (a ring, a star and
a few red characters, multiplied over the ink as a real stamp is), printed lighter (`ink`:
0.5 = a worn toner's grey instead of black), turned by a skew angle, given paper tone, blur,
noise and speckle (dust: isolated dark and light dots), and written as a JPEG page of an
image-only PDF (Pillow, `quality`): no text layer, like a scanner's output. Deterministic
for a given seed.

    python -m tests.scan_factory IN.pdf OUT.pdf --pages 1,2 --angle 2.5 --noise 8 --seal --ink 0.6 --speckle 0.002
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


def scan_pdf(src: str | Path, out: str | Path, pages: list[int] | None = None, dpi: int = 150,
             angle: float = 1.0, noise: float = 6.0, blur: bool = True, seal: bool = False,
             colour: bool | None = None, seed: int = 0, quality: int = 70, ink: float = 1.0,
             speckle: float = 0.0) -> Path:
    """Write an image-only PDF of `pages` (1-based; default all) of `src` to `out`."""
    import cv2
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    colour = seal if colour is None else colour
    doc = pdfium.PdfDocument(str(src))
    numbers = pages or list(range(1, len(doc) + 1))
    images = []
    for n in numbers:
        page = doc[n - 1]
        bmp = page.render(scale=dpi / 72, rev_byteorder=True)
        rgb = bmp.to_numpy()[:, :, :3].astype(np.float32)
        bmp.close()
        page.close()
        if ink < 1.0:  # a lighter print: black becomes grey, paper stays paper
            rgb = 255.0 - (255.0 - rgb) * ink
        if seal:
            rgb = _stamp(rgb, rng, dpi)
        h, w = rgb.shape[:2]
        paper = 238.0
        rgb = rgb * (paper / 255.0)
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        rgb = cv2.warpAffine(rgb, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                             borderValue=(paper, paper, paper))
        if blur:
            rgb = cv2.GaussianBlur(rgb, (3, 3), 0.6)
        if noise:
            rgb = rgb + rng.normal(0, noise, rgb.shape[:2])[:, :, None]
        if speckle:
            dots = rng.random(rgb.shape[:2])
            dark, light = dots < speckle / 2, dots > 1 - speckle / 2
            rgb[dark] = rng.uniform(20, 90, (int(dark.sum()), 1))
            rgb[light] = 250.0
        img = np.clip(rgb, 0, 255).astype(np.uint8)
        images.append(Image.fromarray(img) if colour else Image.fromarray(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)))
    doc.close()
    out = Path(out)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=quality)
    return out


def _stamp(rgb: np.ndarray, rng: np.random.Generator, dpi: int) -> np.ndarray:
    """A red official seal (ring, star, characters) over the top right of the page's content."""
    import cv2

    h, w = rgb.shape[:2]
    layer = np.full((h, w, 3), 255, np.float32)
    r = int(0.75 * dpi)  # a 4 cm seal
    cx = int(w * rng.uniform(0.55, 0.75))
    cy = int(h * rng.uniform(0.15, 0.35))
    red = (215.0, 45.0, 50.0)
    cv2.circle(layer, (cx, cy), r, red, max(3, dpi // 40), cv2.LINE_AA)
    star = np.array([[cx + 0.3 * r * np.sin(a), cy - 0.3 * r * np.cos(a)] if k % 2 == 0 else
                     [cx + 0.12 * r * np.sin(a), cy - 0.12 * r * np.cos(a)]
                     for k, a in enumerate(np.linspace(0, 2 * np.pi, 11)[:-1])], np.int32)
    cv2.fillPoly(layer, [star], red, cv2.LINE_AA)
    for k in range(6):  # marks along the ring, as the unit's name would be
        a = np.pi * (0.8 + 0.28 * k)
        x, y = int(cx + 0.72 * r * np.cos(a)), int(cy + 0.72 * r * np.sin(a))
        cv2.rectangle(layer, (x - dpi // 14, y - dpi // 14), (x + dpi // 14, y + dpi // 14), red, max(2, dpi // 60))
    return rgb * layer / 255.0  # multiply: ink under the seal stays dark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--pages", default="")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--angle", type=float, default=1.0)
    ap.add_argument("--noise", type=float, default=6.0)
    ap.add_argument("--seal", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quality", type=int, default=70, help="JPEG quality")
    ap.add_argument("--ink", type=float, default=1.0, help="print darkness (1 black, 0.5 grey)")
    ap.add_argument("--speckle", type=float, default=0.0, help="share of pixels that are dust")
    ap.add_argument("--grey", action="store_true", help="greyscale even with a seal")
    a = ap.parse_args()
    pages = [int(p) for p in a.pages.split(",") if p]
    scan_pdf(a.src, a.out, pages or None, a.dpi, a.angle, a.noise, seal=a.seal, seed=a.seed, quality=a.quality,
             ink=a.ink, speckle=a.speckle, colour=False if a.grey else None)


if __name__ == "__main__":
    main()
