"""guard: sniffing, limits and encodings, before any parser touches a file."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract import guard
from pipelines.extract.guard import Limits, check_file, decode_text, read_text
from pipelines.extract.record import ExtractionError

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000_55d7bc6e09b5e210.txt"
PDF = Path(__file__).parent / "fixtures" / "corpus" / "000_55d7bc6e09b5e210.grid.pdf"


def _err(path: Path, limits: Limits | None = None) -> ExtractionError:
    with pytest.raises(ExtractionError) as info:
        check_file(path, limits or Limits())
    return info.value


def test_pdf_and_text_are_sniffed_by_content(tmp_path):
    assert check_file(PDF, Limits()) == "pdf"
    assert check_file(SEED, Limits()) == "text"
    as_pdf = tmp_path / "export.pdf"
    as_pdf.write_bytes(SEED.read_bytes())
    assert check_file(as_pdf, Limits()) == "text"
    gb_as_pdf = tmp_path / "gb.pdf"
    gb_as_pdf.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert check_file(gb_as_pdf, Limits()) == "text"


@pytest.mark.parametrize(
    "name, data, kind, words",
    [
        ("empty.pdf", b"", "empty", "0 bytes"),
        ("page.pdf", b"<!DOCTYPE html><html><body>403 Forbidden</body></html>", "not_pdf", "HTML"),
        ("doc.pdf", b"PK\x03\x04" + b"\x00" * 64, "not_pdf", "ZIP"),
        ("old.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "not_pdf", "Office"),
        ("img.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not_pdf", "needs OCR"),
        ("blob.pdf", bytes(range(256)) * 4, "not_pdf", "unknown format"),
        ("blob.txt", b"\x00\x01\x02" * 100, "not_text", "binary"),
        ("form.docx", b"PK\x03\x04", "unsupported", ".docx"),
        ("cut.pdf", PDF.read_bytes()[:3000], "truncated", "fetch it again"),
    ],
)
def test_unreadable_files_get_a_message_naming_file_problem_and_action(tmp_path, name, data, kind, words):
    p = tmp_path / name
    p.write_bytes(data)
    err = _err(p)
    assert err.kind == kind
    assert str(err).startswith(str(p)) and words in str(err)
    assert ";" in err.problem  # problem; what to do


def test_missing_directory_and_fifo(tmp_path):
    assert _err(tmp_path / "nope.pdf").kind == "missing"
    d = tmp_path / "dir.pdf"
    d.mkdir()
    assert _err(d).kind == "unsupported"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.pdf"
        os.mkfifo(fifo)
        assert _err(fifo).kind == "unsupported"  # and did not block opening it


def test_size_limit(tmp_path):
    err = _err(PDF, Limits(max_bytes=1000))
    assert err.kind == "too_large" and "limit" in err.problem and "JIXIAO_MAX_MB" in err.problem


def test_encodings_utf8_bom_utf16_gb18030():
    text = SEED.read_text(encoding="utf-8")
    for data, enc in [
        (text.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig"),
        (text.encode("utf-16"), "utf-16"),
        (text.encode("gb18030"), "gb18030"),
    ]:
        decoded, used = decode_text(data)
        assert (decoded, used) == (text, enc)


def test_big5_is_refused_not_read_as_mojibake(tmp_path):
    p = tmp_path / "big5.txt"
    p.write_bytes("財政項目支出績效目標表，項目名稱：資訊化工程，預算執行率達到百分之九十五".encode("big5"))
    assert check_file(p, Limits()) == "text"
    with pytest.raises(ExtractionError) as info:
        read_text(p, Limits())
    assert info.value.kind == "encoding" and "re-save it as UTF-8" in str(info.value)


def test_crlf_becomes_lf(tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes("项目名称：甲\r\n预算：1\r\n".encode("gb18030"))
    assert read_text(p, Limits()) == "项目名称：甲\n预算：1\n"


_COMMON_HAN = st.characters(codec="gb2312", min_codepoint=0x4E00, max_codepoint=0x9FFF)
_CHINESE = st.text(st.one_of(_COMMON_HAN, st.sampled_from("，。：（）0123456789% \n")), min_size=12, max_size=200)


@settings(max_examples=200, deadline=None)
@given(_CHINESE)
def test_utf8_is_never_read_as_gb18030_and_gb18030_round_trips(text):
    assert decode_text(text.encode("utf-8"))[0] == text
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if han >= 8:  # a few characters of GB bytes can happen to be valid UTF-8; a sentence cannot
        assert decode_text(text.encode("gb18030")) == (text, "gb18030")


def test_plausible_chinese_rejects_other_code_pages():
    letter = "關於做好年度部門預算編製工作的通知，各區財政局、市級各預算單位"
    assert not guard.plausible_chinese(letter.encode("big5").decode("gb18030", errors="replace"))
    assert guard.plausible_chinese(SEED.read_text(encoding="utf-8"))


def test_limits_from_environment():
    lim = Limits.from_env(root="/data/raw", environ={"JIXIAO_MAX_PAGES": "50", "JIXIAO_SECONDS": "12.5",
                                                     "JIXIAO_MAX_MB": "1.5", "JIXIAO_MAX_MEMORY_MB": ""})
    assert (lim.max_pages, lim.seconds, lim.max_bytes, lim.root) == (50, 12.5, int(1.5 * 2**20), "/data/raw")
    assert lim.max_memory_mb == Limits().max_memory_mb
    with pytest.raises(ValueError, match="JIXIAO_SECONDS"):
        Limits.from_env(environ={"JIXIAO_SECONDS": "soon"})


def test_outside_root_and_symlink_loops(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "in.pdf").write_bytes(PDF.read_bytes())
    (raw / "link_in.pdf").symlink_to(raw / "in.pdf")
    (raw / "link_out.pdf").symlink_to(PDF)
    (raw / "loop.pdf").symlink_to(raw / "loop.pdf")
    assert guard.outside_root(raw / "link_in.pdf", raw) is None
    assert "outside the raw folder" in guard.outside_root(raw / "link_out.pdf", raw)
    lim = Limits(root=str(raw))
    assert check_file(raw / "link_in.pdf", lim) == "pdf"
    assert _err(raw / "link_out.pdf", lim).kind == "outside_raw"
    assert _err(raw / "loop.pdf", lim).kind in ("outside_raw", "missing", "unreadable")


def test_display_name_of_names_that_are_not_utf8():
    assert guard.display_name("绩效/目标表.pdf") is None
    gbk = os.fsdecode("绩效目标表.pdf".encode("gbk"))  # how Python shows a GBK name on a UTF-8 system
    assert guard.display_name(gbk) == "绩效目标表.pdf"
    assert guard.display_name(os.fsdecode(b"\xff\xfe.pdf")) == "\\xff\\xfe.pdf"


def test_permission_denied_says_so(tmp_path, monkeypatch):
    p = tmp_path / "locked.pdf"
    p.write_bytes(PDF.read_bytes())
    real_open = Path.open

    def deny(self, *a, **k):
        if self.name == "locked.pdf":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", deny)
    err = _err(p)
    assert err.kind == "unreadable" and "permission denied" in err.problem and "readable" in err.problem


def test_padding_after_eof_is_not_truncation(tmp_path):
    p = tmp_path / "padded.pdf"
    p.write_bytes(PDF.read_bytes() + b"\x00" * 8000)  # some writers pad after %%EOF
    assert check_file(p, Limits()) == "pdf"
