"""``archtool diff``: a semantic diff of two versions of a model.

Elements are compared by id, field by field. An element removed under one id and added under
another is a **rename** when it has the same kind, owner and capabilities and a very similar name;
an element whose only change is that it points at a renamed element is not changed, and a finding
that only names a renamed element is neither new nor resolved. Relations, budget totals by source
and findings are compared too; a finding about the whole model whose figure moved (the capability
mapping completeness, 62% → 70%) is one changed finding, not a new one and a resolved one.

Renames are found in time linear in the model for the usual case (after an import or a merge,
names stay and ids change): candidates are grouped by kind, owner and capabilities, units first so
the others' owners are compared through the units' renames; each name is folded once; an identical
name (word order aside) is taken at once, and the rest are matched by rapidfuzz within their group.
Unchanged elements are recognised on their values, without dumping them.
"""

from __future__ import annotations

import operator
import os
import posixpath
import subprocess
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from rapidfuzz import fuzz, process

from archtool.findings import Finding
from archtool.model.architecture import MANIFEST, references
from archtool.model.files import Limits, read_bounded
from archtool.model.encoding import decode
from archtool.model.yamlread import parse
from archtool.vocab import COLLECTIONS
from archtool.workflows import FlowError
from archtool.workflows.common import REFERENCE_FIELDS, budget_totals, name_words, rewrite_references

RENAME_SCORE = 85
#: kinds matched in this order: units first, so that the others' owners compare through their renames
RENAME_ORDER = ("units", *(k for k in COLLECTIONS if k not in ("units", "waivers")))

Change = tuple[str, Any, Any]  # (field, old value, new value)


@dataclass
class Diff:
    old_id: str
    new_id: str
    added: list[Any] = field(default_factory=list)  # elements of NEW
    removed: list[Any] = field(default_factory=list)  # elements of OLD
    changed: list[tuple[str, str, list[Change]]] = field(default_factory=list)  # (id, kind, changes)
    renamed: list[tuple[str, str, str, float, list[Change]]] = field(default_factory=list)  # (old, new, kind, score, changes)
    relations_added: list[tuple[str, str, str]] = field(default_factory=list)
    relations_removed: list[tuple[str, str, str]] = field(default_factory=list)
    budget_old: dict[str, int] = field(default_factory=dict)
    budget_new: dict[str, int] = field(default_factory=dict)
    findings_introduced: list[Finding] = field(default_factory=list)
    findings_resolved: list[Finding] = field(default_factory=list)
    #: (old, new): a finding about the whole model whose message changed (a figure in it moved)
    findings_changed: list[tuple[Finding, Finding]] = field(default_factory=list)
    #: elements of OLD and NEW by id (renderers name elements by name)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def budget_changed(self) -> bool:
        return self.budget_old != self.budget_new

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.renamed or self.relations_added
                    or self.relations_removed or self.budget_changed or self.findings_introduced
                    or self.findings_resolved or self.findings_changed)


def _fields(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...] = ()) -> list[Change]:
    keys = list(dict.fromkeys([*old, *new]))
    return [(k, old.get(k), new.get(k)) for k in keys if k not in skip and old.get(k) != new.get(k)]


def _state(el: Any) -> dict[str, Any]:
    """Every field of an element, defaults included: a field written out with its default value
    is no change, and a change from the default shows the default (``đang vận hành → sắp dừng``)."""
    return el.model_dump(mode="json")


_PLANS: dict[tuple[type, tuple[str, ...]], tuple[Any, list[tuple[str, bool]]]] = {}


def _plan(cls: type, skip: tuple[str, ...]) -> tuple[Any, list[tuple[str, bool]]]:
    """How an element class's fields are compared (made once per class): a function giving the
    values of the fields that hold no ids, compared at once, and the fields that hold ids, each
    read through the renames (True: dataset uses, compared as (id, access) pairs)."""
    plan = _PLANS.get((cls, skip))
    if plan is None:
        fields = [f for f in cls.model_fields if f not in skip]  # type: ignore[attr-defined]
        plain = [f for f in fields if f not in REFERENCE_FIELDS]
        plan = _PLANS[(cls, skip)] = (operator.itemgetter(*plain) if plain else (lambda _d: ()),
                                      [(f, f == "datasets") for f in fields if f in REFERENCE_FIELDS])
    return plan


def _same(old: Any, new: Any, renamed: dict[str, str], skip: tuple[str, ...]) -> bool:
    """The two elements hold the same values, the old one's references read through the renames
    (compared on the objects: no dump for the many elements that did not change)."""
    if type(old) is not type(new):
        return False
    a, b = old.__dict__, new.__dict__
    plain, references_ = _plan(type(old), skip)
    if plain(a) != plain(b):
        return False
    for f, uses in references_:
        v, w = a[f], b[f]
        if uses and type(v) is list and type(w) is list:  # dataset uses: (id, access)
            ours, theirs = [(x.id, x.access) for x in v], [(x.id, x.access) for x in w]
            if ours != theirs and (not renamed or [(renamed.get(i, i), acc) for i, acc in ours] != theirs):
                return False
            continue
        if v == w:
            continue
        if not renamed:
            return False
        if type(v) is str:  # an id
            if renamed.get(v, v) != w:
                return False
        elif type(v) is not list or len(v) != len(w) or [renamed.get(x, x) for x in v] != w:  # lists of ids
            return False
    return True


def _changes(old: Any, new: Any, renamed: dict[str, str], skip: tuple[str, ...] = ()) -> list[Change]:
    """The fields that differ, the old element's references read through the renames."""
    if _same(old, new, renamed, skip):
        return []
    return _fields(rewrite_references(_state(old), renamed), _state(new), skip)


def _relations(elements: Iterable[Any]) -> set[tuple[str, str, str]]:
    return {(el.id, rel, target) for el in elements for rel, target, _ in references(el)}


def _by_kind(elements: Iterable[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for el in elements:
        out[el.KIND].append(el)
    return out


def _capabilities(el: Any) -> tuple[str, ...]:
    caps = el.capabilities
    return tuple(caps) if len(caps) < 2 else tuple(sorted(caps))


def _renames(removed: list[Any], added: list[Any]) -> list[tuple[Any, Any, float]]:
    """Pairs (removed, added, score) that are one element under a new id, best names first."""
    pairs: list[tuple[Any, Any, float]] = []
    renamed: dict[str, str] = {}  # old id -> new id, units first
    olds_by, news_by = _by_kind(removed), _by_kind(added)
    words_of: dict[str, str] = {}
    for kind in RENAME_ORDER:
        olds, news = olds_by.get(kind, []), news_by.get(kind, [])
        if not olds or not news:
            continue
        groups: dict[tuple, list[Any]] = defaultdict(list)
        for n in news:
            groups[(n.owner, _capabilities(n))].append(n)
        asking: dict[tuple, list[Any]] = defaultdict(list)
        for o in olds:
            asking[(renamed.get(o.owner, o.owner), _capabilities(o))].append(o)
        for key, group_olds in asking.items():
            found = _match(group_olds, groups.get(key, []), words_of)
            for o, n, score in found:
                renamed[o.id] = n.id
            pairs += found
    return sorted(pairs, key=lambda p: p[0].id)


def _match(olds: list[Any], news: list[Any], words_of: dict[str, str]) -> list[tuple[Any, Any, float]]:
    """Within one group: an identical name (word order aside) first, then the most similar name
    scoring at least :data:`RENAME_SCORE`, each new element taken once. ``words_of``: the names
    folded so far (after an import or a merge most names are in both versions)."""
    if not news:
        return []

    def name_key(name: str) -> str:
        w = words_of.get(name)
        if w is None:
            w = words_of[name] = name_words(name)
        return w

    words = [name_key(n.name) for n in news]
    same: dict[str, deque[int]] = defaultdict(deque)
    for j, w in enumerate(words):
        same[w].append(j)
    taken = [False] * len(news)
    out: list[tuple[Any, Any, float]] = []
    rest: list[tuple[Any, str]] = []
    for o in olds:
        w = name_key(o.name)
        queue = same.get(w)
        if queue:
            j = queue.popleft()
            taken[j] = True
            out.append((o, news[j], 100.0))
        else:
            rest.append((o, w))
    if rest:
        choices: list[str | None] = [None if taken[j] else w for j, w in enumerate(words)]
        for o, w in rest:
            got = process.extractOne(w, choices, scorer=fuzz.ratio, score_cutoff=RENAME_SCORE)
            if got is not None:
                _w, score, j = got
                choices[j] = None
                out.append((o, news[j], round(score, 1)))
    return out


def _finding_key(f: Finding, renamed: dict[str, str]) -> tuple:
    """What identifies a finding across the two versions: its rule, the elements it names (old ids
    read through the renames) and capabilities; a finding about the whole model by its message."""
    elements = tuple(sorted(renamed.get(e, e) for e in f.elements))
    caps = tuple(f.capabilities or ())
    return (f.rule, elements, caps, "" if elements or caps else f.message.en)


def _about_the_model(f: Finding) -> bool:
    """A finding about the whole model: it names nothing, or it is placed on a manifest (a summary
    such as the capability mapping completeness, which names the elements it counts)."""
    if not f.elements and not f.capabilities:
        return True
    return f.location is not None and os.path.basename(f.location.file) == MANIFEST


def _whole_model_changes(introduced: list[Finding], resolved: list[Finding]) -> list[tuple[Finding, Finding]]:
    """A finding about the whole model of a rule that has exactly one such finding, in the same
    file, in each version: the same finding, its figure moved."""
    def alone(items: list[Finding]) -> dict[tuple[str, str], Finding]:
        by: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for f in items:
            if _about_the_model(f):
                by[(f.rule, f.location.file if f.location else "")].append(f)
        return {k: fs[0] for k, fs in by.items() if len(fs) == 1}

    old, new = alone(resolved), alone(introduced)
    return [(old[k], new[k]) for k in sorted(old.keys() & new.keys())]


def diff(old: Any, new: Any, old_result: Any, new_result: Any) -> Diff:
    d = Diff(old_id=old.id, new_id=new.id)
    old_ids, new_ids = old.elements.keys(), new.elements.keys()
    removed = [old.elements[i] for i in sorted(old_ids - new_ids)]
    added = [new.elements[i] for i in sorted(new_ids - old_ids)]
    renames = _renames(removed, added)
    renamed = {o.id: n.id for o, n, _s in renames}
    gone = set(renamed) | set(renamed.values())
    for o, n, score in renames:
        d.renamed.append((o.id, n.id, o.KIND, score, _changes(o, n, renamed, skip=("id",))))
    d.removed = [e for e in removed if e.id not in gone]
    d.added = [e for e in added if e.id not in gone]
    for i in sorted(old_ids & new_ids):
        o, n = old.elements[i], new.elements[i]
        changes = _changes(o, n, renamed)
        if o.KIND != n.KIND:
            changes.insert(0, ("kind", o.KIND, n.KIND))
        if changes:
            d.changed.append((i, n.KIND, changes))
    # an element whose values are the same (read through the renames) has the same relations:
    # only the elements added, removed or changed are asked for theirs
    moved_old = [*d.removed, *(old.elements[i] for i, _k, _c in d.changed),
                 *(old.elements[o] for o, _n, _k, _s, cs in d.renamed if cs)]
    moved_new = [*d.added, *(new.elements[i] for i, _k, _c in d.changed),
                 *(new.elements[n] for _o, n, _k, _s, cs in d.renamed if cs)]
    old_rel = {(renamed.get(s, s), r, renamed.get(t, t)) for s, r, t in _relations(moved_old)}
    new_rel = _relations(moved_new)
    d.relations_added = sorted(new_rel - old_rel)
    d.relations_removed = sorted(old_rel - new_rel)
    d.budget_old = budget_totals(old.by_kind.get("projects", []))
    d.budget_new = budget_totals(new.by_kind.get("projects", []))
    old_keys = {_finding_key(f, renamed): f for f in old_result.findings}
    new_keys = {_finding_key(f, {}): f for f in new_result.findings}
    introduced = [f for k, f in new_keys.items() if k not in old_keys]
    resolved = [f for k, f in old_keys.items() if k not in new_keys]
    d.findings_changed = _whole_model_changes(introduced, resolved)
    moved = {id(x) for pair in d.findings_changed for x in pair}
    d.findings_introduced = [f for f in introduced if id(f) not in moved]
    d.findings_resolved = [f for f in resolved if id(f) not in moved]
    shown = {*(e.id for e in d.added), *(e.id for e in d.removed), *(i for i, _k, _c in d.changed),
             *(x for o, n, *_ in d.renamed for x in (o, n))}
    in_new, in_old = new.elements, old.elements
    d.names = {i: (in_new[i] if i in in_new else in_old[i]).name for i in sorted(shown)}
    return d


# ---------------------------------------------------------------------------------------------
# --git: the model at a revision, extracted into a temporary folder


def git_snapshot(rev: str, model: Path, tmp: Path) -> Path:
    """Extract the model at ``rev`` into ``tmp``; return the model's path inside it.

    Only the model's folder is extracted, with the folders its manifest names at ``rev``
    (``extends`` baselines, ``catalogs:``) when they lie in the repository: ``git ls-tree`` lists
    their files and ``git cat-file --batch`` streams each blob to disk, so nothing else of the
    repository is read and no file is held in memory. Symbolic links are recreated as they are
    (after every file is written, so no write goes through one); the loader confines them as in
    the working tree. ``tmp`` gets an empty ``.git`` folder: the snapshot is the repository that
    holds the model (the bound of ``catalogs:``)."""
    model = model.resolve()
    where = model if model.is_dir() else model.parent
    if not where.exists():
        raise FlowError(f"không tìm thấy '{model}' / '{model}' not found", 2)
    top = _git(["rev-parse", "--show-toplevel"], where,
               f"'{where}' không nằm trong kho git; dùng 'archtool diff OLD NEW' với hai thư mục. / "
               f"'{where}' is not inside a git repository; use 'archtool diff OLD NEW' with two folders.")
    root = Path(os.path.realpath(top.decode().strip()))
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root,
         f"không có phiên bản git '{rev}' / no git revision '{rev}' (thử / try: git log --oneline)")
    rel = Path(os.path.relpath(model, root)).as_posix()
    folder = Path(os.path.relpath(where, root)).as_posix()
    failed = f"git ls-tree / cat-file {rev} thất bại / failed"
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / ".git").mkdir(exist_ok=True)
    links: list[tuple[Path, str]] = []
    done: set[str] = set()
    todo = [folder]
    with subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as blobs:
        assert blobs.stdin is not None and blobs.stdout is not None
        while todo:
            part = todo.pop()
            if part in done or part == ".." or part.startswith("../") or os.path.isabs(part):
                continue  # outside the repository: the working tree's copy is not the revision's
            done.add(part)
            listing = _git(["ls-tree", "-r", "-z", "--full-tree", rev, "--", part], root, failed)
            for record in listing.split(b"\0"):
                if not record:
                    continue
                meta, _, name = record.partition(b"\t")
                mode, kind, oid = meta.decode().split()
                path = os.fsdecode(name)
                if kind != "blob" or any(x in ("", ".", "..", ".git") for x in path.split("/")):
                    continue  # submodules; names git itself would refuse
                blobs.stdin.write(oid.encode() + b"\n")
                blobs.stdin.flush()
                header = blobs.stdout.readline().split()
                if len(header) != 3:
                    raise FlowError(failed, 2)
                left = int(header[2])
                target = tmp / path
                target.parent.mkdir(parents=True, exist_ok=True)
                link = bytearray() if mode == "120000" else None
                with open(os.devnull if link is not None else target, "wb") as fh:
                    while left:
                        chunk = blobs.stdout.read(min(left, 1 << 20))
                        if not chunk:
                            raise FlowError(failed, 2)
                        left -= len(chunk)
                        if link is not None:
                            link += chunk[: max(0, 4096 - len(link))]
                        else:
                            fh.write(chunk)
                blobs.stdout.read(1)  # the newline after each blob
                if link is not None:
                    links.append((target, os.fsdecode(bytes(link))))
            manifest = tmp / part / MANIFEST
            named = _manifest_paths(manifest) if manifest.is_file() and not manifest.is_symlink() else []
            todo.extend(posixpath.normpath(posixpath.join(part, p)) for p in named)
        blobs.stdin.close()
    for target, points_to in links:
        try:
            os.symlink(points_to, target)
        except OSError:  # no symlinks on this system (Windows without the right): the link is left out
            pass
    return tmp / rel


def _manifest_paths(manifest: Path) -> list[str]:
    """The folders and files a manifest names (``extends``, ``catalogs:``), read within bounds."""
    raw, _problems = read_bounded(manifest, MANIFEST, Limits())
    text, bad = decode(raw) if raw is not None else (None, True)
    data = parse(text)[0] if not bad and text else None
    if not isinstance(data, dict):
        return []
    named = [data.get("extends")] + list(data.get("catalogs") or [] if isinstance(data.get("catalogs"), list) else [])
    return [p for p in named if isinstance(p, str) and p]


def _git(args: list[str], cwd: Path, message: str) -> bytes:
    try:
        res = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise FlowError("không tìm thấy lệnh git / git is not installed", 2) from None
    if res.returncode != 0:
        raise FlowError(message, 2)
    return res.stdout


