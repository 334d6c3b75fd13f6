"""Across all sheets and the baseline: ids given or made, owners and partners matched to units,
references by id or name, budgets against their totals, and each element checked by the schema
with its problems worded for a planner."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import ValidationError

from archtool.formats import money
from archtool.i18n import L
from archtool.model.errors import describe
from archtool.model.schema import KIND_CLASSES
from archtool.suggest import closest
from archtool.textnorm import fold, nfc
from archtool.vocab import BUDGET_SOURCE, KINDS, RELATIONS
from archtool.workflows import sheets as S
from archtool.workflows.common import slug
from archtool.workflows.importing.problems import ID_RE, TOLERANCE, Imported, Problem, cell_text, lowered, rows_text, short
from archtool.workflows.importing.rows import RowData
from archtool.workflows.importing.units import GENERIC_UNITS, Units, canon, guess_level, unique
from archtool.workflows.importing.values import factor

class Resolver:
    """Ids, owners, references, budgets and the schema, across all sheets and the baseline."""

    def __init__(self, out: Imported, baseline: Any, create_units: bool) -> None:
        self.out = out
        self.create_units = create_units
        self.units = Units()
        self.base_ids: dict[str, str] = {}  # baseline id -> kind
        self.names: dict[str, list[tuple[str, str]]] = defaultdict(list)  # folded name -> [(id, kind)]
        self.created: list[dict[str, Any]] = []
        self.said: dict[tuple[str, str, str], list[int]] = {}
        self.has_baseline = baseline is not None
        self.has_units_sheet = False
        if baseline is not None:
            for el in baseline.elements.values():
                self.base_ids[el.id] = el.KIND
                self.names[fold(el.name)].append((el.id, el.KIND))
                if el.KIND == "units":
                    self.units.add(el.id, el.name)

    def _once(self, rd: RowData, key: str, text: str, message: L) -> None:
        """An information said once per sheet and text, naming the other rows it applies to."""
        seen = self.said.get((rd.sheet, key, text))
        if seen is not None:
            seen.append(rd.row)
            return
        more: list[int] = []
        self.said[(rd.sheet, key, text)] = more

        def render(lang: str) -> str:
            base = message.get(lang)
            if not more:
                return base + "."
            rows = rows_text(more)
            return f"{base} (cả dòng {rows})." if lang == "vi" else f"{base} (rows {rows} too)."

        self.out.problems.append(Problem("info", rd.sheet, rd.row, rd.letters.get(key), L.build(render)))

    def problem(self, severity: str, rd: RowData, key: str | None, vi: str, en: str) -> None:
        if severity == "error" and key:
            rd.failed.add(key)
        self.out.problems.append(Problem(severity, rd.sheet, rd.row, rd.letters.get(key) if key else None, L(vi, en)))

    def run(self, rows: list[RowData]) -> None:
        self._ids(rows)
        unit_rows = [rd for rd in rows if rd.coll == "units"]
        self.has_units_sheet = bool(unit_rows)
        base_units = {canon(n): uid for uid, n in self.units.names.items()}
        for rd in unit_rows:
            name = cell_text(rd.data["name"])
            twin = base_units.get(canon(name))
            if twin:
                self.problem("warning", rd, "name", f"đơn vị '{short(name)}' đã có trong mô hình nền: {self.units.label(twin)}; "
                             f"bỏ dòng này (các ô ghi đơn vị này sẽ khớp cả hai nên bị coi là không rõ).",
                             f"unit '{short(name)}' is already in the baseline: {self.units.label(twin)}; drop this row "
                             f"(cells naming it would match both and be ambiguous).")
            self.units.add(rd.data["id"], name)
        self.ids: dict[str, str] = dict(self.base_ids)
        for rd in rows:
            self.ids.setdefault(rd.data["id"], rd.coll)
            self.names[fold(cell_text(rd.data["name"]))].append((rd.data["id"], rd.coll))
        self._duplicate_names(rows)
        if not self.units.names and any(rd.units.get("owner") for rd in rows) and not self.create_units:
            first = next(rd for rd in rows if rd.units.get("owner"))
            self.out.problems.append(Problem("error", first.sheet, None, None, L(
                "bảng tính không có trang Đơn vị và không có mô hình nền: không đối chiếu được đơn vị chủ trì/quản lý. Thêm "
                "trang 'Đơn vị' (cột 'Tên cơ quan, đơn vị'), hoặc chạy với --extends THƯ_MỤC_MÔ_HÌNH_NỀN, hoặc "
                "--create-units để tạo đơn vị từ tên.",
                "the workbook has no units sheet and there is no baseline: owners cannot be checked. Add a 'Đơn vị' "
                "sheet (column 'Tên cơ quan, đơn vị'), or run with --extends BASELINE_FOLDER, or --create-units to "
                "create units from their names.")))
        collections: dict[str, list[dict[str, Any]]] = {k: [] for k in S.SHEETS}
        for rd in rows:
            element = self._finish(rd)
            if element is not None:
                collections[rd.coll].append(element)
        collections["units"].extend(self.created)
        self.out.collections = {k: v for k, v in collections.items() if v}

    def _ids(self, rows: list[RowData]) -> None:
        seen: dict[str, RowData] = {}
        for rd in rows:
            given = rd.data.get("id")
            if not given:
                continue
            if given in self.base_ids:
                rd.ok = False
                self.problem("error", rd, "id", f"mã '{short(given)}' đã có trong mô hình nền ({KINDS[self.base_ids[given]].vi}); "
                             f"đặt mã khác, hoặc bỏ dòng nếu là cùng một phần tử.",
                             f"id '{short(given)}' already exists in the baseline; use another id, or drop the row if it is the "
                             f"same element.")
            elif given in seen:
                rd.ok = False
                first = seen[given]
                self.problem("error", rd, "id", f"mã '{short(given)}' trùng với {first.sheet}!{first.letters.get('id', '')}{first.row}.",
                             f"id '{short(given)}' is also used at {first.sheet}!{first.letters.get('id', '')}{first.row}.")
            else:
                seen[given] = rd
        taken = set(seen) | set(self.base_ids)
        for rd in rows:
            if not rd.data.get("id"):
                rd.data["id"] = unique(slug(cell_text(rd.data["name"])), taken)
                taken.add(rd.data["id"])

    def _duplicate_names(self, rows: list[RowData]) -> None:
        first: dict[tuple[str, str], RowData] = {}
        for rd in rows:
            key = (rd.coll, fold(cell_text(rd.data["name"])))
            if key in first and rd.coll != "units":
                f = first[key]
                extra_vi = "; nếu là cùng một dự án, kinh phí bị tính hai lần" if rd.coll == "projects" else ""
                extra_en = "; if it is the same project, its budget is counted twice" if rd.coll == "projects" else ""
                self.problem("warning", rd, "name", f"'{short(rd.data['name'])}' trùng tên với {f.sheet}!{f.letters.get('name', '')}{f.row}{extra_vi}.",
                             f"'{short(rd.data['name'])}' has the same name as {f.sheet}!{f.letters.get('name', '')}{f.row}{extra_en}.")
            first.setdefault(key, rd)

    # owners ------------------------------------------------------------------------------------
    def _unit(self, rd: RowData, key: str, text: str, required: bool = True) -> str | None:
        """The unit id ``text`` names, or None with an error at the cell."""
        ids, how = self.units.find(text)
        if len(ids) == 1 and how in ("id", "name"):
            return ids[0]
        shown = short(text)
        if GENERIC_UNITS.search(lowered(text)):
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{shown}' là một nhóm đơn vị, không phải một đơn vị cụ thể; "
                         f"ghi đơn vị chủ trì (các đơn vị khác ghi ở cột phối hợp).",
                         f"'{rd.headers[key]}': '{shown}' is a group of units, not one unit; name the lead unit (the others go "
                         f"in the partners column).")
            return None
        if len(ids) == 1:
            if how == "canon" and fold(text) != fold(self.units.names[ids[0]]):
                self._once(rd, key, text, L(f"'{shown}' hiểu là đơn vị {self.units.label(ids[0])}",
                                            f"'{shown}' read as the unit {self.units.label(ids[0])}"))
            return ids[0]
        if len(ids) > 1:
            which = ", ".join(self.units.label(i) for i in ids)
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{shown}' ứng với nhiều đơn vị ({which}); ghi mã đơn vị.",
                         f"'{rd.headers[key]}': '{shown}' matches several units ({which}); write the unit's id.")
            return None
        merged = self.units.merged_into(text)
        if self.create_units and not ID_RE.fullmatch(text.strip()):
            uid = unique(slug(text), self.ids)
            unit: dict[str, Any] = {"id": uid, "name": nfc(text.strip())}
            level = guess_level(text)
            if level:
                unit["level"] = level
            self.created.append(unit)
            self.units.add(uid, unit["name"])
            self.ids[uid] = "units"
            note_vi = f" Lưu ý: từ 1/3/2025 Sở TT&TT hợp nhất vào Sở KH&CN ({self.units.label(merged)})." if merged else ""
            note_en = f" Note: from 1/3/2025 the Sở TT&TT merged into the Sở KH&CN ({self.units.label(merged)})." if merged else ""
            self.problem("warning", rd, key, f"tạo đơn vị mới '{shown}' ({uid}) theo --create-units; kiểm tra tên và cấp.{note_vi}",
                         f"new unit '{shown}' ({uid}) created (--create-units); check its name and level.{note_en}")
            return uid
        if not required:
            return None
        sheet, base = self.has_units_sheet, self.has_baseline
        where_vi = " và ".join(x for x, on in (("trang Đơn vị", sheet), ("mô hình nền", base)) if on) or "trang Đơn vị"
        where_en = " and ".join(x for x, on in (("the units sheet", sheet), ("the baseline", base)) if on) or "the units sheet"
        hint_vi = hint_en = ""
        if merged:
            hint_vi = (f" Từ 1/3/2025 Sở TT&TT hợp nhất vào Sở KH&CN: nếu là đơn vị này, ghi "
                       f"'{self.units.names[merged]}' ({merged}).")
            hint_en = (f" From 1/3/2025 the Sở TT&TT merged into the Sở KH&CN: if that is the unit, write "
                       f"'{self.units.names[merged]}' ({merged}).")
        elif self.units.names:
            near = self.units.suggest(text)
            if near:
                hint_vi = " Có phải: " + " hoặc ".join(self.units.label(i) for i in near) + "?"
                hint_en = " Did you mean " + " or ".join(self.units.label(i) for i in near) + "?"
        if self.units.names:
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{shown}' không có trong {where_vi}.{hint_vi} Ghi đúng tên hoặc "
                         f"mã đơn vị như trong danh sách, hoặc thêm đơn vị vào trang Đơn vị.",
                         f"'{rd.headers[key]}': '{shown}' is not in {where_en}.{hint_en} Write the unit's name or id as "
                         f"listed, or add the unit to a units sheet.")
        else:
            self.problem("error", rd, key, f"'{rd.headers[key]}': không đối chiếu được '{shown}' (chưa có danh sách đơn vị): "
                         "thêm trang Đơn vị vào bảng tính, hoặc chỉ ra mô hình nền có danh sách đơn vị (--extends), hoặc "
                         "cho tạo đơn vị mới (--create-units).",
                         f"'{rd.headers[key]}': '{shown}' cannot be checked (no list of units): add a units sheet, name the "
                         "baseline model that lists the units (--extends), or let import create them (--create-units).")
        return None

    def _units(self, rd: RowData) -> bool:
        ok = True
        for key, texts in rd.units.items():
            if key == "partners":
                self._partners(rd, texts)
                continue
            if key == "scope":
                ids = [self._unit(rd, key, t) for t in texts]
                ok &= None not in ids
                rd.data[key] = [i for i in ids if i]
                continue
            uid = self._unit(rd, key, texts[0])
            ok &= uid is not None
            if uid:
                rd.data[key] = uid
            if len(texts) > 1:
                self.problem("warning", rd, key, f"'{rd.headers[key]}': nhiều đơn vị ('{short('; '.join(texts))}'); lấy đơn vị đầu "
                             f"làm đơn vị chủ trì, các đơn vị sau ghi vào cột phối hợp.",
                             f"'{rd.headers[key]}': several units ('{short('; '.join(texts))}'); the first is taken as the "
                             f"owner, put the others in the partners column.")
        return ok

    def _partners(self, rd: RowData, texts: list[str]) -> None:
        tags: list[str] = []
        rest: list[str] = []
        for t in texts:
            ids, _how = self.units.find(t) if not GENERIC_UNITS.search(lowered(t)) else ([], "none")
            if len(ids) == 1:
                tags.append(f"partner:{ids[0]}")
            else:
                rest.append(t)
        if tags:
            rd.data["tags"] = [*rd.data.get("tags", []), *[x for x in tags if x not in rd.data.get("tags", [])]]
        if rest:
            text = "; ".join(rest)
            note = f"{S.PARTNERS[1]}: {text}"
            rd.data["description"] = f"{rd.data['description']}\n{note}" if rd.data.get("description") else note
            self._once(rd, "partners", text, L(f"'{short(text)}' không phải đơn vị trong danh sách: giữ dưới dạng văn bản trong mô tả",
                                               f"'{short(text)}' is not a listed unit: kept as text in the description"))

    # references --------------------------------------------------------------------------------
    def _refs(self, rd: RowData) -> bool:
        ok = True
        for rel, (fname, targets) in ((r, (x.field, x.targets)) for r, x in RELATIONS.items()):
            if fname in ("owner", "parent", "scope") or fname not in rd.data:
                continue
            value = rd.data[fname]
            if fname == "datasets":
                for item in value:
                    got = self._ref(rd, fname, item["id"], targets)
                    ok &= got is not None
                    item["id"] = got or item["id"]
            elif isinstance(value, list):
                got_all = [self._ref(rd, fname, v, targets) for v in value]
                ok &= None not in got_all
                rd.data[fname] = [g or v for g, v in zip(got_all, value)]
            elif isinstance(value, str):
                got = self._ref(rd, fname, value, targets)
                ok &= got is not None
                rd.data[fname] = got or value
        return ok

    def _ref(self, rd: RowData, key: str, text: str, targets: tuple[str, ...]) -> str | None:
        kinds = " / ".join(KINDS[k].vi for k in targets)
        kinds_en = " / ".join(KINDS[k].en for k in targets)
        if text in self.ids:
            if self.ids[text] in targets:
                return text
            self.problem("error", rd, key, f"'{rd.headers[key]}': '{short(text)}' là {KINDS[self.ids[text]].vi}, không phải {kinds}.",
                         f"'{rd.headers[key]}': '{short(text)}' is a {KINDS[self.ids[text]].en}, not a {kinds_en}.")
            return None
        cands = {i for i, k in self.names.get(fold(text), []) if k in targets}
        if len(cands) == 1:
            return cands.pop()
        where_vi = "bảng tính" + (" hay mô hình nền" if self.has_baseline else "")
        where_en = "the workbook" + (" or the baseline" if self.has_baseline else "")
        if len(cands) > 1:
            self.problem("error", rd, key, f"'{rd.headers[key]}': tên '{short(text)}' ứng với nhiều {kinds} ({', '.join(sorted(cands))}); ghi mã.",
                         f"'{rd.headers[key]}': the name '{short(text)}' matches several elements ({', '.join(sorted(cands))}); write the id.")
            return None
        near = closest(fold(text), {fold(n) for n, items in self.names.items() if any(k in targets for _i, k in items)}, 75)
        hint_vi = hint_en = ""
        if near:
            nid = next(i for i, k in self.names[near] if k in targets)
            hint_vi, hint_en = f" Có phải '{nid}'?", f" Did you mean '{nid}'?"
        if not hint_vi and "," in text:
            hint_vi, hint_en = " Nhiều giá trị thì cách nhau bởi ';'.", " Separate several values with ';'."
        self.problem("error", rd, key, f"'{rd.headers[key]}': '{short(text)}' không phải mã hay tên {kinds} nào trong {where_vi}.{hint_vi}"
                     + ("" if self.has_baseline else " Nếu là phần tử của mô hình nền, chạy với --extends."),
                     f"'{rd.headers[key]}': '{short(text)}' is neither the id nor the name of an element in {where_en}.{hint_en}"
                     + ("" if self.has_baseline else " If it belongs to the baseline, run with --extends."))
        return None

    # the element -------------------------------------------------------------------------------
    def _finish(self, rd: RowData) -> dict[str, Any] | None:
        ok = rd.ok
        ok &= self._units(rd)
        ok &= self._refs(rd)
        if rd.coll == "projects":
            ok &= self._budget(rd)
        cls = KIND_CLASSES[rd.coll]
        data = {k: rd.data[k] for k in cls.model_fields if k in rd.data}
        if rd.coll != "units" and "owner" not in data and "owner" not in rd.letters:
            return None  # reported once for the sheet
        try:
            cls.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = err["loc"]
                key = str(loc[0]) if loc else ""
                if key == "budget":
                    key = "total" if "total" in rd.letters else next((k for k in rd.letters if k.startswith("budget:")), "")
                header = rd.headers.get(key) or key
                if key in rd.failed:
                    continue
                if err["type"] == "missing":
                    if key == "owner" and rd.units.get("owner"):
                        continue  # the owner was named but not found: reported at the cell
                    self.problem("error", rd, key, f"'{header}' để trống nhưng bắt buộc cho {KINDS[rd.coll].vi}.",
                                 f"'{header}' is empty but required for a {KINDS[rd.coll].en}.")
                    continue
                problem, _fix = describe(err)
                self.problem("error", rd, key, f"'{header}': {problem.vi}.", f"'{header}': {problem.en}.")
            return None
        return data if ok else None

    def _budget(self, rd: RowData) -> bool:
        lines = [(k.split(":", 1)[1], a, letter) for k, (a, letter) in rd.money.items() if k.startswith("budget:")]
        total = rd.money.get("total")
        budget = [{"source": src, "amount": a} for src, a, _l in lines if a > 0]
        if budget:
            rd.data["budget"] = budget
        if total is None or rd.money_failed:
            return True
        amount, letter = total
        name = short(rd.data.get("name"))
        if not lines:
            if amount > 0:
                rd.data["budget"] = [{"source": "other", "amount": amount}]
                self.problem("warning", rd, "total", f"'{name}': chỉ có tổng {money(amount, 'vi', 3)}, không tách nguồn; ghi là {BUDGET_SOURCE['other'].vi}.",
                             f"'{name}': only a total of {money(amount, 'en', 3)}, no sources; recorded as {BUDGET_SOURCE['other'].en}.")
            return True
        s = sum(a for _src, a, _l in lines)
        if abs(s - amount) <= TOLERANCE:
            return True
        parts_vi = " + ".join(f"{rd.headers['budget:' + src]} {money(a, 'vi', 3)} ({l}{rd.row})" for src, a, l in lines)
        parts_en = " + ".join(f"{rd.headers['budget:' + src]} {money(a, 'en', 3)} ({l}{rd.row})" for src, a, l in lines)
        f = factor(amount, s)
        self.problem("error", rd, "total",
                     f"'{rd.headers['total']}' {money(amount, 'vi', 3)} khác tổng các nguồn {money(s, 'vi', 3)} = {parts_vi}{f.vi}; "
                     f"sửa cho tổng bằng các nguồn cộng lại.",
                     f"'{rd.headers['total']}' {money(amount, 'en', 3)} differs from the sum of the sources {money(s, 'en', 3)} = {parts_en}{f.en}; "
                     f"make the total equal the sources.")
        return False
