"""Two former provinces' models as their Sở KH&CN wrote them before the 2025 merger (illustrative
figures): each declares the national units and systems it connects to in its own words, runs a
data centre, a data network, an LGSP and an IOC on it, one-stop and sector applications, a district
unit's camera system, and plans for its own period. Tây Ninh (cũ)'s IOC runs (Long An's is still
being built), but on Tây Ninh's data centre, a rented room whose lease ends: Long An's centre is
the one to keep, so the IOC kept has to move."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_model

LONG_AN = {
    "archtool.yaml": """\
        archtool: 1
        model:
          id: long-an
          name: Kiến trúc chính quyền điện tử tỉnh Long An
          kind: e-government
          province: Long An
          period: {start: 2021, end: 2025}
        """,
    "don-vi.yaml": """\
        units:
          - {id: bo-cong-an, name: Bộ Công an, level: central}
          - id: vpcp
            name: Văn phòng Chính phủ
            level: central
            description: Chủ quản Cổng Dịch vụ công quốc gia.
          - {id: so-khcn, name: Sở Khoa học và Công nghệ tỉnh Long An, level: province}
          - {id: vp-ubnd, name: Văn phòng UBND tỉnh Long An, level: province}
          - {id: ubnd-duc-hoa, name: UBND huyện Đức Hòa, level: district}
        """,
    "ha-tang.yaml": """\
        infrastructure:
          - id: tdl
            name: Trung tâm dữ liệu tỉnh Long An
            owner: so-khcn
            type: datacenter
            shared: true
            capabilities: [datacenter]
            since: 2019
          - {id: tslcd, name: Mạng truyền số liệu chuyên dùng tỉnh Long An, owner: so-khcn, type: network,
             capabilities: [data-network], since: 2018}
        """,
    "nen-tang.yaml": """\
        platforms:
          - {id: cong-dvc-qg, name: Cổng Dịch vụ công quốc gia, owner: vpcp, tags: [quoc-gia]}
          - id: lgsp
            name: Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Long An (LGSP)
            owner: so-khcn
            capabilities: [integration-platform]
            since: 2020
            security_level: 3
            hosted_on: tdl
            users: 9300
            vendor: VNPT
          - id: ioc
            name: Trung tâm giám sát, điều hành thông minh tỉnh Long An
            owner: so-khcn
            status: building
            capabilities: [ioc]
            since: 2025
            security_level: 3
            hosted_on: tdl
            uses: [lgsp]
        """,
    "ung-dung.yaml": """\
        applications:
          - id: mot-cua
            name: Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Long An
            owner: vp-ubnd
            capabilities: [one-stop-system]
            since: 2019
            security_level: 3
            hosted_on: tdl
            uses: [lgsp, cong-dvc-qg]
            datasets: [{id: ho-so-tthc, access: master}, {id: csdl-dan-cu, access: read}]
          - {id: camera-duc-hoa, name: Hệ thống camera giám sát huyện Đức Hòa, owner: ubnd-duc-hoa, scope: [ubnd-duc-hoa],
             capabilities: [video-surveillance], hosted_on: tdl, uses: [ioc], security_level: 2}
        datasets:
          - {id: csdl-dan-cu, name: Cơ sở dữ liệu quốc gia về dân cư, owner: bo-cong-an}
          - {id: ho-so-tthc, name: Cơ sở dữ liệu hồ sơ thủ tục hành chính tỉnh Long An, owner: vp-ubnd,
             shared_via: [lgsp]}
        """,
}

TAY_NINH = {
    "archtool.yaml": """\
        archtool: 1
        model:
          id: tay-ninh-cu
          name: Kiến trúc chính quyền điện tử tỉnh Tây Ninh
          kind: e-government
          province: Tây Ninh
          period: {start: 2026, end: 2030}
        """,
    "units.yaml": """\
        units:
          - id: bo-cong-an
            name: Bộ Công an
            level: central
            description: Chủ quản CSDL quốc gia về dân cư.
          - {id: van-phong-chinh-phu, name: Văn phòng Chính phủ, level: central}
          - {id: so-khcn, name: Sở Khoa học và Công nghệ tỉnh Tây Ninh, level: province}
          - {id: vp-ubnd, name: Văn phòng UBND tỉnh Tây Ninh, level: province}
          - {id: ubnd-go-dau, name: UBND huyện Gò Dầu, level: district}
        """,
    "systems.yaml": """\
        infrastructure:
          - {id: tdl, name: Trung tâm dữ liệu tỉnh Tây Ninh, owner: so-khcn, type: datacenter, shared: true,
             capabilities: [datacenter], since: 2021, status: retiring,
             description: "Phòng máy thuê, hết hợp đồng năm 2027."}
          - {id: tslcd, name: Mạng truyền số liệu chuyên dùng tỉnh Tây Ninh, owner: so-khcn, type: network,
             capabilities: [data-network], since: 2019}
        platforms:
          - {id: cong-dvcqg, name: Cổng dịch vụ công quốc gia, owner: van-phong-chinh-phu}
          - {id: lgsp, name: Nền tảng LGSP tỉnh Tây Ninh, owner: so-khcn, capabilities: [integration-platform],
             since: 2021, security_level: 3, hosted_on: tdl, users: 3000}
          - id: ioc-tn
            name: Trung tâm điều hành thông minh tỉnh Tây Ninh
            owner: so-khcn
            capabilities: [ioc]
            since: 2023
            security_level: 3
            users: 5000
            hosted_on: tdl
            uses: [lgsp]
        applications:
          - {id: mot-cua, name: Hệ thống một cửa điện tử tỉnh Tây Ninh, owner: vp-ubnd, capabilities: [one-stop-system],
             since: 2020, hosted_on: tdl, uses: [lgsp, cong-dvcqg], datasets: [{id: ho-so-tn, access: master}]}
          - {id: camera-go-dau, name: Camera an ninh huyện Gò Dầu, owner: ubnd-go-dau, capabilities: [video-surveillance],
             hosted_on: tdl, uses: [ioc-tn], security_level: 2}
          - {id: giao-thong, name: Giao thông thông minh Tây Ninh, owner: so-khcn, capabilities: [smart-traffic],
             hosted_on: tdl, uses: [ioc-tn], security_level: 2}
          - {id: moi-truong, name: Quan trắc môi trường Tây Ninh, owner: so-khcn, capabilities: [environment-monitoring],
             hosted_on: tdl, uses: [ioc-tn, lgsp], security_level: 2}
        datasets:
          - {id: csdl-dan-cu, name: CSDL quốc gia về dân cư, owner: bo-cong-an}
          - {id: ho-so-tn, name: CSDL hồ sơ một cửa Tây Ninh, owner: vp-ubnd, shared_via: [lgsp]}
        """,
}


def two_provinces(tmp: Path) -> tuple[Path, Path]:
    return (write_model(tmp / "long-an", LONG_AN, manifest=False), write_model(tmp / "tay-ninh-cu", TAY_NINH, manifest=False))
