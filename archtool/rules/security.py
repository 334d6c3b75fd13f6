"""Security rules: every information system declares its security level, and the level matches the
data it processes (Decree 85/2016 art. 7–8). Which requirement applies, and its basis, come from
the security catalog for the model's period."""

from __future__ import annotations

from typing import Any, Iterable

from archtool.findings import Finding, Rule
from archtool.i18n import L
from archtool.model.architecture import is_active
from archtool.rules import wording as W
from archtool.rules.context import Context

IOC_CAPS = ("ioc", "ioc-local")

GAP_SECURITY = Rule(
    "gap-security-level", category="gap", severity="warning", heavy=True,
    title=("Chưa xác định cấp độ an toàn", "Security level missing"),
    message=("{subject} chưa khai báo cấp độ an toàn hệ thống thông tin (security_level 1–5).{ioc}",
             "{subject} has no information-system security level (security_level 1–5).{ioc}"),
    rationale=("Mọi hệ thống thông tin phải được xác định cấp độ an toàn; cấp độ quyết định phương án bảo vệ và kinh phí. "
               "Trung tâm giám sát, điều hành (IOC) còn có chỉ tiêu riêng: 100% IOC được phân loại, xác định, phê duyệt "
               "cấp độ. Căn cứ theo kỳ của mô hình: Luật An toàn thông tin mạng 2015 và NĐ 85/2016 trước 1/7/2026, Luật "
               "An ninh mạng 2025 từ 1/7/2026.",
               "Every information system must be classified by security level; the level drives the protection plan and "
               "its cost. Operations centres (IOC) have their own target: every IOC classified and its level approved. "
               "The basis follows the model's period: the 2015 Law on Network Information Security and Decree 85/2016 "
               "before 1 July 2026, the Cybersecurity Law 2025 from then."),
    citation="Luật An toàn thông tin mạng 2015, Điều 21; NĐ 85/2016/NĐ-CP (tiêu chí, thẩm quyền, trình tự, thủ tục xác định cấp độ)",
    suggestion=("Xác định cấp độ theo tiêu chí của NĐ 85/2016 (Điều 7–11) và ghi security_level: N; hệ thống có xử lý "
                "thông tin cá nhân từ cấp độ 2 trở lên.",
                "Classify it by the criteria of Decree 85/2016 (art. 7–11) and record security_level: N; a system "
                "processing personal data is level 2 or higher."),
    example="applications:\n  - {id: app, name: Ứng dụng du lịch, owner: so-khcn}\n",
)
IOC_NOTE = L(" Đây là trung tâm giám sát, điều hành: mọi IOC phải được phân loại và phê duyệt cấp độ.",
             " It is an operations centre: every IOC must have its level classified and approved.")


@GAP_SECURITY.checks
def check_security_level(ctx: Context) -> Iterable[Finding]:
    base = ctx.cite("sec-r-level-declared", GAP_SECURITY.citation) or "archtool model format v1 §5 (gap: security level)"
    ioc_cite = ctx.cite_all(ctx.cite("sec-r-ioc-level-declared"), base)
    for kind in ("applications", "platforms"):
        for el in ctx.arch.by_kind.get(kind, []):
            if not is_active(el) or el.security_level is not None or not ctx.visits(el):
                continue
            ioc = any(c in el.capabilities for c in IOC_CAPS)
            yield GAP_SECURITY.finding(location=el._src.location(), elements=[el.id], citation=ioc_cite if ioc else base,
                                       subject=W.subject(el), ioc=IOC_NOTE if ioc else L("", ""))


GAP_SECURITY_DATA = Rule(
    "gap-security-personal-data", category="gap", severity="warning",
    title=("Cấp độ an toàn thấp hơn mức dữ liệu cần", "Security level below what its data needs"),
    message=("{subject} khai báo cấp độ {level} nhưng xử lý thông tin cá nhân ({datasets}); hệ thống xử lý thông tin cá "
             "nhân không thuộc cấp độ 1 mà từ cấp độ {minimum} trở lên.",
             "{subject} declares level {level} but processes personal data ({datasets}); a system processing personal "
             "data is not level 1 but level {minimum} or higher."),
    rationale=("Theo NĐ 85/2016, cấp độ 1 chỉ dành cho hệ thống nội bộ chỉ xử lý thông tin công cộng (Điều 7); hệ thống "
               "có xử lý thông tin riêng, thông tin cá nhân thuộc tiêu chí cấp độ 2 (Điều 8). Hệ thống dùng (đọc, ghi "
               "hoặc làm chủ) một CSDL có dữ liệu cá nhân mà khai báo cấp độ 1 là khai báo sai. Tiêu chí cấp độ 3 (dữ "
               "liệu cá nhân từ 10.000 người dùng) chưa được đối chiếu văn bản nên không kiểm tra. Từ 1/7/2026, việc "
               "Luật An ninh mạng 2025 giữ năm cấp độ chưa được xác nhận: quy tắc áp dụng cho kỳ có thời gian trước "
               "1/7/2026.",
               "Under Decree 85/2016, level 1 is only for an internal system processing public information (art. 7); "
               "a system processing private or personal data meets a level-2 criterion (art. 8). A system that reads, "
               "writes or masters a dataset holding personal data and declares level 1 is misclassified. The level-3 "
               "criterion (personal data of 10,000 users or more) was not checked against the text and is not applied. "
               "Whether the Cybersecurity Law 2025 keeps the five levels from 1 July 2026 is not confirmed: the rule "
               "applies to periods with time before 1 July 2026."),
    citation="NĐ 85/2016/NĐ-CP, Điều 7 và Điều 8; Luật An toàn thông tin mạng 2015, Điều 21 khoản 2",
    suggestion=("Xác định lại cấp độ theo NĐ 85/2016 (ít nhất security_level: {minimum}) và cập nhật phương án bảo đảm "
                "an toàn theo cấp độ mới.",
                "Re-classify it under Decree 85/2016 (at least security_level: {minimum}) and update its protection "
                "plan for the new level."),
    example="applications:\n  - {id: app, name: Tra cứu hồ sơ, owner: so-khcn, security_level: 1,"
            " datasets: [{id: ds, access: read}]}\n"
            "datasets:\n  - {id: ds, name: Hồ sơ công dân, owner: so-khcn, personal_data: true}\n",
)


@GAP_SECURITY_DATA.checks
def check_security_personal_data(ctx: Context) -> Iterable[Finding]:
    cats = ctx.catalogs
    req = cats.get("sec-r-personal-data-min-l2")
    if req is None:
        return
    severity = cats.severity_for(req, *ctx.period)
    if severity is None:
        return  # no confirmed basis in the model's period
    minimum = int(req.get("min_level") or 2)
    citation = cats.citation_for(req, *ctx.period) or "archtool model format v1 §5 (gap: personal data)"
    arch = ctx.arch
    personal = {d.id for d in arch.by_kind.get("datasets", []) if d.personal_data and is_active(d)}
    if not personal:
        return
    for kind in ("applications", "platforms"):
        for el in arch.by_kind.get(kind, []):
            if not is_active(el) or el.security_level is None or el.security_level >= minimum or not ctx.visits(el):
                continue
            uses: list[Any] = [u.id for u in el.datasets if u.id in personal]
            if not uses:
                continue
            yield GAP_SECURITY_DATA.finding(
                location=el._src.location("security_level"), elements=[el.id, *uses], severity=severity,
                citation=citation, details={"level": el.security_level, "minimum": minimum, "datasets": uses},
                subject=W.subject(el), level=el.security_level, minimum=minimum, datasets=W.named_ids(arch, uses))
