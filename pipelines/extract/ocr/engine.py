"""The text recogniser: RapidOCR with the PP-OCR (v4) ONNX models bundled in its wheel.

Decides which engine reads text and how it is run: CPU only, no model download at run
time, one engine per process (loaded on first use; ~1 s), onnxruntime limited to
`JIXIAO_OCR_THREADS` threads (default 1: extraction runs one worker per core, and other
work shares the machine). The page is read by RapidOCR's detector; each line crop goes
through its recogniser here, decoded by us (greedy CTC, as RapidOCR does) so that every
character keeps its probability and runner-up readings (`Line.chars`): the line's
confidence is its weakest character, and `lexicon` may prefer a runner-up.
No orientation classifier: pages arrive upright (deskewed), and a 180° guess on a short
value ('=90(%)' read as '(%)06=') is worse than none. `ENGINE_VERSION` names engine and
models; it is part of the record-cache key, so a new engine re-reads cached scans.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

ENGINE_VERSION = "rapidocr-onnxruntime-1.4.4/ppocr-v4/greedy-ctc"
_ALTERNATIVES = 5  # readings kept per character


@dataclass(slots=True)
class Line:
    """One recognised text line: its quadrilateral (pixels), text and confidence."""

    quad: np.ndarray  # 4×2, clockwise from top-left
    text: str
    confidence: float
    # per character of `text`: [(char, probability), ...] best first
    chars: list[list[tuple[str, float]]] = field(default_factory=list)
    # per character: the x of its centre on the page (pixels); empty for a vertical line
    xs: list[float] = field(default_factory=list)


def threads() -> int:
    try:
        return max(1, int(os.environ.get("JIXIAO_OCR_THREADS", "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=1)
def _engine(n_threads: int):
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - a broken install
        raise RuntimeError(f"the OCR engine is not installed ({exc}); reinstall the project (make setup)") from None
    return RapidOCR(intra_op_num_threads=n_threads, inter_op_num_threads=1, use_cls=False)


def recognise(grey: np.ndarray) -> list[Line]:
    """Every text line of a greyscale page image, top to bottom."""
    import cv2

    eng = _engine(threads())
    img = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR) if grey.ndim == 2 else grey
    small, ratio_h, ratio_w = eng.preprocess(img)  # the detector's size limit
    boxes, _ = eng.auto_text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    crops = eng.get_crop_img_list(small, boxes)
    decoded = _read(eng.text_rec, crops)
    out = []
    for quad, (chars, fracs) in zip(boxes, decoded):
        if not chars:
            continue
        quad = np.asarray(quad, dtype=np.float32) * np.array([1 / ratio_w, 1 / ratio_h], dtype=np.float32)
        text = "".join(c[0][0] for c in chars)
        x0, x1 = float(quad[:, 0].min()), float(quad[:, 0].max())
        h = float(quad[:, 1].max() - quad[:, 1].min())
        xs = [x0 + f * (x1 - x0) for f in fracs] if h < 1.5 * (x1 - x0) else []  # crops ≥1.5 tall are turned
        out.append(Line(quad, text, float(min(c[0][1] for c in chars)), chars, xs))
    return out


def _read(rec, crops: list[np.ndarray]) -> list[tuple[list[list[tuple[str, float]]], list[float]]]:
    """Greedy CTC decoding of line crops, keeping each character's probability and runners-up,
    and where its centre is (a share of the crop's width, from the time steps it spans)."""
    alphabet = rec.postprocess_op.character  # index 0 is the CTC blank
    _, img_h, img_w = rec.rec_image_shape
    order = np.argsort([c.shape[1] / max(1, c.shape[0]) for c in crops])
    out: list[tuple] = [([], []) for _ in crops]
    for start in range(0, len(crops), rec.rec_batch_num):
        idx = order[start:start + rec.rec_batch_num]
        ratio = max([img_w / img_h] + [crops[i].shape[1] / max(1, crops[i].shape[0]) for i in idx])
        batch = np.stack([rec.resize_norm_img(crops[i], ratio) for i in idx]).astype(np.float32)
        probs = rec.session(batch)[0]  # N × T × classes, softmax
        padded_w = batch.shape[3]
        for i, p in zip(idx, probs):
            h, w = crops[i].shape[:2]
            used = min(padded_w, int(np.ceil(img_h * w / max(1, h))))  # the crop's share of the padded width
            step = padded_w / p.shape[0]
            best = p.argmax(axis=1)
            chars, fracs = [], []
            prev = 0
            for t, k in enumerate(best):
                if k != 0 and k != prev:
                    top = np.argsort(-p[t])[:_ALTERNATIVES + 1]
                    alts = [(alphabet[j], float(p[t, j])) for j in top if j != 0][:_ALTERNATIVES]
                    chars.append(alts)
                    end = t
                    while end + 1 < len(best) and best[end + 1] == k:
                        end += 1
                    fracs.append(min(1.0, ((t + end + 1) / 2) * step / used))
                prev = k
            out[i] = (chars, fracs)
    return out
