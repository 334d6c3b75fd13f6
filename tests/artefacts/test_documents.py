"""Hand-written parts of the plan survive regeneration; the review opinion has the same form as
the plan (one DOCX writer) and concludes per component."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT, TODAY, run_cli

PROPOSAL = ROOT / "examples" / "proposals" / "so-xd-dieu-hanh-xay-dung.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _model(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "tay-ninh")
    return tmp_path / "tay-ninh" / "smart-city"


def test_hand_written_parts_are_merged_in_place_on_every_build(tmp_path: Path) -> None:
    model = _model(tmp_path)
    folder = model / "ke-hoach"
    folder.mkdir()
    (folder / "muc-tieu.md").write_text("Đến năm 2030, **100%** dịch vụ công đủ điều kiện được cung cấp trực tuyến.\n",
                                        encoding="utf-8")
    (folder / "the-thuc.md").write_text("# thể thức của văn bản\nso_ky_hieu: 123/KH-UBND\nnguoi_ky: Nguyễn Văn A\n"
                                        "noi_nhan:\n- Bộ Khoa học và Công nghệ;\n- Lưu: VT, SKHCN.\n", encoding="utf-8")
    (folder / "khong-co.md").write_text("x\n", encoding="utf-8")
    for out in ("a", "b"):  # a later build keeps it: it is read from the model, not from the last output
        code, _o, err = run_cli("build", model, "-o", tmp_path / out, "--as-of", TODAY.isoformat())
        assert code == 0, err
        assert "ke-hoach/khong-co.md: Kế hoạch không có mục 'khong-co'" in err
        md = (tmp_path / out / "plan.md").read_text(encoding="utf-8")
        goals = md.split("### 1. Mục tiêu")[1].split("### 2.")[0]
        assert "**100%** dịch vụ công" in goals and "Hoàn thành 13 dự án" not in goals  # replaces the generated text
        assert "| Số: 123/KH-UBND |" in md and "**Nguyễn Văn A**" in md and "- Bộ Khoa học và Công nghệ;" in md
        appendix = md.split("GHI CHÚ CHO NGƯỜI SOẠN THẢO")[1]
        assert "muc-tieu" in appendix.split("Các mục do người soạn thảo viết:")[1]
    from docx import Document

    doc = Document(str(tmp_path / "b" / "plan.docx"))
    para = next(p for p in doc.paragraphs if "dịch vụ công đủ điều kiện" in p.text)
    assert [r.bold for r in para.runs if r.text == "100%"] == [True]


def test_review_opinion_docx_has_the_administrative_form(tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "y-kien.docx"
    code, _o, err = run_cli("review", PROPOSAL, "--against", EXAMPLE / "smart-city", "--format", "docx", "-o", out,
                            "--as-of", TODAY.isoformat())
    assert code == 1, err
    doc = Document(str(out))
    head = doc.tables[0]
    assert head.rows[0].cells[0].text.split("\n")[:2] == ["UBND TỈNH TÂY NINH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert head.rows[0].cells[1].text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert head.rows[1].cells[0].text.startswith("Số:") and "V/v" in head.rows[1].cells[0].text
    texts = [p.text for p in doc.paragraphs]
    assert "Kính gửi: Sở Xây dựng tỉnh Tây Ninh." in texts
    topics = [t for t in texts if t[:2] in ("1.", "2.", "3.", "4.", "5.", "6.")]
    assert topics == ["1. Sự cần thiết và sự phù hợp với Kế hoạch, kiến trúc của tỉnh", "2. Tái sử dụng nền tảng dùng chung",
                      "3. Trùng lặp", "4. Dữ liệu và dữ liệu cá nhân", "5. Cấp độ an toàn hệ thống thông tin",
                      "6. Kinh phí và thời gian thực hiện"]
    verdict = next(t for t in doc.tables if t.rows[0].cells[1].text == "Kết luận")
    rows = {r.cells[0].text: r.cells[1].text for r in verdict.rows[1:]}
    assert rows["Nền tảng tích hợp, chia sẻ dữ liệu ngành xây dựng"] == "Không đầu tư"  # the province has one
    assert rows["Trung tâm giám sát, điều hành ngành xây dựng"] == "Không đầu tư"
    assert rows["Hệ thống cấp phép xây dựng trực tuyến"] == "Điều chỉnh"
    budget = next(t for t in doc.tables if len(t.columns) > 3 and t.rows[0].cells[3].text == "Nguồn vốn")
    assert budget.rows[1].cells[2].text == "22,5 tỷ đồng" and "lập lại dự toán" in budget.rows[1].cells[4].text
    signature = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    assert "Như trên" in signature.rows[0].cells[0].text and "KT. GIÁM ĐỐC" in signature.rows[0].cells[1].text
    with zipfile.ZipFile(out) as z:
        styles = z.read("word/styles.xml").decode()
        header = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert 'w:val="vi-VN"' in styles and "PAGE" in header
    code, text, _e = run_cli("review", PROPOSAL, "--against", EXAMPLE / "smart-city", "--as-of", TODAY.isoformat())
    for topic in topics:  # the text opinion keeps the same sections
        assert topic in text
    assert "Không đầu tư" in text
