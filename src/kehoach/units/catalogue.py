"""The official lists of administrative units, offline, read when first needed.

Two lists (see build.py for where they come from): the one in force until
30/6/2025 (province, district, commune) and the one in force since 01/7/2025,
when the district level was abolished and the 10,035 communes became 3,321
(Nghị quyết 202/2025/QH15 and the Standing Committee's resolutions on each
province). Each old unit knows which new unit(s) took it over.

Reading a list takes a few milliseconds and happens once per process, only
when a plan names a unit: nothing here is imported for a plan that does not.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kehoach.units.names import COMMUNE_KINDS, DISTRICT_KINDS, KINDS, fold_key, fold_keys, spelling_key

REFORM = dt.date(2025, 7, 1)
_DATA = Path(__file__).resolve().parent / "data"
_LEVELS = {"T": 1, "H": 2, "X": 3}


@dataclass(eq=False, slots=True)
class Unit:
    """One administrative unit of one list."""

    code: str
    kind: str  # xã, phường, thị trấn, đặc khu, huyện, quận, thị xã, thành phố, tỉnh
    name: str  # "Đồng Tuyển", "1" for "phường 1"
    level: int  # 1 province, 2 district, 3 commune
    parent: Unit | None = None
    successors: tuple[str, ...] = ()  # old list: the codes of the new unit(s) that took it over

    @property
    def full(self) -> str:
        """``xã Đồng Tuyển``, as written in a sentence."""
        return f"{self.kind} {self.name}"

    @property
    def title(self) -> str:
        """``Xã Đồng Tuyển``, as written at the start of an agency line."""
        return self.full[:1].upper() + self.full[1:]

    @property
    def province(self) -> Unit:
        unit = self
        while unit.parent is not None:
            unit = unit.parent
        return unit

    @property
    def district(self) -> Unit | None:
        unit: Unit | None = self
        while unit is not None and unit.level != 2:
            unit = unit.parent
        return unit

    def where(self) -> str:
        """``xã Đồng Tuyển, thành phố Lào Cai, tỉnh Lào Cai``."""
        parts, unit = [], self
        while unit is not None:
            parts.append(unit.full)
            unit = unit.parent
        return ", ".join(parts)


@dataclass
class UnitList:
    """One list: every unit, by code and by name."""

    label: str  # "trước ngày 01/7/2025"
    new: bool
    units: list[Unit] = field(default_factory=list)
    by_code: dict[str, Unit] = field(default_factory=dict)
    by_fold: dict[str, list[Unit]] = field(default_factory=dict)

    @property
    def provinces(self) -> list[Unit]:
        return [u for u in self.units if u.level == 1]

    def children(self, parent: Unit) -> list[Unit]:
        """The communes (wards, special zones) of a province or a district."""
        return [u for u in self.units if u.level == 3 and (u.parent is parent or u.parent.parent is parent)]

    def named(self, name: str, kinds: tuple[str, ...] | None = None, within: Unit | None = None) -> list[Unit]:
        """Units whose official name is ``name`` (case and tone placement aside)."""
        key = spelling_key(name)
        return [u for u in _filter(self.by_fold.get(fold_key(name), ()), kinds, within) if spelling_key(u.name) == key]

    def similar(self, name: str, kinds: tuple[str, ...] | None = None, within: Unit | None = None) -> list[Unit]:
        """Units whose name ``name`` may be a misspelling of: the same letters
        without diacritics, or (inside ``within``) a close spelling."""
        found = _filter(self.by_fold.get(fold_key(name), ()), kinds, within)
        if found or within is None:
            return found
        pool = {fold_key(u.name): u for u in self._inside(within) if kinds is None or u.kind in kinds}
        return [pool[k] for k in difflib.get_close_matches(fold_key(name), list(pool), n=3, cutoff=0.8)]

    def _inside(self, within: Unit) -> list[Unit]:
        return [u for u in self.units if is_inside(u, within)]

    def province(self, name: str) -> Unit | None:
        """A province by name, with or without its kind ("Lào Cai", "tỉnh Lào Cai", "TP Hồ Chí Minh")."""
        key = fold_key(name)
        for prefix in ("tinh ", "thanh pho ", "tp ", "tp. "):
            if key.startswith(prefix):
                key = key[len(prefix):]
        found = [u for u in self.provinces if fold_key(u.name) == key]
        return found[0] if found else None


def is_inside(unit: Unit, within: Unit) -> bool:
    """True when ``unit`` is ``within`` or lies inside it (a commune in its district, province)."""
    while unit is not None:
        if unit is within:
            return True
        unit = unit.parent
    return False


def _filter(units, kinds, within) -> list[Unit]:
    return [u for u in units if (kinds is None or u.kind in kinds) and (within is None or is_inside(u, within))]


def _read(label: str, new: bool) -> UnitList:
    result = UnitList(label, new)
    parents: dict[int, Unit] = {}
    for line in _raw(new).splitlines():
        if not line or line[0] == "#":
            continue
        fields = line.split("\t")
        level = _LEVELS[fields[0]]
        parent = None if level == 1 else parents[1] if level == 2 or new else parents[2]
        unit = Unit(fields[1], fields[2], fields[3], level, parent,
                    tuple(fields[4].split(",")) if len(fields) > 4 and fields[4] else ())
        parents[level] = unit
        result.units.append(unit)
    for unit, fold in zip(result.units, fold_keys([u.name for u in result.units])):
        result.by_code[unit.code] = unit
        result.by_fold.setdefault(fold, []).append(unit)
    return result


_FILES = {False: "truoc-2025.tsv", True: "tu-2025.tsv"}


@lru_cache(maxsize=2)
def _raw(new: bool) -> str:
    return (_DATA / _FILES[new]).read_text(encoding="utf-8")


def spelt_as_listed(name: str, kinds: tuple[str, ...] | None, new: bool) -> bool:
    """True when the list (new or old) holds a unit of one of ``kinds`` spelt exactly ``name``.

    A search of the list's text, without building it: most names a plan uses are the official
    ones, and a cold ``render`` then reads no list (building one costs more than the rest of the
    plan's checks). False says only "not spelt exactly so": ``UnitList.named`` then decides."""
    if not name or any(c in name for c in "\t\n\r"):
        return False
    if (new_list if new else old_list).cache_info().currsize:  # built already: its index is faster
        return any(unit.name == name for unit in (new_list() if new else old_list()).named(name, kinds))
    text = _raw(new)
    for kind in kinds if kinds is not None else KINDS:
        needle = f"\t{kind}\t{name}"
        start = text.find(needle)
        while start != -1:
            end = start + len(needle)
            if end == len(text) or text[end] in "\t\n":
                return True
            start = text.find(needle, end)
    return False


@lru_cache(maxsize=1)
def old_list() -> UnitList:
    return _read("trước ngày 01/7/2025", new=False)


@lru_cache(maxsize=1)
def new_list() -> UnitList:
    return _read("từ ngày 01/7/2025", new=True)


def list_on(day: dt.date) -> UnitList:
    """The list in force on ``day``."""
    return new_list() if day >= REFORM else old_list()


def successors(unit: Unit) -> list[Unit]:
    """The new unit(s) that took over an old one, the main one first."""
    if unit.level == 1:
        return [new_list().by_code[unit.successors[0]]] if unit.successors else []
    return [new_list().by_code[code] for code in unit.successors]


def is_commune(unit: Unit) -> bool:
    return unit.level == 3 and unit.kind in COMMUNE_KINDS


def is_district(unit: Unit) -> bool:
    return unit.level == 2 and unit.kind in DISTRICT_KINDS
