"""The model format (spec §1–§2) as pydantic v2 models.

These classes are the one definition of the format: validation, the committed JSON Schemas
(``schemas/manifest.schema.json`` for archtool.yaml, ``schemas/elements.schema.json`` for the other
files, ``schemas/model.schema.json`` for either) and the model reference in the docs are generated
from them, with the field texts of :mod:`archtool.model.fielddocs`. Fields beyond the spec
(``vendor``, ``sources``, ``users``, manifest ``catalogs``/``rules``/``check``) are archtool
extensions, documented as such. Numbers, years and booleans are strict, as the JSON Schema says:
``security_level: "3"``, ``since: "2020"`` or ``personal_data: yes`` are refused, not converted.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, ClassVar, Literal, Optional, Union

from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, StrictBool, StringConstraints, field_validator,
                      model_validator)

from archtool.textnorm import nfc
from archtool.vocab import (ACCESS, BUDGET_SOURCES, ELEMENT_STATUSES, FAIL_ON, INVESTMENT_FORM, LANGS,
                            MODEL_KIND, PROJECT_STATUSES, SEVERITIES, UNIT_LEVEL)

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(max_length=20000)]
Year = Annotated[int, Field(strict=True, ge=1990, le=2100)]
Amount = Annotated[int, Field(strict=True, ge=0, le=10**16)]

ElementStatus = Literal[ELEMENT_STATUSES]
ProjectStatus = Literal[PROJECT_STATUSES]
UnitLevel = Literal[tuple(UNIT_LEVEL)]
Access = Literal[tuple(ACCESS)]
BudgetSource = Literal[BUDGET_SOURCES]
InvestmentForm = Literal[tuple(INVESTMENT_FORM)]
ModelKind = Literal[tuple(MODEL_KIND)]
RuleSetting = Literal[(*SEVERITIES, "off")]
FailOn = Literal[FAIL_ON]
Lang = Literal[LANGS]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, defer_build=True)


class Period(_Strict):
    start: Year
    end: Year

    @field_validator("end")
    @classmethod
    def _order(cls, v: int, info: Any) -> int:
        start = info.data.get("start")
        if start is not None and v < start:
            raise ValueError(f"end {v} is before start {start}")
        return v


class Element(_Strict):
    """Common fields of every element (spec §2)."""

    KIND: ClassVar[str] = ""

    id: Id = Field(description="Unique id across the model and its baseline.")
    name: Text = Field(description="Display name, usually Vietnamese (compared after NFC normalisation).")
    name_en: Optional[Text] = Field(default=None, description="English name.")
    description: Optional[LongText] = None
    owner: Optional[Id] = Field(default=None, description="Id of the owning unit (required except for units).")
    status: ElementStatus = "operational"
    capabilities: list[Id] = Field(default_factory=list, description="Capability catalog ids.")
    tags: list[Text] = Field(default_factory=list)
    since: Optional[Year] = Field(default=None, description="Year the element starts operating.")
    until: Optional[Year] = Field(default=None, description="Year the element stops operating.")
    replaces: list[Id] = Field(default_factory=list, description="Ids of elements this one supersedes.")
    # archtool extensions
    vendor: Optional[Text] = Field(default=None, description="Supplier or builder (archtool extension).")
    sources: list[Text] = Field(default_factory=list, description="Where the facts about this element come from (archtool extension).")

    _src: Any = PrivateAttr(default=None)  # archtool.model.loader.Source
    _origin: str = PrivateAttr(default="")  # model id the element was declared in

    @field_validator("name", "name_en", "description", mode="after")
    @classmethod
    def _nfc(cls, v: Optional[str]) -> Optional[str]:
        return nfc(v) if v is not None else v


class Unit(Element):
    """Đơn vị: an agency or organisation (owner of other elements)."""

    KIND: ClassVar[str] = "units"
    level: Optional[UnitLevel] = Field(default=None, description="`district` only for models before 1 July 2025.")
    parent: Optional[Id] = None


class DatasetUse(_Strict):
    id: Id
    access: Access = "read"


Scope = Union[Literal["province"], list[Id]]


class _System(Element):
    owner: Id = Field(description="Id of the owning unit.")
    uses: list[Id] = Field(default_factory=list, description="Platforms, applications or infrastructure it depends on.")
    datasets: list[DatasetUse] = Field(default_factory=list)
    hosted_on: Optional[Id] = Field(default=None, description="Infrastructure id.")
    scope: Scope = Field(default="province", description="`province` or a list of unit ids.")
    security_level: Optional[Annotated[int, Field(strict=True, ge=1, le=5)]] = Field(
        default=None, description="1–5, Law on Network Information Security 2015 art. 21, Decree 85/2016.")
    integrates_with: list[Id] = Field(default_factory=list)
    users: Optional[Annotated[int, Field(strict=True, ge=0)]] = Field(default=None, description="Number of users or installs (archtool extension).")


class Application(_System):
    KIND: ClassVar[str] = "applications"


class Platform(_System):
    KIND: ClassVar[str] = "platforms"


class Dataset(Element):
    KIND: ClassVar[str] = "datasets"
    owner: Id = Field(description="Id of the owning unit.")
    domain: Optional[Id] = None
    shared_via: list[Id] = Field(default_factory=list, description="Platform ids.")
    personal_data: StrictBool = False
    open_data: StrictBool = False


class Infrastructure(Element):
    KIND: ClassVar[str] = "infrastructure"
    owner: Id = Field(description="Id of the owning unit.")
    type: Optional[Annotated[str, StringConstraints(pattern=ID_PATTERN)]] = Field(
        default=None, description="datacenter, network, cloud, sensor-network, camera-network, wifi, ...")
    shared: StrictBool = False
    location: Optional[Text] = None


class Service(Element):
    KIND: ClassVar[str] = "services"
    owner: Id = Field(description="Id of the owning unit.")
    realized_by: list[Id] = Field(default_factory=list)
    channels: list[Id] = Field(default_factory=list)


class BudgetLine(_Strict):
    source: BudgetSource
    amount: Amount = Field(description="VND, integer.")

    @field_validator("amount", mode="before")
    @classmethod
    def _whole_vnd(cls, v: Any) -> Any:
        if isinstance(v, float):  # YAML reads 15.000 as the number 15.0: the dot is a decimal point
            raise ValueError(
                f"số tiền {v!r} là số thập phân: YAML đọc '15.000' thành 15,0 vì dấu chấm là dấu thập phân. Ghi số "
                f"đồng nguyên, không dấu phân cách, ví dụ 15 tỷ đồng = 15000000000 / amount {v!r} is a decimal "
                f"number: YAML reads '15.000' as 15.0 because the dot is a decimal point. Write whole VND without "
                f"separators, e.g. 15 billion VND = 15000000000")
        return v
    year: Optional[Year] = Field(default=None, description="Year of the allocation (archtool extension).")


class Project(Element):
    KIND: ClassVar[str] = "projects"
    owner: Id = Field(description="Id of the owning unit.")
    status: ProjectStatus = "proposed"  # type: ignore[assignment]
    delivers: list[Id] = Field(default_factory=list)
    upgrades: list[Id] = Field(default_factory=list)
    task_groups: list[Id] = Field(default_factory=list, description="Catalog ids (Decision 950 task groups or content areas).")
    period: Optional[Period] = None
    budget: list[BudgetLine] = Field(default_factory=list)
    investment_form: Optional[InvestmentForm] = None


class Waiver(Element):
    """Silences matching findings until it expires (spec §2). Common fields are accepted; ``id`` and
    ``name`` are optional for waivers (a waiver is a decision record, not a system)."""

    KIND: ClassVar[str] = "waivers"
    id: Optional[Id] = None  # type: ignore[assignment]
    name: Optional[Text] = None  # type: ignore[assignment]
    rule: Id = Field(description="Id of the rule whose findings are silenced.")
    elements: list[Id] = Field(default_factory=list, description="The waiver matches findings naming all these elements (empty: every finding of the rule).")
    reason: Text
    expires: _dt.date = Field(description="Date (YYYY-MM-DD) after which the waiver stops silencing and becomes a finding itself.")
    approved_by: Optional[Text] = None


KIND_CLASSES: dict[str, type[BaseModel]] = {
    "units": Unit,
    "services": Service,
    "applications": Application,
    "platforms": Platform,
    "datasets": Dataset,
    "infrastructure": Infrastructure,
    "projects": Project,
    "waivers": Waiver,
}


def _private_init(cls: type[BaseModel]) -> None:
    """Give ``cls`` a ``model_post_init`` that sets its private attributes' defaults in one step.

    pydantic sets them in ``init_private_attributes``, wrapped once per class of the hierarchy (an
    application runs it three times) and deep-copying each default: a twelfth of validating a
    national model. The defaults here are immutable (``None``, ``""``), so one shared dict, copied,
    gives exactly the same state (``tests/test_speed_equivalence.py`` compares it with pydantic's own)."""
    defaults = {name: attr.default for name, attr in cls.__private_attributes__.items()}
    if any(attr.default_factory is not None for attr in cls.__private_attributes__.values()) or not all(
            v is None or isinstance(v, (str, int)) for v in defaults.values()):  # pragma: no cover - a new field
        return
    setter = object.__setattr__

    def model_post_init(self: Any, context: Any, /) -> None:
        if getattr(self, "__pydantic_private__", None) is None:
            setter(self, "__pydantic_private__", defaults.copy())

    cls.model_post_init = model_post_init  # type: ignore[method-assign]


for _cls in KIND_CLASSES.values():
    _private_init(_cls)


class Phase(Period):
    """A phase of the plan period (archtool extension): plan budgets are totalled per phase."""

    name: Optional[Text] = Field(default=None, description="Display name, e.g. 'Giai đoạn 1'.")


class ModelInfo(_Strict):
    id: Id
    name: Text
    kind: ModelKind
    province: Optional[Text] = None
    period: Optional[Period] = None
    phases: list[Phase] = Field(default_factory=list, description=(
        "Phases of the period in order, without gaps or overlaps, e.g. 2026–2027 and 2028–2030; "
        "the plan totals budgets per phase (archtool extension)."))
    description: Optional[LongText] = None
    framework: Optional[Id] = Field(
        default=None, description="Catalog id of the national architecture framework version the model follows, e.g. "
        "`dgaf-v4` (archtool extension; rule principle-framework-version).")

    @model_validator(mode="after")
    def _phases_cover_the_period(self) -> "ModelInfo":
        for a, b in zip(self.phases, self.phases[1:]):
            if b.start != a.end + 1:
                raise ValueError(f"phases: {b.start}–{b.end} must start the year after {a.start}–{a.end} ends")
        if self.phases and self.period and (self.phases[0].start != self.period.start
                                            or self.phases[-1].end != self.period.end):
            raise ValueError(f"phases must cover the period {self.period.start}–{self.period.end} exactly")
        if self.phases and self.period is None:
            raise ValueError("phases need a period")
        return self


class Thresholds(_Strict):
    """Rule thresholds a province may set (archtool extension)."""

    rebuild_years: Annotated[int, Field(strict=True, ge=1, le=30)] = Field(
        default=5, description="principle-rebuild: replacing an operating element younger than this many years "
        "is a rebuild (default 5, one five-year planning period).")


class CheckOptions(_Strict):
    """Defaults for ``archtool check`` (archtool extension), so CI commands stay short."""

    fail_on: Optional[FailOn] = None
    lang: Optional[Lang] = None
    format: Optional[str] = None


class Manifest(_Strict):
    archtool: Literal[1] = Field(description="Format version.")
    model: ModelInfo
    extends: Optional[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default=None, description="Folder of the baseline model.")
    include: Optional[list[Annotated[str, StringConstraints(min_length=1)]]] = Field(
        default=None, description="Globs relative to the root; default every *.yaml/*.yml below it.")
    catalogs: list[str] = Field(default_factory=list, description="Extra catalog files or folders (archtool extension).")
    rules: dict[str, RuleSetting] = Field(default_factory=dict, description="Per-rule severity or `off` (archtool extension).")
    check: Optional[CheckOptions] = None
    priorities: list[Id] = Field(
        default_factory=list, description="The few smart-city fields (capability ids, e.g. `smart-traffic`) the "
        "province chose for the period (archtool extension; rules gap-capability and principle-spread-thin).")
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Rule thresholds (archtool extension).")

    @field_validator("extends", "include", "catalogs", mode="after")
    @classmethod
    def _forward_slashes(cls, v: Any) -> Any:
        """A Windows user types ``..\\egov``: ``\\`` separates folders like ``/`` on every system."""
        if isinstance(v, str):
            return v.replace("\\", "/")
        if isinstance(v, list):
            return [p.replace("\\", "/") for p in v]
        return v


class ElementFile(_Strict):
    """Any YAML file of a model other than the manifest (used for the JSON Schema)."""

    units: list[Unit] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    applications: list[Application] = Field(default_factory=list)
    platforms: list[Platform] = Field(default_factory=list)
    datasets: list[Dataset] = Field(default_factory=list)
    infrastructure: list[Infrastructure] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)


MANIFEST_KEYS = tuple(Manifest.model_fields)
