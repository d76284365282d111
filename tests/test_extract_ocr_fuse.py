"""The rewritten OCR models (ocr/fuse.py) compute what the wheel's models compute: on a real
page, the same detection map and the same characters with the same probabilities."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import onnx
import onnxruntime as ort
import pypdfium2 as pdfium
import rapidocr_onnxruntime

from pipelines.extract.ocr import engine, fuse, render

GRID = Path(__file__).resolve().parent / "fixtures" / "corpus" / "000_55d7bc6e09b5e210.grid.pdf"


MODELS = Path(rapidocr_onnxruntime.__file__).parent / "models"
DET, REC = MODELS / "ch_PP-OCRv4_det_infer.onnx", MODELS / "ch_PP-OCRv4_rec_infer.onnx"  # what the engine runs


def _plain(path) -> ort.InferenceSession:
    """A session of the model file as the wheel ships it."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def test_the_element_wise_chains_are_folded():
    for path in (DET, REC):
        before = onnx.load(str(path)).graph.node
        after = onnx.load_from_string(fuse.fused(path)).graph.node
        ops = [n.op_type for n in after]
        assert "Clip" not in ops  # every hard-swish became x·HardSigmoid(x)
        assert ops.count("Conv") == [n.op_type for n in before].count("Conv")
        assert len(after) < 0.6 * len(before)


def test_fused_models_read_a_page_as_the_wheels_models_do():
    doc = pdfium.PdfDocument(str(GRID))
    try:
        page = doc[0]
        grey = render.render_page(page).mean(axis=2).astype(np.uint8)
        page.close()
    finally:
        doc.close()
    eng = engine._engine(engine.threads())
    det_fused, rec_fused = eng.text_det.infer.session, eng.text_rec.session.session
    det_plain, rec_plain = _plain(DET), _plain(REC)

    h, w = grey.shape
    x = grey[: h // 64 * 32, : w // 32 * 32].astype(np.float32) * np.float32(2 / 255) - 1
    x = np.ascontiguousarray(np.broadcast_to(x, (1, 3, *x.shape)))
    a, b = (s.run(None, {s.get_inputs()[0].name: x})[0] for s in (det_plain, det_fused))
    assert np.abs(a - b).max() < 1e-3
    assert (a > 0.3).sum() > 1000 and ((a > 0.3) == (b > 0.3)).mean() > 0.9999  # the same text pixels

    boxes = engine.detect(eng, grey, 150)
    crops = engine._crops(grey, boxes[:12])
    batch = np.zeros((len(crops), 3, 48, 320), np.float32)
    for n, c in enumerate(crops):
        rw = min(320, int(np.ceil(48 * c.shape[1] / c.shape[0])))
        batch[n, :, :, :rw] = cv2.resize(c, (rw, 48)).astype(np.float32) / 255 * 2 - 1
    p, q = (s.run(None, {s.get_inputs()[0].name: batch})[0] for s in (rec_plain, rec_fused))
    assert (p.argmax(axis=2) == q.argmax(axis=2)).all()
    assert np.abs(p - q).max() < 1e-2
    assert (p.argmax(axis=2) != 0).sum() > 30  # the crops do hold characters
