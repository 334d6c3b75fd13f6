"""``archtool init``: scaffold a model a planner can start from.

The files carry Vietnamese comments explaining each field and the ``yaml-language-server`` schema
line for editor completion; the scaffold passes ``archtool check`` with no errors.
"""

from __future__ import annotations

import os
from pathlib import Path

from archtool.output import atomic_write
from archtool.workflows.common import LOCAL_SCHEMAS, ensure_empty_dir, slug, write_local_schemas

REPO_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def schema_ref(target: Path, which: str) -> str:
    """The schema of ``which`` (``manifest`` or ``elements``): a relative path to the repository's copy
    when ``target`` is inside the repository; otherwise the copy that :func:`scaffold` writes into
    the model (editors work offline, no URL to trust)."""
    repo_schema = REPO_SCHEMAS / f"{which}.schema.json"
    real = Path(os.path.realpath(target))
    if repo_schema.exists() and real.is_relative_to(REPO_SCHEMAS.parent):
        return os.path.relpath(repo_schema, real).replace(os.sep, "/")
    return LOCAL_SCHEMAS[which]


MANIFEST = """\
# yaml-language-server: $schema={schema}
# Tệp khai báo mô hình (manifest). Mọi tệp *.yaml khác trong thư mục là một phần của mô hình.
# Kiểm tra:  archtool check {folder}
archtool: 1                    # phiên bản định dạng, luôn là 1
model:
  id: {id}                     # mã mô hình: chữ thường không dấu, số, '-'
  name: {name}
  kind: {kind}                 # smart-city (đô thị thông minh) | e-government (chính quyền số)
  province: {province}
  period: {{start: {start}, end: {end}}}   # kỳ kế hoạch (năm bắt đầu, năm kết thúc)
{extends}"""

UNITS = """\
# yaml-language-server: $schema={schema}
# Đơn vị: cơ quan chủ quản, đơn vị vận hành. Mỗi hệ thống, CSDL, dự án phải có 'owner' là mã một đơn vị.
units:
  - id: ubnd-tinh              # mã đơn vị, dùng để tham chiếu (owner: ubnd-tinh)
    name: Ủy ban nhân dân tỉnh {province}
    level: province            # central | province | commune | enterprise (district chỉ dùng cho trước 1/7/2025)
  - id: so-khcn
    name: Sở Khoa học và Công nghệ tỉnh {province}
    level: province
    parent: ubnd-tinh          # đơn vị cấp trên
"""

PLATFORMS = """\
# yaml-language-server: $schema={schema}
# Nền tảng dùng chung của tỉnh. 'capabilities' lấy từ danh mục: archtool catalog list capabilities
platforms:
  - id: lgsp-tinh
    name: Nền tảng tích hợp, chia sẻ dữ liệu tỉnh {province} (LGSP)
    owner: so-khcn             # mã đơn vị chủ quản
    status: operational        # planned | building | operational | retiring | retired
    capabilities: [integration-platform]
    security_level: 3          # cấp độ an toàn hệ thống thông tin 1–5 (Luật ATTT mạng 2015, NĐ 85/2016)
    since: 2020                # năm đưa vào vận hành
    # hosted_on: tdl-tinh      # mã hạ tầng nơi triển khai (xem infrastructure.yaml)
"""

APPLICATIONS = """\
# yaml-language-server: $schema={schema}
# Ứng dụng, hệ thống thông tin. Khai báo nền tảng dùng chung đang dùng ('uses') để kiểm tra trùng lặp, thiếu hụt.
applications: []
#  - id: he-thong-mot-cua
#    name: Hệ thống thông tin giải quyết thủ tục hành chính tỉnh
#    owner: so-khcn
#    capabilities: [one-stop-system]
#    uses: [lgsp-tinh]                         # nền tảng, ứng dụng, hạ tầng mà hệ thống phụ thuộc
#    datasets: [{{id: csdl-ho-so, access: master}}]   # CSDL và quyền: master | write | read
#    security_level: 3
"""

PROJECTS = """\
# yaml-language-server: $schema={schema}
# Dự án, nhiệm vụ. Kinh phí bằng đồng (số nguyên), theo nguồn: central (NSTW), local (NSĐP), private (DN, XHH),
# oda, other. Nhóm nhiệm vụ Đề án 950: archtool catalog list d950
projects: []
#  - id: da-iot-tinh
#    name: Dự án xây dựng nền tảng IoT tỉnh
#    owner: so-khcn
#    status: proposed            # proposed | approved | in-progress | completed | cancelled
#    period: {{start: 2026, end: 2027}}
#    delivers: [nen-tang-iot]    # mã các phần tử dự án tạo ra
#    upgrades: []                # mã các hệ thống có sẵn được nâng cấp (không phải trùng lặp)
#    task_groups: [d950-c4]
#    budget:
#      - {{source: local, amount: 12500000000}}   # 12,5 tỷ đồng
#    investment_form: rent       # buy | rent | ppp | socialization
"""


def scaffold(target: Path, kind: str, province: str, extends: str | None = None, start: int = 2026, end: int = 2030) -> list[Path]:
    """Create the model folder; return the files written."""
    ensure_empty_dir(target)
    target.mkdir(parents=True, exist_ok=True)
    schema, elements = schema_ref(target, "manifest"), schema_ref(target, "elements")
    prov_id = slug(province)
    model_id = f"{prov_id}-{'sc' if kind == 'smart-city' else 'egov'}"
    name = (f"Kiến trúc ICT phát triển đô thị thông minh tỉnh {province}" if kind == "smart-city"
            else f"Kiến trúc chính quyền số tỉnh {province}")
    ext = ""
    if extends:
        ext = ("# Mô hình nền (kiến trúc chính quyền số đã phê duyệt); mô hình này được tham chiếu phần tử của nó.\n"
               f"extends: {extends}\n")
    files = {"archtool.yaml": MANIFEST.format(schema=schema, folder=target.as_posix(), id=model_id, name=name, kind=kind,
                                              province=province, start=start, end=end, extends=ext)}
    if not extends:  # with a baseline, units and shared platforms come from it
        files["units.yaml"] = UNITS.format(schema=elements, province=province)
        files["platforms.yaml"] = PLATFORMS.format(schema=elements, province=province)
    files["applications.yaml"] = APPLICATIONS.format(schema=elements)
    files["projects.yaml"] = PROJECTS.format(schema=elements)
    written = []
    if schema == LOCAL_SCHEMAS["manifest"]:
        written.extend(write_local_schemas(target))
    for name_, text in files.items():
        atomic_write(target / name_, text)
        written.append(target / name_)
    return written
