"""``archtool diff``: a semantic diff of two versions of a model.

Elements are compared by id, field by field; an element removed under one id and added under
another is a rename when it has the same kind, owner and capabilities and a very similar name
(rapidfuzz on folded names). Relations, budget totals by source and findings (by fingerprint)
are compared too.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archtool import __version__
from archtool.formats import Md, md_code, md_escape, md_table, money
from archtool.i18n import L
from rapidfuzz import fuzz

from archtool.model.architecture import references
from archtool.output import json_dumps
from archtool.textnorm import fold
from archtool.vocab import (BUDGET_SOURCE, BUDGET_SOURCES, INVESTMENT_FORM, SEVERITY, STATUSES, UNIT_LEVEL, capital,
                            label)
from archtool.workflows import FlowError
from archtool.workflows.common import budget_totals

RENAME_SCORE = 85


@dataclass
class Diff:
    old_id: str
    new_id: str
    added: list[Any] = field(default_factory=list)  # elements of NEW
    removed: list[Any] = field(default_factory=list)  # elements of OLD
    changed: list[tuple[str, str, list[tuple[str, Any, Any]]]] = field(default_factory=list)  # (id, kind, [(field, old, new)])
    renamed: list[tuple[str, str, str, float, list[tuple[str, Any, Any]]]] = field(default_factory=list)
    relations_added: list[tuple[str, str, str]] = field(default_factory=list)
    relations_removed: list[tuple[str, str, str]] = field(default_factory=list)
    budget_old: dict[str, int] = field(default_factory=dict)
    budget_new: dict[str, int] = field(default_factory=dict)
    findings_introduced: list[Any] = field(default_factory=list)
    findings_resolved: list[Any] = field(default_factory=list)

    @property
    def budget_changed(self) -> bool:
        return self.budget_old != self.budget_new

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.renamed or self.relations_added
                    or self.relations_removed or self.budget_changed or self.findings_introduced
                    or self.findings_resolved)


def _fields(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...] = ()) -> list[tuple[str, Any, Any]]:
    keys = list(dict.fromkeys([*old, *new]))
    return [(k, old.get(k), new.get(k)) for k in keys if k not in skip and old.get(k) != new.get(k)]


def _state(el: Any) -> dict[str, Any]:
    """Every field of an element, defaults included: a field written out with its default value
    is no change, and a change from the default shows the default (``đang vận hành → sắp dừng``)."""
    return el.model_dump(mode="json")


def _relations(arch: Any) -> set[tuple[str, str, str]]:
    return {(el.id, rel, target) for el in arch.elements.values() for rel, target, _ in references(el)}


def _renames(removed: list[Any], added: list[Any]) -> list[tuple[Any, Any, float]]:
    pairs = []
    taken: set[str] = set()
    for old in removed:
        best = None
        for new in added:
            if new.id in taken or new.KIND != old.KIND or new.owner != old.owner \
                    or sorted(new.capabilities) != sorted(old.capabilities):
                continue
            score = fuzz.token_sort_ratio(fold(old.name), fold(new.name))
            if score >= RENAME_SCORE and (best is None or score > best[1]):
                best = (new, score)
        if best:
            taken.add(best[0].id)
            pairs.append((old, best[0], round(best[1], 1)))
    return pairs


def diff(old: Any, new: Any, old_result: Any, new_result: Any) -> Diff:
    d = Diff(old_id=old.id, new_id=new.id)
    old_ids, new_ids = set(old.elements), set(new.elements)
    removed = [old.elements[i] for i in sorted(old_ids - new_ids)]
    added = [new.elements[i] for i in sorted(new_ids - old_ids)]
    renames = _renames(removed, added)
    gone = {o.id for o, _, _ in renames} | {n.id for _, n, _ in renames}
    for o, n, score in renames:
        d.renamed.append((o.id, n.id, o.KIND, score, _fields(_state(o), _state(n), skip=("id",))))
    d.removed = [e for e in removed if e.id not in gone]
    d.added = [e for e in added if e.id not in gone]
    for i in sorted(old_ids & new_ids):
        o, n = old.elements[i], new.elements[i]
        changes = _fields(_state(o), _state(n))
        if o.KIND != n.KIND:
            changes.insert(0, ("kind", o.KIND, n.KIND))
        if changes:
            d.changed.append((i, n.KIND, changes))
    rename_map = {o: n for o, n, *_ in d.renamed}
    old_rel = {(rename_map.get(s, s), r, rename_map.get(t, t)) for s, r, t in _relations(old)}
    new_rel = _relations(new)
    d.relations_added = sorted(new_rel - old_rel)
    d.relations_removed = sorted(old_rel - new_rel)
    d.budget_old = budget_totals(old.by_kind.get("projects", []))
    d.budget_new = budget_totals(new.by_kind.get("projects", []))
    old_fp = {f.fingerprint: f for f in old_result.findings}
    new_fp = {f.fingerprint: f for f in new_result.findings}
    d.findings_introduced = [new_fp[k] for k in new_fp if k not in old_fp]
    d.findings_resolved = [old_fp[k] for k in old_fp if k not in new_fp]
    return d


# ---------------------------------------------------------------------------------------------
# --git: the model at a revision, extracted into a temporary folder


def git_snapshot(rev: str, model: Path, tmp: Path) -> Path:
    """Extract the repository at ``rev`` into ``tmp``; return the model's path inside it."""
    model = model.resolve()
    where = model if model.is_dir() else model.parent
    if not where.exists():
        raise FlowError(f"không tìm thấy '{model}' / '{model}' not found", 2)
    top = _git(["rev-parse", "--show-toplevel"], where,
               f"'{where}' không nằm trong kho git; dùng 'archtool diff OLD NEW' với hai thư mục. / "
               f"'{where}' is not inside a git repository; use 'archtool diff OLD NEW' with two folders.")
    root = Path(top.decode().strip())
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root,
         f"không có phiên bản git '{rev}' / no git revision '{rev}' (thử / try: git log --oneline)")
    data = _git(["archive", "--format=tar", rev], root, f"git archive {rev} thất bại / failed")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp, filter="data")
        else:  # pragma: no cover - Python < 3.10.12
            tar.extractall(tmp)
    rel = os.path.relpath(model, os.path.realpath(root))
    return tmp / rel


def _git(args: list[str], cwd: Path, message: str) -> bytes:
    try:
        res = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise FlowError("không tìm thấy lệnh git / git is not installed", 2) from None
    if res.returncode != 0:
        raise FlowError(message, 2)
    return res.stdout


# ---------------------------------------------------------------------------------------------
# rendering

T = {
    "title": L("So sánh mô hình {old} → {new}", "Model diff {old} → {new}"),
    "added": L("Phần tử thêm mới", "Elements added"),
    "removed": L("Phần tử bị xóa", "Elements removed"),
    "changed": L("Phần tử thay đổi", "Elements changed"),
    "renamed": L("Phần tử đổi mã (nhận diện theo nội dung)", "Elements renamed (detected by content)"),
    "rel_added": L("Quan hệ thêm", "Relations added"),
    "rel_removed": L("Quan hệ bỏ", "Relations removed"),
    "budget": L("Kinh phí theo nguồn", "Budget by source"),
    "introduced": L("Phát hiện mới", "Findings introduced"),
    "resolved": L("Phát hiện đã xử lý", "Findings resolved"),
    "nothing": L("Không có thay đổi.", "No changes."),
    "field": L("Trường", "Field"), "old": L("Cũ", "Old"), "new": L("Mới", "New"),
    "source": L("Nguồn", "Source"),
}


def _t(k: str, lang: str, **a: Any) -> str:
    return T[k].format(**a).get(lang) if a else T[k].get(lang)


#: fields whose values are words of the vocabulary, shown in the report's language
_WORDS = {"status": STATUSES, "investment_form": INVESTMENT_FORM, "level": UNIT_LEVEL}


def _v(value: Any, field: str = "", lang: str = "vi") -> str:
    if value is None:
        return "—"
    if field in _WORDS and isinstance(value, str):
        return label(_WORDS[field], value).get(lang)
    return json.dumps(value, ensure_ascii=False)


def as_dict(d: Diff, lang: str) -> dict[str, Any]:
    ch = lambda cs: [{"field": f, "old": o, "new": n} for f, o, n in cs]  # noqa: E731
    return {
        "tool": "archtool", "version": __version__, "command": "diff", "old": d.old_id, "new": d.new_id,
        "changed": not d.empty,
        "elements": {
            "added": [{"id": e.id, "kind": e.KIND, "name": e.name} for e in d.added],
            "removed": [{"id": e.id, "kind": e.KIND, "name": e.name} for e in d.removed],
            "renamed": [{"old": o, "new": n, "kind": k, "score": s, "changes": ch(c)} for o, n, k, s, c in d.renamed],
            "changed": [{"id": i, "kind": k, "changes": ch(c)} for i, k, c in d.changed],
        },
        "relations": {"added": [list(r) for r in d.relations_added], "removed": [list(r) for r in d.relations_removed]},
        "budget": {"old": d.budget_old, "new": d.budget_new,
                   "delta": {s: d.budget_new.get(s, 0) - d.budget_old.get(s, 0) for s in BUDGET_SOURCES}},
        "findings": {"introduced": [f.as_dict(lang) for f in d.findings_introduced],
                     "resolved": [f.as_dict(lang) for f in d.findings_resolved]},
    }


def render_json(d: Diff, lang: str) -> str:
    return json_dumps(as_dict(d, lang))


def _budget_rows(d: Diff, lang: str) -> list[list[str]]:
    rows = []
    for s in BUDGET_SOURCES:
        o, n = d.budget_old.get(s, 0), d.budget_new.get(s, 0)
        if o != n:
            sign = "+" if n > o else "−"
            rows.append([capital(BUDGET_SOURCE[s].get(lang)), money(o, lang, 3), money(n, lang, 3),
                         sign + money(abs(n - o), lang, 3)])
    return rows


def render_text(d: Diff, lang: str) -> str:
    out = [_t("title", lang, old=d.old_id, new=d.new_id)]
    if d.empty:
        return "\n".join(out + [_t("nothing", lang)]) + "\n"
    sections: list[tuple[str, list[str]]] = [
        ("added", [f"  + {e.id} ({e.KIND}) {e.name}" for e in d.added]),
        ("removed", [f"  - {e.id} ({e.KIND}) {e.name}" for e in d.removed]),
        ("renamed", [f"  ~ {o} → {n} ({k}, {s})" for o, n, k, s, _ in d.renamed]),
        ("changed", [line for i, k, cs in d.changed
                     for line in [f"  ~ {i} ({k})"] + [f"      {f}: {_v(o, f, lang)} → {_v(n, f, lang)}" for f, o, n in cs]]),
        ("rel_added", [f"  + {s} —{r}→ {t}" for s, r, t in d.relations_added]),
        ("rel_removed", [f"  - {s} —{r}→ {t}" for s, r, t in d.relations_removed]),
        ("budget", [f"  {a}: {b} → {c} ({e})" for a, b, c, e in _budget_rows(d, lang)]),
        ("introduced", [f"  + [{SEVERITY[f.severity].get(lang)}] {f.rule}: {f.message.get(lang)}"
                        for f in d.findings_introduced]),
        ("resolved", [f"  - [{SEVERITY[f.severity].get(lang)}] {f.rule}: {f.message.get(lang)}"
                      for f in d.findings_resolved]),
    ]
    for key, lines in sections:
        if lines:
            out += ["", f"{_t(key, lang)} ({len(lines) if key not in ('changed',) else len(d.changed)}):", *lines]
    return "\n".join(out) + "\n"


def render_markdown(d: Diff, lang: str) -> str:
    out = [f"### {_t('title', lang, old=d.old_id, new=d.new_id)}", ""]
    if d.empty:
        return "\n".join(out + [_t("nothing", lang), ""])
    el_rows = ([["➕", Md(md_code(e.id)), e.KIND, e.name] for e in d.added]
               + [["➖", Md(md_code(e.id)), e.KIND, e.name] for e in d.removed]
               + [["🔁", Md(f"{md_code(o)} → {md_code(n)}"), k, f"{s:g}%"] for o, n, k, s, _ in d.renamed])
    if el_rows:
        out += [md_table(["", "id", "kind", "name"], el_rows)]
    if d.changed:
        out += [f"**{_t('changed', lang)}**", ""]
        rows = [[Md(md_code(i)), f, _v(o, f, lang), _v(n, f, lang)] for i, _k, cs in d.changed for f, o, n in cs]
        out += [md_table(["id", _t("field", lang), _t("old", lang), _t("new", lang)], rows)]
    if d.relations_added or d.relations_removed:
        rows = [["➕", Md(md_code(s)), r, Md(md_code(t))] for s, r, t in d.relations_added] + \
               [["➖", Md(md_code(s)), r, Md(md_code(t))] for s, r, t in d.relations_removed]
        out += [f"**{_t('rel_added', lang)} / {_t('rel_removed', lang)}**", "", md_table(["", "from", "relation", "to"], rows)]
    if d.budget_changed:
        out += [f"**{_t('budget', lang)}**", "",
                md_table([_t("source", lang), _t("old", lang), _t("new", lang), "Δ"], _budget_rows(d, lang))]
    for key, items, mark in (("introduced", d.findings_introduced, "🆕"), ("resolved", d.findings_resolved, "✅")):
        if items:
            out += [f"**{_t(key, lang)}** ({len(items)})", ""]
            out += [f"- {mark} `{f.rule}` ({f.severity}): {md_escape(f.message.get(lang))}" for f in items] + [""]
    return "\n".join(out)


FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}
