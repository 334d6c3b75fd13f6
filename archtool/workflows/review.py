"""``archtool review``: a consultant's opinion (ý kiến thẩm định) on a project proposal.

The proposal (element files: projects and what they deliver) is overlaid on the model and its
baseline by the pipeline (:func:`archtool.pipeline.review`); the rule engine runs on the whole,
with the proposal's own rules (:mod:`archtool.rules.review`), and the findings that concern
proposal elements are kept here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from archtool.findings import Finding, sort_findings, summarize
from archtool.i18n import L
from archtool.model.overlay import Fragment
from archtool.vocab import SEVERITY_RANK


@dataclass
class Review:
    model_id: str
    model_name: str
    proposal: list[str]
    projects: list[Any]
    elements: list[Any]
    findings: list[Finding]
    catalogs: Any
    arch: Any
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def conclusion(self) -> str:
        counts = summarize(self.findings)
        if counts["error"]:
            return "revise"
        return "clarify" if counts["warning"] else "ok"


CONCLUSIONS = {
    "revise": L("Đề nghị điều chỉnh hồ sơ đề xuất theo các ý kiến nêu trên trước khi trình phê duyệt.",
                "We recommend revising the proposal as noted above before submitting it for approval."),
    "clarify": L("Đề xuất cơ bản phù hợp với kiến trúc; đề nghị làm rõ, bổ sung các nội dung nêu trên.",
                 "The proposal broadly fits the architecture; please clarify or complete the points above."),
    "ok": L("Không phát hiện trùng lặp, thiếu hụt hay điểm bất hợp lý theo các quy tắc kiểm tra của archtool; "
            "đề xuất có thể chuyển sang các bước thẩm định tiếp theo.",
            "No duplication, gap or inconsistency was found by archtool's checks; the proposal can move on "
            "to the next appraisal steps."),
}
DISCLAIMER = L("Ý kiến này dựa trên đối chiếu với mô hình kiến trúc và các danh mục tham chiếu của archtool; "
               "không thay thế thẩm định theo quy định về đầu tư công, an toàn thông tin và các quy định chuyên ngành.",
               "This opinion compares the proposal with the architecture model and archtool's reference catalogs; "
               "it does not replace appraisal under the rules on public investment, information security and "
               "sector regulations.")


def review(result: Any, fragment: Fragment) -> Review:
    """The opinion from the run of the model with the proposal overlaid: the findings about the
    proposal's elements or located in its files (:meth:`Fragment.owns`), most severe first."""
    merged = result.arch
    kept = [f for f in result.findings if fragment.owns(f)]
    elements = [merged.elements[i] for i in sorted(fragment.ids) if i in merged.elements]
    projects = [e for e in elements if e.KIND == "projects"]
    name = merged.manifest.model.name if merged.manifest else merged.id
    return Review(model_id=merged.id, model_name=name, proposal=sorted(fragment.files), projects=projects,
                  elements=elements, findings=sorted(sort_findings(kept), key=lambda f: -SEVERITY_RANK[f.severity]),
                  catalogs=result.catalogs, arch=merged, today=result.today)
