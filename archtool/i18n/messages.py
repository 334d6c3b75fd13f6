"""User-interface strings (not rule messages: those live with each rule)."""

from archtool.i18n import L

KINDS = {
    "units": L("đơn vị", "unit"),
    "services": L("dịch vụ", "service"),
    "applications": L("ứng dụng", "application"),
    "platforms": L("nền tảng", "platform"),
    "datasets": L("cơ sở dữ liệu", "dataset"),
    "infrastructure": L("hạ tầng", "infrastructure"),
    "projects": L("dự án", "project"),
    "waivers": L("miễn trừ", "waiver"),
}

SEVERITIES = {
    "error": L("lỗi", "error"),
    "warning": L("cảnh báo", "warning"),
    "info": L("thông tin", "info"),
}

CATEGORIES = {
    "syntax": L("cú pháp", "syntax"),
    "schema": L("lược đồ", "schema"),
    "reference": L("tham chiếu", "reference"),
    "duplication": L("trùng lặp", "duplication"),
    "gap": L("thiếu hụt", "gap"),
    "principle": L("nguyên tắc", "principle"),
    "consistency": L("nhất quán", "consistency"),
}

UI = {
    "summary": L(
        "{errors} lỗi, {warnings} cảnh báo, {infos} thông tin — mô hình {model} ({elements} phần tử)",
        "{errors} errors, {warnings} warnings, {infos} info — model {model} ({elements} elements)",
    ),
    "no_findings": L("Không có phát hiện nào.", "No findings."),
    "waived": L("{count} phát hiện được miễn trừ (waiver).", "{count} findings waived."),
    "model_level": L("(toàn mô hình)", "(whole model)"),
    "suggestion": L("Gợi ý", "Suggestion"),
    "citation": L("Căn cứ", "Source"),
    "error_prefix": L("Lỗi", "Error"),
    "path_not_found": L(
        "không tìm thấy đường dẫn '{path}'. Hãy chỉ ra thư mục mô hình (chứa archtool.yaml) hoặc tệp archtool.yaml.",
        "path '{path}' not found. Give the model folder (holding archtool.yaml) or an archtool.yaml file.",
    ),
    "internal_error": L(
        "lỗi nội bộ của archtool: {error}. Chạy lại với --debug để xem chi tiết và báo lỗi kèm mô hình tối thiểu.",
        "internal archtool error: {error}. Run again with --debug for details and report it with a minimal model.",
    ),
    "cannot_write": L(
        "không ghi được tệp '{path}': {error}. Kiểm tra quyền ghi và dung lượng đĩa.",
        "cannot write '{path}': {error}. Check write permission and free disk space.",
    ),
    "bad_option": L("giá trị '{value}' không hợp lệ cho {option}; chọn một trong: {choices}.",
                    "invalid value '{value}' for {option}; choose one of: {choices}."),
    "unknown_catalog_entry": L("không có mục danh mục '{id}'.{hint}", "no catalog entry '{id}'.{hint}"),
    "did_you_mean": L(" Có phải ý bạn là '{name}'?", " Did you mean '{name}'?"),
}
