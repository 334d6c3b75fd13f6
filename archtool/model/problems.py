"""The problems found while reading a model: unreadable files, YAML syntax, schema, duplicate ids.

Declared here, beside the code that finds them (the loader and the architecture index); they are
rules without a check function, listed in :mod:`archtool.rules.registry` with every other rule.
"""

from archtool.findings import Rule

SPEC = "archtool model format v1 (spec §1–§2)"

YAML_SYNTAX = Rule(
    "yaml-syntax", category="syntax", severity="error",
    title=("Lỗi cú pháp YAML", "YAML syntax error"),
    message=("Không đọc được YAML: {problem}", "Cannot parse YAML: {problem}"),
    rationale=("Tệp không phải YAML hợp lệ nên không thể đọc mô hình trong tệp.",
               "The file is not valid YAML, so none of its content can be read."),
    citation="YAML 1.2 (yaml.org/spec/1.2.2)",
    suggestion=("Sửa cú pháp tại vị trí được chỉ ra (thụt lề bằng dấu cách, dấu ':' sau khóa, đóng ngoặc).",
                "Fix the syntax at the position shown (indent with spaces, ':' after keys, close brackets)."),
    example="applications:\n  - id: a\n    name: [không đóng ngoặc\n",
)
YAML_DUPLICATE_KEY = Rule(
    "yaml-duplicate-key", category="syntax", severity="error",
    title=("Khóa bị lặp", "Duplicate key"),
    message=("Khóa '{key}' xuất hiện hai lần trong cùng một ánh xạ (lần đầu ở dòng {first_line}).",
             "Key '{key}' appears twice in the same mapping (first at line {first_line})."),
    rationale=("Phần lớn thư viện YAML âm thầm giữ giá trị sau cùng, làm mất dữ liệu mà không báo.",
               "Most YAML libraries silently keep the last value, losing data without a word."),
    citation="YAML 1.2 §3.2.1.1 (mapping keys are unique)",
    suggestion=("Xóa hoặc gộp một trong hai khóa '{key}'.", "Remove or merge one of the two '{key}' keys."),
    example="applications:\n  - id: a\n    name: A\n    name: B\n",
)
YAML_TAG = Rule(
    "yaml-tag", category="syntax", severity="error",
    title=("Thẻ YAML không được phép", "YAML tag not allowed"),
    message=("Thẻ YAML '{tag}' không được hỗ trợ; archtool không bao giờ thực thi thẻ đối tượng.",
             "YAML tag '{tag}' is not supported; archtool never executes object tags."),
    rationale=("Thẻ như !!python/object có thể chạy mã tùy ý khi nạp; mô hình chỉ chứa dữ liệu.",
               "Tags such as !!python/object can run arbitrary code when loaded; a model holds data only."),
    citation="PyYAML safe loading; CWE-502",
    suggestion=("Xóa thẻ và ghi giá trị dạng văn bản thường.", "Remove the tag and write the value as plain data."),
    example="applications: !!python/object/apply:os.system ['echo hi']\n",
)
YAML_LIMIT = Rule(
    "yaml-limit", category="syntax", severity="error",
    title=("Vượt giới hạn an toàn", "Safety limit exceeded"),
    message=("Tệp vượt giới hạn an toàn: {what}.", "The file exceeds a safety limit: {what}."),
    rationale=("Giới hạn kích thước, độ sâu lồng và số nút khi mở rộng alias chặn tấn công 'billion laughs' và treo máy.",
               "Bounds on size, nesting depth and alias expansion stop 'billion laughs' files and hangs."),
    citation="CWE-776 (billion laughs); archtool docs/security.md",
    suggestion=("Viết trực tiếp dữ liệu thay vì alias lồng nhau, giảm độ sâu, hoặc tách tệp; giới hạn kích thước chỉnh bằng --max-file-size.",
                "Write data out instead of nested aliases, reduce nesting or split the file; raise the size limit with --max-file-size."),
    example="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
)
YAML_MULTI_DOC = Rule(
    "yaml-multi-document", category="syntax", severity="error",
    title=("Nhiều tài liệu YAML trong một tệp", "Several YAML documents in one file"),
    message=("Tệp chứa {count} tài liệu YAML (phân cách bởi '---'); archtool chỉ đọc một tài liệu mỗi tệp.",
             "The file holds {count} YAML documents (separated by '---'); archtool reads one document per file."),
    rationale=("Tài liệu thứ hai trở đi sẽ bị bỏ qua một cách âm thầm.", "Documents after the first would be silently ignored."),
    citation=SPEC,
    suggestion=("Tách mỗi tài liệu thành một tệp riêng.", "Move each document to its own file."),
)
FILE_ENCODING = Rule(
    "file-encoding", category="syntax", severity="error",
    title=("Tệp không phải UTF-8", "File is not UTF-8"),
    message=("Tệp không phải UTF-8 ({detail}).", "The file is not UTF-8 ({detail})."),
    rationale=("Mô hình phải là Unicode UTF-8 để tên tiếng Việt được so sánh và hiển thị đúng.",
               "Models must be Unicode UTF-8 so that Vietnamese names compare and display correctly."),
    citation="TCVN 6909:2001 (bộ mã Unicode tiếng Việt); QĐ 72/2002/QĐ-TTg (10/6/2002)",
    suggestion=("Chuyển tệp sang Unicode UTF-8: Unikey → Công cụ chuyển mã (nguồn {guess}, đích Unicode), hoặc `iconv -f {iconv} -t UTF-8 tệp.yaml`; trong trình soạn thảo chọn 'Lưu với mã hóa UTF-8'.",
                "Convert the file to Unicode UTF-8: Unikey Toolkit (source {guess}, target Unicode) or `iconv -f {iconv} -t UTF-8 file.yaml`; in an editor use 'Save with encoding UTF-8'."),
)
FILE_UNREADABLE = Rule(
    "file-unreadable", category="syntax", severity="error",
    title=("Không đọc được tệp", "File cannot be read"),
    message=("Không đọc được tệp: {problem}.", "Cannot read the file: {problem}."),
    rationale=("Một tệp không đọc được làm mất một phần mô hình.", "An unreadable file drops part of the model."),
    citation=SPEC,
    suggestion=("{fix}", "{fix}"),
)
FILE_EMPTY = Rule(
    "file-empty", category="schema", severity="warning",
    title=("Tệp rỗng", "Empty file"),
    message=("Tệp không chứa dữ liệu.", "The file holds no data."),
    rationale=("Một tệp rỗng thường là nội dung bị mất khi sao chép hoặc lưu.", "An empty file is often content lost while copying or saving."),
    citation=SPEC,
    suggestion=("Thêm nội dung hoặc xóa tệp.", "Add content or delete the file."),
)
MANIFEST_MISSING = Rule(
    "manifest-missing", category="schema", severity="error",
    title=("Thiếu tệp archtool.yaml", "archtool.yaml missing"),
    message=("Thư mục '{folder}' không có tệp archtool.yaml (tệp khai báo mô hình).",
             "Folder '{folder}' has no archtool.yaml (the model manifest)."),
    rationale=("Tệp khai báo cho biết mã, tên, loại mô hình và các tệp thuộc mô hình.",
               "The manifest names the model, its kind and the files that belong to it."),
    citation="archtool model format v1 §1",
    suggestion=("Tạo archtool.yaml (chạy `archtool init`) hoặc chỉ đúng thư mục mô hình.",
                "Create archtool.yaml (run `archtool init`) or point at the right model folder."),
)
MANIFEST_INVALID = Rule(
    "manifest-invalid", category="schema", severity="error",
    title=("Tệp khai báo không hợp lệ", "Invalid manifest"),
    message=("Tệp khai báo: {problem}", "Manifest: {problem}"),
    rationale=("Không có tệp khai báo hợp lệ thì không biết mô hình là gì.", "Without a valid manifest the model cannot be identified."),
    citation="archtool model format v1 §1",
    suggestion=("{fix}", "{fix}"),
    example="archtool: 1\nmodel:\n  id: Tỉnh X\n",
)
INCLUDE_OUTSIDE = Rule(
    "include-outside-root", category="schema", severity="error",
    title=("Đường dẫn ra ngoài thư mục mô hình", "Path escapes the model folder"),
    message=("'{path}' nằm ngoài thư mục mô hình nên không được đọc.", "'{path}' lies outside the model folder and is not read."),
    rationale=("Mô hình chỉ được đọc tệp trong thư mục của nó (trừ mô hình nền khai báo bằng extends), để một mô hình không thể kéo tệp tùy ý vào báo cáo.",
               "A model reads only files inside its folder (except the extends baseline), so a model cannot pull arbitrary files into reports."),
    citation="archtool docs/security.md",
    suggestion=("Chép tệp vào thư mục mô hình hoặc dùng extends cho mô hình nền.", "Copy the file into the model folder, or use extends for a baseline."),
)
INCLUDE_NO_MATCH = Rule(
    "include-no-match", category="schema", severity="warning",
    title=("Mẫu include không khớp tệp nào", "include pattern matches no file"),
    message=("Mẫu include '{pattern}' không khớp tệp nào.", "include pattern '{pattern}' matches no file."),
    rationale=("Một mẫu gõ sai làm mất cả một phần mô hình mà không ai biết.", "A mistyped pattern silently drops part of the model."),
    citation="archtool model format v1 §1",
    suggestion=("Sửa mẫu (đường dẫn tương đối so với thư mục gốc mô hình).", "Fix the pattern (relative to the model root)."),
)
EXTENDS_PROBLEM = Rule(
    "extends-invalid", category="reference", severity="error",
    title=("Mô hình nền không dùng được", "Baseline cannot be used"),
    message=("extends '{path}': {problem}", "extends '{path}': {problem}"),
    rationale=("Mô hình ĐTTM phải xây trên kiến trúc CQĐT/CQS của tỉnh; mô hình nền phải đọc được và không tạo vòng.",
               "A smart-city model builds on the province's e-government architecture; the baseline must be readable and acyclic."),
    citation="QĐ 829/QĐ-BTTTT (31/5/2019); archtool model format v1 §3",
    suggestion=("{fix}", "{fix}"),
)
UNKNOWN_COLLECTION = Rule(
    "schema-unknown-collection", category="schema", severity="error",
    title=("Tập hợp không xác định", "Unknown collection"),
    message=("Khóa cấp cao nhất '{key}' không phải là tập hợp phần tử.{hint}", "Top-level key '{key}' is not an element collection.{hint}"),
    rationale=("Một lỗi gõ ở khóa cấp cao làm mất cả danh sách phần tử.", "A typo in a top-level key would silently drop a whole list of elements."),
    citation="archtool model format v1 §1",
    suggestion=("Dùng một trong: {allowed}.", "Use one of: {allowed}."),
    example="applicaitons:\n  - id: a\n",
)
UNKNOWN_FIELD = Rule(
    "schema-unknown-field", category="schema", severity="error",
    title=("Trường không xác định", "Unknown field"),
    message=("Trường '{field}' không có trong {kind}.{hint}", "Field '{field}' does not exist on {kind}.{hint}"),
    rationale=("Trường gõ sai bị bỏ qua âm thầm sẽ làm sai kết quả kiểm tra.", "A mistyped field silently ignored would make checks wrong."),
    citation="archtool model format v1 §2",
    suggestion=("Sửa tên trường; các trường hợp lệ: {allowed}.", "Fix the field name; valid fields: {allowed}."),
    example="applications:\n  - id: a\n    name: A\n    owner: u\n    hosted_no: dc\n",
)
SCHEMA_INVALID = Rule(
    "schema-invalid", category="schema", severity="error",
    title=("Giá trị không hợp lệ", "Invalid value"),
    message=("{kind} '{id}', trường '{field}': {problem}", "{kind} '{id}', field '{field}': {problem}"),
    rationale=("Giá trị sai kiểu hoặc ngoài danh sách cho phép làm các kiểm tra không tin cậy.",
               "A value of the wrong type or outside the allowed list makes checks unreliable."),
    citation="archtool model format v1 §2",
    suggestion=("{fix}", "{fix}"),
    example="applications:\n  - id: a\n    name: A\n    owner: u\n    security_level: 7\n",
)
SCHEMA_TEXT = Rule(
    "schema-suspicious-text", category="schema", severity="warning",
    title=("Ký tự điều khiển trong văn bản", "Control characters in text"),
    message=("Văn bản chứa ký tự điều khiển hoặc ký tự đảo chiều (bidi) ẩn: {field}.",
             "Text holds hidden control or bidirectional-override characters: {field}."),
    rationale=("Ký tự ẩn làm văn bản hiển thị khác với nội dung thật (tấn công 'Trojan Source') và làm hỏng báo cáo.",
               "Hidden characters make text display differently from its content ('Trojan Source') and break reports."),
    citation="CVE-2021-42574 (Trojan Source)",
    suggestion=("Gõ lại văn bản, xóa ký tự ẩn.", "Retype the text without hidden characters."),
)
DUPLICATE_ID = Rule(
    "ref-duplicate-id", category="reference", severity="error",
    title=("Mã phần tử bị trùng", "Duplicate element id"),
    message=("Mã '{id}' đã được khai báo ở {first}.", "Id '{id}' is already declared at {first}."),
    rationale=("Mỗi phần tử phải có mã duy nhất trong mô hình và mô hình nền để tham chiếu không nhập nhằng.",
               "Each element needs an id unique across the model and its baseline so references are unambiguous."),
    citation="archtool model format v1 §2 (id) and §3 (baseline)",
    suggestion=("Đổi mã của một trong hai phần tử, hoặc nếu là cùng một hệ thống thì xóa bản sao và tham chiếu tới bản có sẵn.",
                "Rename one of the two, or if they are the same system delete the copy and reference the existing one."),
    example="applications:\n  - {id: lgsp, name: LGSP mới, owner: so-khcn}\n# lgsp is already in the baseline\n",
)
