"""Reference data shapes: checklists, phrase card, product catalogue, parts and prices.

The company edits these as versioned data files (``fieldapp/data/reference/*.json``);
the app loads them with :mod:`fieldapp.reference` and every job sheet records the
versions it was filled against. This module only defines and cross-checks them.
"""

from __future__ import annotations

import re
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fieldapp.domain.service_levels import WorkingCalendar
from fieldapp.domain.text import Text
from fieldapp.domain.visit import SERVICE_ZONE


class RefModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(StrEnum):
    """When in the visit a checklist item is done."""

    ARRIVAL = "arrival"
    AFTER_REPAIR = "after_repair"
    DEPARTURE = "departure"


class ChecklistItem(RefModel):
    id: str
    name: Text
    detail: Text | None = None
    phase: Phase = Phase.ARRIVAL


class Checklists(RefModel):
    """「5个1」, 「九不准」 and 「装束三统一」 as the company currently words them."""

    version: str
    five_ones: list[ChecklistItem]
    nine_rules: list[ChecklistItem]
    appearance: list[ChecklistItem]


class Phrase(RefModel):
    id: str
    situation: Text
    phrase: Text


class PhraseCard(RefModel):
    """Standard phrases (服务用语) per situation and forbidden phrases (忌语)."""

    version: str
    phrases: list[Phrase]
    forbidden: list[Text]


class Category(StrEnum):
    PROJECTOR = "projector"
    DISPLAY = "display"


class Accessory(RefModel):
    code: str
    name: Text
    consumable: bool = False


class ProductModel(RefModel):
    code: str
    brand: str
    name: Text
    category: Category
    serial_prefix: str = Field(pattern=r"^[0-9A-Z]{4}$")
    accessories: list[str] = Field(default_factory=list)

    def serial_pattern(self) -> str:
        """The regular expression serials of this model match (see ``domain.serial``)."""
        return rf"^{re.escape(self.serial_prefix)}[0-9]{{2}}[1-9ABC][0-9]{{5}}[0-9A-Z]$"


class Brand(RefModel):
    code: str
    name: Text


class Catalogue(RefModel):
    """Brands, models with their serial prefix and accessory list, accessories."""

    version: str
    brands: list[Brand]
    models: list[ProductModel]
    accessories: list[Accessory]

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        brands = {b.code for b in self.brands}
        accessories = {a.code for a in self.accessories}
        prefixes = [m.serial_prefix for m in self.models]
        if len(set(prefixes)) != len(prefixes):
            raise ValueError("two models share a serial prefix")
        for m in self.models:
            if m.brand not in brands:
                raise ValueError(f"model {m.code}: unknown brand {m.brand}")
            unknown = set(m.accessories) - accessories
            if unknown:
                raise ValueError(f"model {m.code}: unknown accessories {sorted(unknown)}")
        return self

    def model(self, code: str) -> ProductModel | None:
        return next((m for m in self.models if m.code == code), None)

    def model_for_prefix(self, prefix: str) -> ProductModel | None:
        return next((m for m in self.models if m.serial_prefix == prefix), None)

    def accessory(self, code: str) -> Accessory | None:
        return next((a for a in self.accessories if a.code == code), None)

    def brand_named(self, written: str) -> Brand | None:
        """The brand ``written`` names — by its code or its name in either language (a sheet
        and a work order keep the brand as written, 明辉) — so it can be said in English."""
        wanted = written.strip().casefold()
        for brand in self.brands:
            if wanted in {brand.code.casefold(), brand.name.zh, brand.name.en.casefold()}:
                return brand
        return None


class Part(RefModel):
    part_no: str
    name: Text
    models: list[str]
    price_code: str


class PartsList(RefModel):
    version: str
    parts: list[Part]

    def part(self, part_no: str) -> Part | None:
        return next((p for p in self.parts if p.part_no == part_no), None)


class PriceKind(StrEnum):
    PART = "part"
    LABOUR = "labour"
    VISIT = "visit"


class PriceItem(RefModel):
    code: str
    name: Text
    kind: PriceKind
    unit_price_fen: int = Field(ge=0)
    unit: Text


class PriceList(RefModel):
    """Prices for charged repairs (parts and labour), in fen (分); never free-typed."""

    version: str
    currency: str = "CNY"
    items: list[PriceItem]

    def item(self, code: str) -> PriceItem | None:
        return next((i for i in self.items if i.code == code), None)


class ReferenceData(RefModel):
    """Everything a job sheet is filled against."""

    checklists: Checklists
    phrases: PhraseCard
    catalogue: Catalogue
    parts: PartsList
    prices: PriceList
    # The working-day calendar for service deadlines; optional so that reference data
    # from before it existed still loads.
    calendar: WorkingCalendar | None = None

    @model_validator(mode="after")
    def _parts_priced(self) -> ReferenceData:
        models = {m.code for m in self.catalogue.models}
        for part in self.parts.parts:
            if self.prices.item(part.price_code) is None:
                raise ValueError(f"part {part.part_no}: no price {part.price_code}")
            if set(part.models) - models:
                raise ValueError(f"part {part.part_no}: unknown models")
        return self

    def versions(self) -> dict[str, str]:
        """The version of each reference file, recorded on every job sheet."""
        versions = {
            "checklists": self.checklists.version,
            "phrases": self.phrases.version,
            "catalogue": self.catalogue.version,
            "parts": self.parts.version,
            "prices": self.prices.version,
        }
        if self.calendar is not None:
            versions["calendar"] = self.calendar.version
        return versions

    @property
    def zone(self) -> ZoneInfo:
        """The service centre's time zone: the calendar's, else :data:`SERVICE_ZONE`."""
        return self.calendar.zone if self.calendar is not None else SERVICE_ZONE
