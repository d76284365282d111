"""The OCR page source: one image-only PDF page → a `PageModel` with source='ocr'.

Decides the order of the steps and when a page is OCRed at all:
render → drop the red seal → stretch the tone → deskew → binarise → ruling lines → recognise text →
merge a glyph read twice → restore dropped marks → drop specks read as points → choose close
readings by words → tight word boxes → misread form labels. `needs_ocr` says whether a page goes
through OCR: never (`never`), always (`always`), or where the page has no text layer (`auto`, the
default).
"""
from __future__ import annotations

import numpy as np

from ..page import PageModel
from . import deskew, doubts, engine, labels, lexicon, marks, render, rules, seal, specks, tone, twice, words


def needs_ocr(mode: str, n_chars: int) -> bool:
    if mode == "always":
        return True
    if mode == "never":
        return False
    return n_chars == 0


def ocr_page_model(pdfium_page, number: int, dpi: int = render.DEFAULT_DPI) -> tuple[PageModel, list[doubts.Note]]:
    """The page as OCR sees it: words (PDF points, recogniser confidence) and ruling lines, and
    the notes on uncertain readings."""
    rgb = render.render_page(pdfium_page, dpi)
    return image_page_model(rgb, number, dpi)


def image_page_model(image, number: int, dpi: int) -> tuple[PageModel, list[doubts.Note]]:
    """A page image (RGB or grey array) → page model and notes."""
    grey, stamped = seal.drop_seal(image)
    grey = tone.stretch(grey)
    angle = deskew.skew_angle(grey)
    grey = deskew.rotate(grey, angle)
    ink = deskew.ink(grey)
    hrules, vrules, rule_px = rules.find_rules(ink, dpi)
    rule_px = _grow(rule_px)
    lines = engine.recognise(without_rules(grey, rule_px), dpi)
    notes: list[doubts.Note] = []
    for line in lines:
        top = float(line.quad[:, 1].min()) * 72.0 / dpi
        merged = twice.merge(line)
        notes += [doubts.Note(number, line.text.strip(), d, top) for d in marks.restore(line)]
        merged += specks.drop(line)
        text, changes = lexicon.choose(line.chars)
        sure = lexicon.line_certainty(line.chars, text)
        line.text, line.confidence = text, sure
        notes += [doubts.Note(number, text.strip(), d, top) for d in merged]
        if changes:
            notes += doubts.notes_for_word(number, text.strip(), 1.0, changes, top)
    page_words = words.to_words(lines, ink & ~rule_px, dpi, vrules, _seal_pixels(image, grey, angle, rule_px) if stamped
                                else None)
    page_words = words.join_pieces(words.drop_overlaps(page_words), vrules)
    h, w = grey.shape[:2]
    scale = 72.0 / dpi
    model = PageModel(number, w * scale, h * scale, page_words, hrules, vrules, "ocr", 0, 0)
    for word, mend in labels.mend_page(model):  # misread labels, by the form vocabulary
        how = {"replaced": "a character misread", "lost": "a character lost", "added": "a character too many",
               "doubled": "a glyph read twice"}.get(mend.how, "two characters misread or lost")
        notes.append(doubts.Note(number, mend.label, f"was read '{mend.read}' by OCR; taken as the form's label "
                                 f"it is nearest ({how})", word.top, mend.field))
    noted = [(n.text, n.y) for n in notes]
    for w in model.words:  # low confidence and grammar, on the words as the layout engine gets them
        if not any(t == w.text and abs(y - w.top) < w.bottom - w.top for t, y in noted):  # already told
            notes += doubts.notes_for_word(number, w.text, w.confidence, [], w.top)
    model.n_chars = sum(len(x.text) for x in model.words)
    return model, notes


class ScannedPages:
    """Page images of one PDF for OCR, opened on the first page that needs it (pypdfium2)."""

    def __init__(self, path, dpi: int = render.DEFAULT_DPI) -> None:
        self.path = path
        self.dpi = dpi
        self._doc = None
        self.pages: list[int] = []  # 1-based numbers of the pages OCRed
        self.notes: list[doubts.Note] = []  # uncertain readings, for doubts.attach

    def page_model(self, number: int) -> PageModel:
        import pypdfium2 as pdfium

        if self._doc is None:
            self._doc = pdfium.PdfDocument(str(self.path))
        page = self._doc[number - 1]
        try:
            model, notes = ocr_page_model(page, number, self.dpi)
        finally:
            page.close()
        self.pages.append(number)
        self.notes += notes
        return model

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def __enter__(self) -> "ScannedPages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def without_rules(grey, rule_px):
    """The page with its ruling lines painted over in paper colour: a line touching text is
    otherwise read as a character ('|', '一') or joins two cells' text into one line."""
    import numpy as np

    out = grey.copy()
    out[rule_px] = np.uint8(np.percentile(grey, 90))
    return out


def _grow(mask, px: int = 1):
    """A mask grown by `px` pixels (a rule's anti-aliased edge belongs to the rule)."""
    import cv2
    import numpy as np

    k = 2 * px + 1
    return cv2.dilate(mask.astype(np.uint8), np.ones((k, k), np.uint8)).astype(bool)


def _seal_pixels(image, grey, angle: float, rule_px):
    """(faint ink, seal-red among it, dark ink) of the upright page: what the recogniser may still
    read of a seal is red and lighter than ink (black ink under the seal is dark)."""
    paper = float(np.percentile(grey, 90))
    faint = (grey < 0.85 * paper) & ~rule_px
    light_red = seal.tinted(image) & (image[:, :, 0] > 0.45 * paper)
    red = deskew.rotate(light_red.astype(np.uint8) * 255, angle) > 127
    dark = (grey < 0.5 * paper) & ~rule_px
    return faint, red & faint, dark
