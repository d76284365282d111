"""The text recogniser: RapidOCR with the PP-OCR (v4) ONNX models bundled in its wheel.

Decides which engine reads text and how it is run: CPU only, no model download at run
time, one engine per process (loaded on first use; ~1 s), onnxruntime limited to
`JIXIAO_OCR_THREADS` threads (default 1: extraction runs one worker per core, and other
work shares the machine). Both models run as `fuse` rewrites them (the same function with its
element-wise chains folded: ~40% less recognition time, ~20% less detection). We drive
RapidOCR's two models ourselves, for speed and for the readings we keep:

- detection sees the page at no more than `DET_DPI`, fed from the grey image in float32 (no
  colour conversion, no float64 normalising); its boxes are mapped back to full resolution and
  every line is cropped from the full-resolution grey page. Shrinking a 150-dpi page further
  halves detection time, but the coarser boxes cost the recogniser characters ('(' in
  '=100.00(%)'), so it is not done;
- recognition batches the line crops by width (sorted), each batch as wide as its widest crop
  and at least the 320 px the models were trained at (narrower inputs drop characters);
- decoding is greedy CTC, as RapidOCR's, but every character keeps its probability and
  runner-up readings (`Line.chars`): the line's confidence is its weakest character, and
  `lexicon` may prefer a runner-up. Where the decoder emitted nothing but a character still
  had weight (`Line.gaps`: a thin closing quote the blank outvoted), the strongest such reading
  of each run of blanks is kept for `marks`.

No orientation classifier: pages arrive upright (deskewed), and a 180° guess on a short
value ('=90(%)' read as '(%)06=') is worse than none. `ENGINE_VERSION` names engine, models
and how they are run; it is part of the record-cache key, so a new engine re-reads cached scans.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

ENGINE_VERSION = "rapidocr-onnxruntime-1.4.4/ppocr-v4-fused/greedy-ctc/3"
DET_DPI = 150  # the resolution the detector reads the page at (a finer page is shrunk to it)
_ALTERNATIVES = 5  # readings kept per character
_GAP_MIN = 0.05  # a blank time step whose best character has this much weight is a gap reading
_REC_HEIGHT = 48  # the recogniser's input height (PP-OCRv4)
_REC_STRIDE = 8  # input pixels per CTC time step
_REC_BATCH = 6  # crops per recogniser call
# the input width the recogniser was trained at (crops padded to it): on narrower inputs it
# drops characters ('=100.00(%)' read as '=100.00%)'), so a short crop is still padded to it
_REC_MIN_WIDTH = 320


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
    # readings the blank outvoted: (index in text it would take, x or None, [(char, probability), ...])
    gaps: list[tuple[int, float | None, list[tuple[str, float]]]] = field(default_factory=list)


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
    eng = RapidOCR(intra_op_num_threads=n_threads, inter_op_num_threads=1, use_cls=False)
    # the same models with their element-wise chains folded (ocr/fuse.py), run as RapidOCR runs them
    for holder in (eng.text_det.infer, eng.text_rec.session):
        holder.session = _session(holder.session, n_threads)
    return eng


def _session(original, n_threads: int):
    """An onnxruntime session of `original`'s model rewritten by `fuse.fused`, with RapidOCR's options
    (all graph optimisations, no memory arena) on `n_threads` threads."""
    import onnxruntime as ort

    from .fuse import fused

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.enable_cpu_mem_arena = False
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = n_threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(fused(original._model_path), opts, providers=["CPUExecutionProvider"])


def recognise(grey: np.ndarray, dpi: float = 150) -> list[Line]:
    """Every text line of a greyscale page image scanned at `dpi`, top to bottom."""
    eng = _engine(threads())
    boxes = detect(eng, grey, dpi)
    if not boxes:
        return []
    crops = _crops(grey, boxes)
    decoded = _read(eng.text_rec, crops)
    out = []
    for quad, (chars, fracs, gaps) in zip(boxes, decoded):
        if not chars:
            continue
        quad = np.asarray(quad, dtype=np.float32)
        text = "".join(c[0][0] for c in chars)
        x0, x1 = float(quad[:, 0].min()), float(quad[:, 0].max())
        h = float(quad[:, 1].max() - quad[:, 1].min())
        across = h < 1.5 * (x1 - x0)  # crops ≥1.5 tall are turned
        xs = [x0 + f * (x1 - x0) for f in fracs] if across else []
        gaps = [(k, x0 + f * (x1 - x0) if across else None, alts) for k, f, alts in gaps]
        out.append(Line(quad, text, float(min(c[0][1] for c in chars)), chars, xs, gaps))
    return out


def detect(eng, grey: np.ndarray, dpi: float) -> list[np.ndarray]:
    """Text-line quadrilaterals (full-resolution pixels, reading order) found by the DB detector
    on the page shrunk to `DET_DPI` (sides multiples of 32, as the network needs)."""
    import cv2

    if grey.ndim == 3:
        grey = cv2.cvtColor(grey, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    scale = min(1.0, DET_DPI / dpi)
    dh, dw = max(32, round(h * scale / 32) * 32), max(32, round(w * scale / 32) * 32)
    small = cv2.resize(grey, (dw, dh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    x = small.astype(np.float32) * np.float32(2 / 255) - np.float32(1)  # RapidOCR's (x/255 - 0.5) / 0.5
    x = np.ascontiguousarray(np.broadcast_to(x, (1, 3, dh, dw)))
    det = eng.text_det
    preds = det.infer(x)[0]
    boxes, _ = det.postprocess_op(preds, (h, w))  # mapped to the full-resolution page
    if len(boxes) == 0:
        return []
    boxes = det.filter_tag_det_res(boxes, (h, w))
    return list(eng.sorted_boxes(boxes)) if len(boxes) else []


def _crops(grey: np.ndarray, boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Each box cut out of the page and turned level (grey; a crop ≥ 1.5 times as tall as wide is
    a vertical line, turned a quarter), as RapidOCR crops them."""
    import cv2

    out = []
    for box in boxes:
        pts = np.asarray(box, dtype=np.float32)
        cw = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
        ch = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
        m = cv2.getPerspectiveTransform(pts, np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], dtype=np.float32))
        crop = cv2.warpPerspective(grey, m, (cw, ch), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
        out.append(np.rot90(crop) if crop.shape[0] >= 1.5 * crop.shape[1] else crop)
    return out


def _width(crop: np.ndarray) -> int:
    """The crop's width at the recogniser's height, rounded up to whole time steps."""
    w = math.ceil(_REC_HEIGHT * crop.shape[1] / max(1, crop.shape[0]))
    return max(_REC_MIN_WIDTH, math.ceil(w / _REC_STRIDE) * _REC_STRIDE)


def _read(rec, crops: list[np.ndarray]) -> list[tuple[list[list[tuple[str, float]]], list[float], list]]:
    """Greedy CTC decoding of line crops, keeping each character's probability and runners-up,
    and where its centre is (a share of the crop's width, from the time steps it spans); and per
    run of blank time steps, the strongest character reading in it."""
    import cv2

    alphabet = rec.postprocess_op.character  # index 0 is the CTC blank
    widths = [_width(c) for c in crops]
    order = np.argsort(widths, kind="stable")
    out: list[tuple] = [([], [], []) for _ in crops]
    for start in range(0, len(crops), _REC_BATCH):
        idx = order[start:start + _REC_BATCH]
        padded_w = max(widths[i] for i in idx)
        batch = np.zeros((len(idx), 3, _REC_HEIGHT, padded_w), np.float32)  # 0 is mid-grey after normalising
        used = []
        for n, i in enumerate(idx):
            h, w = crops[i].shape[:2]
            rw = min(padded_w, math.ceil(_REC_HEIGHT * w / max(1, h)))
            batch[n, :, :, :rw] = cv2.resize(crops[i], (rw, _REC_HEIGHT)).astype(np.float32) / 255 * 2 - 1
            used.append(rw)
        probs = rec.session(batch)[0]  # N × T × classes, softmax
        step = padded_w / probs.shape[1]
        for i, p, u in zip(idx, probs, used):
            out[i] = _decode(p, alphabet, step / u)
    return out


def _decode(p: np.ndarray, alphabet, frac_per_step: float) -> tuple[list[list[tuple[str, float]]], list[float], list]:
    """One crop's characters (best reading first, with runners-up) and their centres (share of the
    crop's width): a character starts where the best class is not blank and differs from the step
    before, and lasts while the best class stays the same."""
    best = p.argmax(axis=1)
    prev = np.concatenate(([0], best[:-1]))
    starts = np.nonzero((best != 0) & (best != prev))[0]
    if len(starts) == 0:
        return [], [], []
    change = np.nonzero(best[1:] != best[:-1])[0]  # the last step of each run
    k = np.searchsorted(change, starts)
    ends = np.where(k < len(change), change[np.minimum(k, len(change) - 1)], len(best) - 1)
    rows = p[starts]
    top = np.argpartition(-rows, _ALTERNATIVES, axis=1)[:, :_ALTERNATIVES + 1]
    top_p = np.take_along_axis(rows, top, axis=1)
    top = np.take_along_axis(top, np.argsort(-top_p, axis=1, kind="stable"), axis=1)
    chars = [[(alphabet[j], float(r[j])) for j in t if j != 0][:_ALTERNATIVES] for r, t in zip(rows, top)]
    fracs = [min(1.0, (s + e + 1) / 2 * frac_per_step) for s, e in zip(starts.tolist(), ends.tolist())]
    return chars, fracs, _gaps(p, best, starts, alphabet, frac_per_step)


def _gaps(p: np.ndarray, best: np.ndarray, starts: np.ndarray, alphabet, frac_per_step: float) -> list:
    """(characters emitted before it, x share, readings) of the strongest blank time step of each run
    of blanks, where some character reached `_GAP_MIN`."""
    blank = np.nonzero(best == 0)[0]
    if len(blank) == 0:
        return []
    weak = p[blank, 1:].max(axis=1)
    keep = weak >= _GAP_MIN
    if not keep.any():
        return []
    out: dict[int, tuple[float, int]] = {}
    for t, w in zip(blank[keep].tolist(), weak[keep].tolist()):
        k = int(np.searchsorted(starts, t))  # characters that started before step t
        if k not in out or w > out[k][0]:
            out[k] = (w, t)
    res = []
    for k, (_w, t) in sorted(out.items()):
        top = np.argsort(-p[t])[:_ALTERNATIVES + 1]
        alts = [(alphabet[j], float(p[t, j])) for j in top if j != 0][:_ALTERNATIVES]
        res.append((k, min(1.0, (t + 0.5) * frac_per_step), alts))
    return res
