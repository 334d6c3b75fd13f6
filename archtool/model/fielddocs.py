"""What every field of the model format means, in Vietnamese and English, with an example: the
text editors show while a planner types (the JSON Schema's ``markdownDescription``), kept beside the
format. ``Class.field`` entries override the plain ``field`` entry for one class.

Each entry is ``(vi, en, example)``; ``example`` is a YAML fragment holding the field itself.
``tests/test_schema_editor.py`` fails for a field of :mod:`archtool.model.schema` without an entry.
"""

from __future__ import annotations

FIELDS: dict[str, tuple[str, str, str]] = {
    # -- common fields of every element --------------------------------------------------------
    "id": ("Mã duy nhất trong mô hình và mô hình nền: chữ thường không dấu, số, '.', '_', '-'. Các phần tử "
           "khác tham chiếu phần tử này bằng mã.",
           "Unique id across the model and its baseline: lowercase ASCII letters, digits, '.', '_', '-'. Other "
           "elements refer to this one by its id.",
           "id: lgsp-tinh"),
    "name": ("Tên hiển thị, thường bằng tiếng Việt có dấu (so sánh sau chuẩn hóa Unicode NFC).",
             "Display name, usually Vietnamese (compared after Unicode NFC normalisation).",
             "name: Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"),
    "name_en": ("Tên tiếng Anh, dùng khi xuất báo cáo với --lang en.", "English name, used in reports with --lang en.",
                "name_en: Provincial data integration and sharing platform"),
    "description": ("Mô tả tự do.", "Free text.", "description: Kết nối các hệ thống của sở, ngành với trục quốc gia."),
    "owner": ("Mã đơn vị chủ quản (một phần tử trong units). Bắt buộc với mọi loại trừ đơn vị.",
              "Id of the owning unit (an element of units). Required for every kind except units.",
              "owner: so-khcn"),
    "status": ("Trạng thái: planned (dự kiến), building (đang xây dựng), operational (đang vận hành, mặc định), "
               "retiring (sắp dừng), retired (đã dừng).",
               "Status: planned, building, operational (default), retiring, retired.",
               "status: operational"),
    "capabilities": ("Mã năng lực trong danh mục năng lực (archtool catalog list capabilities) mà phần tử cung cấp; "
                     "dùng để phát hiện trùng lặp và thiếu hụt.",
                     "Capability catalog ids the element provides (archtool catalog list capabilities); used to find "
                     "duplication and gaps.",
                     "capabilities: [integration-platform]"),
    "tags": ("Nhãn tự do.", "Free labels.", "tags: [dùng chung, cấp tỉnh]"),
    "since": ("Năm phần tử bắt đầu vận hành (cả phần tử dự kiến), số nguyên không có dấu nháy.",
              "Year the element starts operating (planned ones too), an integer without quotes.",
              "since: 2020"),
    "until": ("Năm phần tử dừng vận hành, số nguyên không có dấu nháy.",
              "Year the element stops operating, an integer without quotes.", "until: 2027"),
    "replaces": ("Mã các phần tử mà phần tử này thay thế (không dùng cho đơn vị hay dự án); phần tử thay thế không "
                 "bị tính là trùng lặp.",
                 "Ids of the elements this one supersedes (not for units or projects); a replacement is not a "
                 "duplicate.",
                 "replaces: [mot-cua-cu]"),
    "vendor": ("Nhà cung cấp hoặc đơn vị xây dựng (mở rộng của archtool).", "Supplier or builder (archtool extension).",
               "vendor: VNPT"),
    "sources": ("Nguồn của thông tin về phần tử: văn bản, báo cáo, đường dẫn (mở rộng của archtool).",
                "Where the facts about this element come from: documents, reports, links (archtool extension).",
                "sources: [Báo cáo số 123/BC-SKHCN ngày 01/3/2026]"),
    # -- units ----------------------------------------------------------------------------------
    "Unit.owner": ("Đơn vị không cần chủ quản; dùng 'parent' cho đơn vị cấp trên.",
                   "A unit needs no owner; use 'parent' for the unit above it.", "owner: ubnd-tinh"),
    "level": ("Cấp đơn vị: central (trung ương), province (tỉnh), commune (xã, phường), enterprise (doanh nghiệp); "
              "district (huyện) chỉ dùng cho mô hình trước 1/7/2025.",
              "Unit level: central, province, commune, enterprise; district only for models before 1 July 2025.",
              "level: province"),
    "parent": ("Mã đơn vị cấp trên.", "Id of the unit above this one.", "parent: ubnd-tinh"),
    # -- applications and platforms ---------------------------------------------------------------
    "uses": ("Mã các nền tảng, ứng dụng, hạ tầng mà hệ thống phụ thuộc.",
             "Ids of the platforms, applications or infrastructure the system depends on.", "uses: [lgsp-tinh]"),
    "datasets": ("Các CSDL hệ thống dùng, mỗi mục {id, access} với access: master (làm chủ), write (ghi), read (đọc).",
                 "Datasets the system uses, each {id, access} with access master, write or read.",
                 "datasets: [{id: csdl-dan-cu, access: read}]"),
    "hosted_on": ("Mã hạ tầng nơi hệ thống được triển khai (trung tâm dữ liệu, đám mây).",
                  "Id of the infrastructure the system runs on (data centre, cloud).", "hosted_on: tdl-tinh"),
    "scope": ("Phạm vi: province (toàn tỉnh, mặc định) hoặc danh sách mã đơn vị dùng hệ thống.",
              "Scope: province (the whole province, default) or a list of the ids of the units using it.",
              "scope: [so-yte, so-gddt]"),
    "security_level": ("Cấp độ an toàn hệ thống thông tin, số nguyên 1–5 không có dấu nháy (Luật An toàn thông tin "
                       "mạng 2015, Nghị định 85/2016/NĐ-CP; xem danh mục security).",
                       "Information system security level, an integer 1–5 without quotes (Law on Network Information "
                       "Security 2015, Decree 85/2016; see the security catalog).",
                       "security_level: 3"),
    "integrates_with": ("Mã các hệ thống được kết nối, trao đổi dữ liệu.", "Ids of the systems it exchanges data with.",
                        "integrates_with: [ioc-tinh]"),
    "users": ("Số người dùng hoặc số lượt cài đặt, số nguyên (mở rộng của archtool).",
              "Number of users or installs, an integer (archtool extension).", "users: 1200"),
    # -- datasets -------------------------------------------------------------------------------
    "DatasetUse.id": ("Mã CSDL (một phần tử trong datasets).", "Id of a dataset (an element of datasets).",
                      "id: csdl-dan-cu"),
    "access": ("Quyền với CSDL: master (đơn vị làm chủ dữ liệu), write (ghi), read (đọc, mặc định).",
               "Access to the dataset: master (owns the data), write, read (default).", "access: read"),
    "domain": ("Lĩnh vực dữ liệu, mã tự do.", "Data domain, a free id.", "domain: land"),
    "shared_via": ("Mã các nền tảng chia sẻ CSDL này (ví dụ LGSP).", "Ids of the platforms sharing this dataset (e.g. LGSP).",
                   "shared_via: [lgsp-tinh]"),
    "personal_data": ("CSDL có dữ liệu cá nhân: true hoặc false (không viết yes/no hay có/không).",
                      "Whether the dataset holds personal data: true or false (not yes/no).", "personal_data: true"),
    "open_data": ("CSDL được công bố là dữ liệu mở: true hoặc false.", "Whether the dataset is published as open data: "
                  "true or false.", "open_data: false"),
    # -- infrastructure -----------------------------------------------------------------------------
    "type": ("Loại hạ tầng, mã tự do: datacenter, network, cloud, sensor-network, camera-network, wifi…",
             "Kind of infrastructure, a free id: datacenter, network, cloud, sensor-network, camera-network, wifi…",
             "type: datacenter"),
    "shared": ("Hạ tầng dùng chung cho nhiều đơn vị: true hoặc false.", "Shared by several units: true or false.",
               "shared: true"),
    "location": ("Nơi đặt hạ tầng.", "Where the infrastructure is.", "location: Trung tâm hành chính tỉnh"),
    # -- services -------------------------------------------------------------------------------
    "realized_by": ("Mã các ứng dụng, nền tảng cung cấp dịch vụ.", "Ids of the applications or platforms delivering "
                    "the service.", "realized_by: [cong-dvc]"),
    "channels": ("Mã các kênh cung cấp dịch vụ.", "Ids of the channels the service is offered on.",
                 "channels: [cong-dvc, app-cong-dan]"),
    # -- projects -------------------------------------------------------------------------------
    "Project.status": ("Trạng thái dự án: proposed (đề xuất, mặc định), approved (đã phê duyệt), in-progress (đang "
                       "thực hiện), completed (đã hoàn thành), cancelled (đã hủy).",
                       "Project status: proposed (default), approved, in-progress, completed, cancelled.",
                       "status: approved"),
    "delivers": ("Mã các phần tử mà dự án tạo ra.", "Ids of the elements the project creates.", "delivers: [nen-tang-iot]"),
    "upgrades": ("Mã các phần tử có sẵn mà dự án nâng cấp (nâng cấp không phải trùng lặp).",
                 "Ids of existing elements the project upgrades (an upgrade is not a duplicate).",
                 "upgrades: [cong-dvc]"),
    "task_groups": ("Mã nhóm nhiệm vụ, nội dung của Đề án 950 (archtool catalog list d950) mà dự án thực hiện.",
                    "Ids of the Decision 950 task groups or content areas the project carries (archtool catalog "
                    "list d950).",
                    "task_groups: [d950-g2]"),
    "Project.period": ("Thời gian thực hiện: năm bắt đầu và năm kết thúc.", "Implementation period: start and end years.",
                       "period: {start: 2026, end: 2027}"),
    "budget": ("Kinh phí theo nguồn vốn, mỗi dòng {source, amount} với số tiền bằng đồng (số nguyên).",
               "Budget per funding source, each line {source, amount} with the amount in VND (an integer).",
               "budget: [{source: local, amount: 12500000000}]"),
    "investment_form": ("Hình thức đầu tư: buy (mua sắm), rent (thuê dịch vụ), ppp, socialization (xã hội hóa).",
                        "Investment form: buy, rent (service lease), ppp, socialization.", "investment_form: rent"),
    "start": ("Năm bắt đầu, số nguyên.", "Start year, an integer.", "start: 2026"),
    "end": ("Năm kết thúc (không trước năm bắt đầu), số nguyên.", "End year (not before the start), an integer.",
            "end: 2030"),
    "source": ("Nguồn vốn: central (ngân sách trung ương), local (ngân sách địa phương), private (doanh nghiệp, xã "
               "hội hóa), oda, other.",
               "Funding source: central (central budget), local (local budget), private, oda, other.",
               "source: local"),
    "amount": ("Số tiền bằng đồng, số nguyên không có dấu phân cách.", "Amount in VND, an integer without separators.",
               "amount: 12500000000"),
    "year": ("Năm bố trí vốn (mở rộng của archtool).", "Year of the allocation (archtool extension).", "year: 2026"),
    # -- waivers --------------------------------------------------------------------------------
    "Waiver.id": ("Mã miễn trừ (không bắt buộc).", "Waiver id (optional).", "id: mien-tru-lgsp-2026"),
    "Waiver.name": ("Tên miễn trừ (không bắt buộc).", "Waiver name (optional).", "name: Chấp nhận hai LGSP đến khi hợp nhất"),
    "rule": ("Mã quy tắc có phát hiện được miễn trừ (archtool rules).", "Id of the rule whose findings are silenced "
             "(archtool rules).", "rule: dup-capability"),
    "elements": ("Miễn trừ khớp các phát hiện nêu tất cả các mã này (để trống: mọi phát hiện của quy tắc).",
                 "The waiver matches findings naming all these ids (empty: every finding of the rule).",
                 "elements: [lgsp-a, lgsp-b]"),
    "reason": ("Lý do miễn trừ (bắt buộc).", "Why the findings are accepted (required).",
               "reason: Hợp nhất hai LGSP theo lộ trình sáp nhập tỉnh"),
    "expires": ("Ngày hết hạn YYYY-MM-DD; sau ngày này miễn trừ thành một phát hiện.",
                "Expiry date YYYY-MM-DD; after it the waiver becomes a finding itself.", "expires: 2026-12-31"),
    "approved_by": ("Người hoặc văn bản phê duyệt miễn trừ.", "Who or which document approved the waiver.",
                    "approved_by: Giám đốc Sở KH&CN"),
    # -- the manifest ---------------------------------------------------------------------------
    "archtool": ("Phiên bản định dạng, luôn là 1.", "Format version, always 1.", "archtool: 1"),
    "model": ("Thông tin mô hình: mã, tên, loại, tỉnh, kỳ kế hoạch.", "The model: id, name, kind, province, planning period.",
              "model: {id: tay-ninh-sc, name: Kiến trúc ICT ĐTTM tỉnh Tây Ninh, kind: smart-city}"),
    "ModelInfo.id": ("Mã mô hình: chữ thường không dấu, số, '-'.", "Model id: lowercase ASCII letters, digits, '-'.",
                     "id: tay-ninh-sc"),
    "ModelInfo.name": ("Tên mô hình.", "Model name.", "name: Kiến trúc ICT phát triển đô thị thông minh tỉnh Tây Ninh"),
    "kind": ("Loại mô hình: smart-city (đô thị thông minh) hoặc e-government (chính quyền điện tử, chính quyền số).",
             "Model kind: smart-city or e-government.", "kind: smart-city"),
    "province": ("Tên tỉnh, thành phố để hiển thị.", "Province name, for display.", "province: Tây Ninh"),
    "ModelInfo.period": ("Kỳ kế hoạch: năm bắt đầu và năm kết thúc.", "Planning period: start and end years.",
                         "period: {start: 2026, end: 2030}"),
    "phases": ("Các giai đoạn của kỳ kế hoạch, theo thứ tự, liên tiếp, phủ đúng kỳ (ví dụ 2026–2027 và 2028–2030); "
               "Kế hoạch cộng kinh phí theo từng giai đoạn (mở rộng của archtool).",
               "Phases of the period in order, without gaps or overlaps (e.g. 2026–2027 and 2028–2030); the plan "
               "totals budgets per phase (archtool extension).",
               "phases: [{start: 2026, end: 2027}, {start: 2028, end: 2030, name: Giai đoạn 2}]"),
    "framework": ("Mã phiên bản khung kiến trúc quốc gia mà mô hình theo (archtool catalog list egov-framework), "
                  "để kiểm tra phiên bản đã bị thay thế chưa (mở rộng của archtool).",
                  "Catalog id of the national architecture framework version the model follows (archtool catalog list "
                  "egov-framework), to check whether it has been superseded (archtool extension).",
                  "framework: dgaf-v4"),
    "priorities": ("Một vài lĩnh vực đô thị thông minh (mã năng lực) tỉnh chọn ưu tiên trong kỳ (mở rộng của archtool).",
                   "The few smart-city fields (capability ids) the province chose for the period (archtool extension).",
                   "priorities: [smart-traffic, smart-health]"),
    "thresholds": ("Ngưỡng của các quy tắc mà tỉnh có thể đặt (mở rộng của archtool).",
                   "Rule thresholds a province may set (archtool extension).", "thresholds: {rebuild_years: 5}"),
    "rebuild_years": ("Thay một phần tử đang vận hành chưa đủ số năm này là xây lại (mặc định 5, một kỳ kế hoạch "
                      "năm năm), số nguyên 1–30.",
                      "Replacing an operating element younger than this many years is a rebuild (default 5, one "
                      "five-year planning period), an integer 1–30.",
                      "rebuild_years: 5"),
    "extends": ("Thư mục mô hình nền (kiến trúc chính quyền số đã phê duyệt), tương đối so với thư mục chứa "
                "archtool.yaml; '/' hoặc '\\' đều được.",
                "Folder of the baseline model (the approved e-government architecture), relative to the folder "
                "holding archtool.yaml; '/' or '\\' both work.",
                "extends: ../egov"),
    "include": ("Mẫu đường dẫn các tệp thuộc mô hình, tương đối so với thư mục gốc (mặc định: mọi *.yaml, *.yml).",
                "Globs of the files of the model, relative to the root (default: every *.yaml / *.yml).",
                "include: [units.yaml, systems/*.yaml]"),
    "catalogs": ("Tệp hoặc thư mục danh mục bổ sung của tỉnh (mở rộng của archtool).",
                 "Extra catalog files or folders of the province (archtool extension).",
                 "catalogs: [catalogs/tinh.yaml]"),
    "rules": ("Đổi mức độ hoặc tắt quy tắc: mã quy tắc → error, warning, info hoặc off (mở rộng của archtool).",
              "Change a rule's severity or turn it off: rule id → error, warning, info or off (archtool extension).",
              "rules: {platform-unused: off}"),
    "check": ("Mặc định cho archtool check để lệnh trong CI ngắn gọn (mở rộng của archtool).",
              "Defaults for archtool check, so CI commands stay short (archtool extension).",
              "check: {fail_on: warning, lang: vi}"),
    "fail_on": ("Mức gây mã thoát 1: error, warning, info hoặc never.", "Severity that makes the exit code 1: error, "
                "warning, info or never.", "fail_on: warning"),
    "lang": ("Ngôn ngữ báo cáo: vi hoặc en.", "Report language: vi or en.", "lang: vi"),
    "format": ("Định dạng đầu ra của archtool check: text, line, json, sarif, junit, github, markdown.",
               "Output format of archtool check: text, line, json, sarif, junit, github, markdown.",
               "format: sarif"),
}

#: the element collections of an element file (the keys of the file's top level)
COLLECTIONS: dict[str, tuple[str, str, str]] = {
    "units": ("Đơn vị: cơ quan chủ quản, đơn vị vận hành.", "Units: owning and operating agencies.",
              "units:\n  - {id: so-khcn, name: Sở Khoa học và Công nghệ, level: province}"),
    "services": ("Dịch vụ cung cấp cho người dân, doanh nghiệp.", "Services offered to citizens and businesses.",
                 "services:\n  - {id: dvc-dat-dai, name: Dịch vụ công đất đai, owner: so-nnmt, realized_by: [cong-dvc]}"),
    "applications": ("Ứng dụng, hệ thống thông tin.", "Applications, information systems.",
                     "applications:\n  - {id: mot-cua, name: Hệ thống một cửa điện tử, owner: vp-ubnd}"),
    "platforms": ("Nền tảng dùng chung.", "Shared platforms.",
                  "platforms:\n  - {id: lgsp-tinh, name: LGSP tỉnh, owner: so-khcn, capabilities: [integration-platform]}"),
    "datasets": ("Cơ sở dữ liệu.", "Datasets (databases).",
                 "datasets:\n  - {id: csdl-dan-cu, name: CSDL dân cư của tỉnh, owner: cong-an-tinh, personal_data: true}"),
    "infrastructure": ("Hạ tầng: trung tâm dữ liệu, mạng, đám mây, mạng cảm biến, camera.",
                       "Infrastructure: data centres, networks, cloud, sensor and camera networks.",
                       "infrastructure:\n  - {id: tdl-tinh, name: Trung tâm dữ liệu tỉnh, owner: so-khcn, type: datacenter}"),
    "projects": ("Dự án, nhiệm vụ.", "Projects and tasks.",
                 "projects:\n  - {id: da-iot, name: Dự án nền tảng IoT, owner: so-khcn, delivers: [nen-tang-iot]}"),
    "waivers": ("Miễn trừ có thời hạn cho phát hiện đã được chấp nhận.", "Dated waivers for accepted findings.",
                "waivers:\n  - {rule: dup-capability, elements: [lgsp-a, lgsp-b], reason: Hợp nhất, expires: 2026-12-31}"),
}
