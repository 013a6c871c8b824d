"""The national layouts of the annual report, loaded from the TOML files beside this module.

A layout (`Format`) knows its sections, tables 二, 三 and 四, their rows and columns,
the labels and the variants published reports use, and each cell's kind. Every other
part of the library takes the layout from here; adding a layout is a new data file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..errors import FormatError

CELL_KINDS = ("count", "signed", "money")


@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "count"
    role: str | None = None
    unit: str | None = None
    group: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.key, *self.aliases)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    prefix: str = ""
    group: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @property
    def printed(self) -> str:
        """The label as the template prints it, with its numbering."""
        return f"{self.prefix}{self.label}"


@dataclass(frozen=True)
class Group:
    key: str
    label: str = ""
    prefix: str = ""
    parent: str | None = None
    role: str | None = None
    # A layout variant: the group may be printed as one row holding its total alone
    # (the 2021 layout's （六）其他处理 printed the 2019 way). It is then read as the
    # group's subtotal, a row whose key is the group's key.
    total_alone: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def printed(self) -> str:
        return f"{self.prefix}{self.label}"


@dataclass(frozen=True)
class Block:
    """One block of table 二 (a 第二十条 item): its rows share its columns."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def cell_ids(self) -> list[str]:
        return [f"t2/{self.key}/{r.key}/{c.key}" for r in self.rows for c in self.columns]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    table: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True, eq=False)  # one object per layout: identity is equality
class Format:
    id: str
    name: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    t2: tuple[Block, ...]
    t3_columns: tuple[Column, ...]
    t3_groups: tuple[Group, ...]
    t3_rows: tuple[Row, ...]
    t3_note: str
    t4_groups: tuple[Group, ...]
    t4_columns: tuple[Column, ...]
    _kinds: dict[str, Column] = field(default_factory=dict, repr=False, compare=False)

    # -- cell identifiers, written table/row/column as in the JSON contract
    def cell_ids(self) -> list[str]:
        """Every numeric cell of the layout in reading order (t2, t3, t4)."""
        ids: list[str] = []
        for block in self.t2:
            ids.extend(block.cell_ids())
        ids.extend(f"t3/{r.key}/{c.key}" for r in self.t3_rows for c in self.t3_columns)
        ids.extend(f"t4/{g.key}/{c.key}" for g in self.t4_groups for c in self.t4_columns)
        return ids

    def column_of(self, cell_id: str) -> Column:
        """The column definition (kind, unit) of a cell id; KeyError if not in this layout."""
        if not self._kinds:
            for block in self.t2:
                for r in block.rows:
                    for c in block.columns:
                        self._kinds[f"t2/{block.key}/{r.key}/{c.key}"] = c
            for r in (*self.t3_rows, *self.t3_subtotals()):
                for c in self.t3_columns:
                    self._kinds[f"t3/{r.key}/{c.key}"] = c
            for g in self.t4_groups:
                for c in self.t4_columns:
                    self._kinds[f"t4/{g.key}/{c.key}"] = c
        return self._kinds[cell_id]

    def t3_row(self, key: str) -> Row:
        for r in (*self.t3_rows, *self.t3_subtotals()):
            if r.key == key:
                return r
        raise KeyError(key)

    def t3_subtotals(self) -> tuple[Row, ...]:
        """The rows of the groups that may be printed as their total alone."""
        return _subtotal_rows(self)

    def t3_rows_for(self, subtotals: frozenset[str] | set[str] = frozenset()) -> tuple[Row, ...]:
        """Table 三's rows as printed when the groups in `subtotals` are printed as one
        row: each such group's rows give way to its subtotal row."""
        if not subtotals:
            return self.t3_rows
        return _rows_for(self, frozenset(subtotals))

    def t3_rows_with(self, role: str) -> tuple[Row, ...]:
        return _rows_with(self, role)

    def block(self, key: str) -> Block:
        for b in self.t2:
            if b.key == key:
                return b
        raise KeyError(key)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


# Layouts are immutable and few: what is derived from them is computed once.
@cache
def _subtotal_rows(fmt: Format) -> tuple[Row, ...]:
    return tuple(
        Row(
            key=g.key,
            label=g.label,
            prefix=g.prefix,
            group=g.key.rsplit(".", 1)[0],
            role="result",
            aliases=g.aliases,
        )
        for g in fmt.t3_groups
        if g.total_alone
    )


@cache
def _rows_for(fmt: Format, subtotals: frozenset[str]) -> tuple[Row, ...]:
    by_key = {r.key: r for r in _subtotal_rows(fmt)}
    out: list[Row] = []
    for r in fmt.t3_rows:
        if r.group is not None and r.group in subtotals:
            if not out or out[-1].key != r.group:
                out.append(by_key[r.group])
            continue
        out.append(r)
    return tuple(out)


@cache
def _rows_with(fmt: Format, role: str) -> tuple[Row, ...]:
    return tuple(r for r in fmt.t3_rows if r.role == role)


def _columns(items: list[dict[str, Any]], where: str) -> tuple[Column, ...]:
    out = []
    for item in items:
        kind = item.get("kind", "count")
        if kind not in CELL_KINDS:
            raise FormatError(f"{where}: column {item.get('key')!r} has unknown kind {kind!r}")
        out.append(
            Column(
                key=item["key"],
                kind=kind,
                role=item.get("role"),
                unit=item.get("unit"),
                group=item.get("group"),
                aliases=tuple(item.get("aliases", ())),
            )
        )
    return tuple(out)


def _rows(items: list[dict[str, Any]]) -> tuple[Row, ...]:
    return tuple(
        Row(
            key=item["key"],
            label=item.get("label", item["key"]),
            prefix=item.get("prefix", ""),
            group=item.get("group"),
            role=item.get("role"),
            aliases=tuple(item.get("aliases", ())),
        )
        for item in items
    )


def parse_format(data: dict[str, Any], where: str = "format") -> Format:
    """Build a `Format` from the parsed TOML; raises FormatError naming what is wrong."""
    try:
        return Format(
            id=str(data["id"]),
            name=data["name"],
            first_year=int(data["first_year"]),
            last_year=int(data["last_year"]) if "last_year" in data else None,
            sections=tuple(
                Section(
                    key=s["key"],
                    title=s["title"],
                    table=s.get("table"),
                    aliases=tuple(s.get("aliases", ())),
                )
                for s in data["sections"]
            ),
            t2=tuple(
                Block(
                    key=b["key"],
                    columns=_columns(b["columns"], f"{where} t2 {b['key']}"),
                    rows=_rows(b["rows"]),
                )
                for b in data["t2"]
            ),
            t3_columns=_columns(data["t3"]["columns"], f"{where} t3"),
            t3_groups=tuple(
                Group(
                    key=g["key"],
                    label=g["label"],
                    prefix=g.get("prefix", ""),
                    total_alone=bool(g.get("total_alone", False)),
                    aliases=tuple(g.get("aliases", ())),
                )
                for g in data["t3"].get("groups", ())
            ),
            t3_rows=_rows(data["t3"]["rows"]),
            t3_note=data["t3"].get("note", ""),
            t4_groups=tuple(
                Group(
                    key=g["key"],
                    label=g.get("label", g["key"]),
                    parent=g.get("parent"),
                    role=g.get("role"),
                )
                for g in data["t4"]["groups"]
            ),
            t4_columns=_columns(data["t4"]["columns"], f"{where} t4"),
        )
    except KeyError as exc:
        raise FormatError(f"{where}: missing key {exc}") from None


@cache
def all_formats() -> tuple[Format, ...]:
    """The layouts shipped with the library, oldest first."""
    out = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
        if entry.name.startswith("format_") and entry.name.endswith(".toml"):
            out.append(parse_format(tomllib.loads(entry.read_text("utf-8")), entry.name))
    return tuple(sorted(out, key=lambda f: f.first_year))


def get_format(format_id: str) -> Format:
    for f in all_formats():
        if f.id == str(format_id):
            return f
    known = ", ".join(f.id for f in all_formats())
    raise FormatError(f"unknown report format {format_id!r} (known: {known})")


def format_for_year(year: int) -> Format:
    """The layout a report for `year` must use: 2019 for 2019-2020, 2021 from 2021 on."""
    for f in all_formats():
        if f.covers(year):
            return f
    first = all_formats()[0].first_year
    raise FormatError(
        f"{year}年度报告早于{first}年版格式，本工具只支持2019年版和2021年版格式"
        f" (year {year} predates the supported layouts)"
    )
