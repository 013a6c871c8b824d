"""Table 三: applications received and handled, by applicant type.

Rows are found by their labels; where labels were cut from their values (text taken
out of a PDF), runs of values are matched to the template's rows in order. The two
are one alignment (like aligning two sequences): a label on the same line as the
values weighs most, a label further back weighs less, a run that fits no row by its
count cannot take one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ..formats import Format
from ..labels import cjk_count
from ..model import Finding, RuleUse, Severity
from .columns import Equations, survivors
from .groups import (
    SLACK,
    Group,
    Match,
    Matcher,
    Where,
    best_match,
    build_groups,
    fuzzy_match,
    label_variants,
    straddle_match,
)
from .rows import RowReading, read_row, values_of
from .split import Part, parse_number
from .tokens import Kind, Token

T3_ROW_SUM = "T3-ROW-SUM"
T3_RESULT_SUM = "T3-RESULT-SUM"
T3_BALANCE = "T3-BALANCE"


@dataclass
class TableReading:
    rows: dict[str, list[Part] | None] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    uses: list[RuleUse] = field(default_factory=list)
    groups: dict[str, Group] = field(default_factory=dict)
    last_token: int | None = None
    # Groups of table 三 printed as one row (a layout variant), read as subtotals.
    subtotals: frozenset[str] = frozenset()


def _row_equations(n: int) -> list[tuple[tuple[int, ...], int]]:
    return [(tuple(range(n - 1)), n - 1)]


def align(
    groups: list[Group],
    keys: list[str],
    matches: list[tuple[Match | None, Match | None]],
    fits: list[bool],
    unknown: list[bool],
) -> tuple[dict[str, int], list[int]]:
    """Assign groups to rows in order, maximising label agreement.

    Returns row key -> group index, and the indices of groups left out. A group that
    fits no row can only be left out, whatever else happens: it stays out of the table.
    """
    neg = float("-inf")
    live = [gi for gi in range(len(groups)) if fits[gi]]
    n = len(keys)
    index = {k: j for j, k in enumerate(keys)}
    # per live group: its score for each row, and the cost of leaving it out
    scores: list[list[float]] = []
    skips: list[float] = []
    for gi in live:
        same, ctx = matches[gi]
        if same is not None:
            row = [-19.0] * n
            if same.key in index:
                row[index[same.key]] = 21.0
            skips.append(-8.0)
        elif ctx is not None:
            row = [-2.0] * n
            if ctx.key in index:
                row[index[ctx.key]] = 7.0
            skips.append(-8.0)
        elif unknown[gi]:
            row = [-9.0] * n  # a row with a label of its own that is none of ours
            skips.append(-0.5)
        else:
            row = [1.0] * n
            skips.append(-4.0)
        scores.append(row)
    m = len(live)
    skip_row = -5.0
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    move = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for j in range(1, n + 1):
        best[0][j] = best[0][j - 1] + skip_row
        move[0][j] = 3
    for i in range(1, m + 1):
        prev, cur, mv = best[i - 1], best[i], move[i]
        row, skip = scores[i - 1], skips[i - 1]
        cur[0] = prev[0] + skip
        mv[0] = 2
        for j in range(1, n + 1):
            v, k = prev[j - 1] + row[j - 1], 1
            w = prev[j] + skip
            if w >= v:
                v, k = w, 2
            w = cur[j - 1] + skip_row
            if w >= v:
                v, k = w, 3
            cur[j], mv[j] = v, k
    assigned: dict[str, int] = {}
    skipped: list[int] = [gi for gi in range(len(groups)) if not fits[gi]]
    i, j = m, n
    while i or j:
        k = move[i][j]
        if k == 1:
            assigned[keys[j - 1]] = live[i - 1]
            i, j = i - 1, j - 1
        elif k == 2:
            skipped.append(live[i - 1])
            i -= 1
        else:
            j -= 1
    skipped.sort()
    return assigned, skipped


@cache
def _matcher(fmt: Format, variant: bool = False) -> Matcher:
    """The row labels; with `variant`, also the labels of groups that may be printed as
    one row (looked for only where the group's own rows are nowhere)."""
    rows = (*fmt.t3_rows, *fmt.t3_subtotals()) if variant else fmt.t3_rows
    return Matcher({r.key: label_variants(r) for r in rows})


def _subtotals(
    fmt: Format, groups: list[Group], matches: list[tuple[Match | None, Match | None]]
) -> dict[int, Match]:
    """The groups of table 三 printed as one row, as the matches of the runs that hold
    them: values right after the group's own label, and none after its rows' labels."""
    subs = fmt.t3_subtotals()
    if not subs:
        return {}
    seen = {m.key for pair in matches for m in pair if m is not None}
    open_keys = {
        s.key for s in subs if not any(r.group == s.key and r.key in seen for r in fmt.t3_rows)
    }
    if not open_keys:
        return {}
    wide = _matcher(fmt, True)
    out: dict[int, Match] = {}
    for gi, g in enumerate(groups):
        if matches[gi][0] is not None:
            continue
        m = best_match(g.same_line, wide)
        if m is not None and m.key in open_keys:
            out[gi] = m
    return out


def _direct(
    groups: list[Group],
    keys: list[str],
    matches: list[tuple[Match | None, Match | None]],
    fits: list[bool],
) -> tuple[dict[str, int], list[int]] | None:
    """The assignment when every row has its own label beside its values, in order
    (a well-formed table): no alignment needed."""
    assigned: dict[str, int] = {}
    skipped: list[int] = []
    order = {k: i for i, k in enumerate(keys)}
    last = -1
    for gi, (same, _) in enumerate(matches):
        if same is None:
            if any(t.kind.name != "BLANK" for t in groups[gi].tokens):
                return None
            skipped.append(gi)
            continue
        if not fits[gi] or same.key in assigned or order[same.key] <= last:
            return None
        assigned[same.key] = gi
        last = order[same.key]
    return (assigned, skipped) if len(assigned) == len(keys) else None


def read_t3(tokens: list[Token], start: int, end: int, fmt: Format, where: Where) -> TableReading:
    n = len(fmt.t3_columns)
    equations = _row_equations(n)
    matcher = _matcher(fmt)
    groups = build_groups(tokens, start, end, n)
    out = TableReading()
    groups = _drop_subtotal_column(groups, n, out)
    readings = [read_row(g, n, equations) for g in groups]
    matches = []
    fuzzy: list[str] = []
    wrapped: list[str] = []
    first = []
    for g in groups:
        same = best_match(g.same_line, matcher)
        ctx = (
            same
            if same is not None and g.context == g.same_line
            else best_match(g.context, matcher)
        )
        first.append((same, ctx))
    variant = _subtotals(fmt, groups, first)
    out.subtotals = frozenset(m.key for m in variant.values())
    for i, g in enumerate(groups):
        same, ctx = first[i]
        if i in variant:
            same = ctx = variant[i]
        if same is None:
            # A label wrapped over several lines, the values on one of its lines: on its
            # last line (the label ends just before them), or on a line in the middle
            # (the label goes on after them, before the next row's values).
            if g.same_line and ctx is not None and len(g.same_line) <= len(ctx.form) + SLACK:
                same = ctx
                wrapped.append(fmt.t3_row(same.key).printed)
            elif ctx is None:
                tail = groups[i + 1].context if i + 1 < len(groups) else ""
                through = straddle_match(g.context, tail, matcher)
                if through is not None:
                    if g.same_line:
                        same = through
                    ctx = through
                    wrapped.append(fmt.t3_row(through.key).printed)
        if same is None and _looks_like_label(g.same_line):
            same = fuzzy_match(g.same_line, matcher)
            if same is not None:
                fuzzy.append(f"“{g.same_line[-30:]}”读作{fmt.t3_row(same.key).printed}")
        matches.append((same, ctx))
    rows = fmt.t3_rows_for(out.subtotals)
    keys = [r.key for r in rows]
    if out.subtotals:
        out.findings.append(_variant_finding(fmt, out.subtotals))
    if wrapped:
        out.findings.append(
            Finding(
                "READ-WRAPPED",
                Severity.INFO,
                "表三有行标签折成多行，数字在标签的中间或末行，按完整的标签读取："
                + "、".join(wrapped)
                + " [READ-WRAPPED]",
            )
        )
    if fuzzy:
        out.findings.append(
            Finding(
                "READ-LABEL",
                Severity.INFO,
                "表三有行标签与模板措辞不同，按最接近的模板行读取："
                + "；".join(fuzzy)
                + " [READ-LABEL]",
            )
        )
    unknown = [
        m[0] is None and _looks_like_label(g.same_line)
        for g, m in zip(groups, matches, strict=True)
    ]
    fits = [r.fits for r in readings]
    assigned, skipped = _direct(groups, keys, matches, fits) or align(
        groups, keys, matches, fits, unknown
    )
    # A run left out by the in-order alignment whose own label names a row nobody took:
    # the rows were printed (or copied) out of order. The label on its line decides.
    moved = []
    for left in list(skipped):
        same = matches[left][0]
        if same is not None and same.key in keys and same.key not in assigned and fits[left]:
            assigned[same.key] = left
            skipped.remove(left)
            moved.append(fmt.t3_row(same.key).printed)
    if moved:
        out.findings.append(
            Finding(
                "READ-ORDER",
                Severity.INFO,
                "表三有行不在模板的位置上（如从PDF复制的文本行序错乱），按其行标签读取："
                + "、".join(moved)
                + " [READ-ORDER]",
            )
        )
    positional = []
    for key in keys:
        gi = assigned.get(key)
        if gi is None:
            out.rows[key] = None
            continue
        out.groups[key] = groups[gi]
        same, ctx = matches[gi]
        if not (same and same.key == key) and not (ctx and ctx.key == key):
            positional.append(key)
    # Rows whose values came one per line, with no label on their line: if any of them
    # does not add up, the values were copied column by column, not row by row.
    loose = [
        k
        for k in keys
        if k in assigned
        and not (matches[assigned[k]][0] and matches[assigned[k]][0].key == k)  # type: ignore[union-attr]
        and len({t.line for t in groups[assigned[k]].tokens}) > 1
    ]
    broken = _scrambled(sorted(set(positional) | set(loose), key=keys.index), assigned, readings)
    if broken is not None:
        positional = sorted(set(positional) | set(loose), key=keys.index)
        # The values are not in the template's order after all (a PDF copied column by
        # column): rows matched by position alone would be wrong numbers. Not used.
        shown = "、".join(str(v) for v in broken[1])
        out.findings.append(
            Finding(
                "READ-SCRAMBLED",
                Severity.WARNING,
                f"表三有{len(positional)}行的数字与行标签不在同一行，对应后，"
                f"“{fmt.t3_row(broken[0]).printed}”读作{shown}，六类申请人之和不等于总计，"
                "说明数字的顺序已被打乱（如按列复制的PDF文本）；这些行不予采用，记为未能读取"
                " [READ-SCRAMBLED]",
                cells=tuple(f"t3/{k}/{c.key}" for k in positional for c in fmt.t3_columns),
            )
        )
        for key in positional:
            del assigned[key]
            out.rows[key] = None
            out.groups.pop(key, None)
        positional = []
    if positional:
        out.findings.append(
            Finding(
                "READ-POSITIONAL",
                Severity.INFO,
                f"表三有{len(positional)}行的数字与行标签分离（如从PDF复制的文本），已按模板的行序对应："
                + "、".join(positional)
                + " [READ-POSITIONAL]",
                cells=tuple(f"t3/{k}/总计" for k in positional),
            )
        )
    for gi in skipped:
        g = groups[gi]
        raw = " ".join(t.text or "空" for t in g.tokens)
        if not any(t.kind.name != "BLANK" for t in g.tokens):
            continue  # empty cells under a header
        if unknown[gi]:
            msg = f"表三中有模板之外的行（{g.same_line[:30]}），其数字（{raw}）未计入 [READ-EXTRA-ROW]"
            out.findings.append(
                Finding("READ-EXTRA-ROW", Severity.INFO, msg, location=_loc(g, where))
            )
        else:
            msg = f"表三区域中的数字（{raw}）无法对应到任何一行，已忽略 [READ-IGNORED]"
            out.findings.append(
                Finding("READ-IGNORED", Severity.INFO, msg, location=_loc(g, where))
            )
    _resolve(out, keys, assigned, readings, groups, fmt, where)
    return out


def _variant_finding(fmt: Format, subtotals: frozenset[str]) -> Finding:
    names, cells = [], []
    for key in sorted(subtotals):
        row = fmt.t3_row(key)
        subs = [r for r in fmt.t3_rows if r.group == key]
        names.append(
            f"表三“{row.printed}”印为一行（2019年版的写法），没有分列{subs[0].prefix}至{subs[-1].prefix}项："
            f"读作该项的小计（{key}），用于各项合计的校验；{subs[0].key}至{subs[-1].key}记为未能读取"
        )
        cells += [f"t3/{r.key}/{c.key}" for r in subs for c in fmt.t3_columns]
    return Finding(
        "READ-VARIANT", Severity.INFO, "；".join(names) + " [READ-VARIANT]", tuple(cells)
    )


def _scrambled(
    positional: list[str], assigned: dict[str, int], readings: list[RowReading]
) -> tuple[str, list[object]] | None:
    """A row matched by position alone whose values break its own sum (every way they
    can be read), with those values; None when every such row adds up."""
    for key in positional:
        r = readings[assigned[key]]
        if r.used_equation or not r.readings:
            continue  # the row's sum chose its reading: it adds up
        values = values_of(r.readings[0])
        if all(isinstance(v, int) for v in values) and sum(values[:-1]) != values[-1]:  # type: ignore[arg-type]
            return key, values
    return None


# Module functions, not nested ones: compiled, nested functions that call each other
# hold their frame in a reference cycle, left for the cycle collector.
def _core(g: Group) -> list[Token]:
    """The row's cells without empty cells at either end (layout artefacts)."""
    toks = g.solid()
    while toks and toks[-1].kind is Kind.BLANK:
        toks = toks[:-1]
    while toks and toks[0].kind is Kind.BLANK:
        toks = toks[1:]
    return toks


def _holds(g: Group, pos: int) -> bool:
    """Whether the row's value at `pos` is the sum of the five organisation columns."""
    vals = [parse_number(t.text) if t.kind is Kind.NUM else None for t in _core(g)]
    orgs = vals[2:7] if pos == 1 else vals[1:6]
    sub = vals[pos]
    return sub is not None and None not in orgs and sum(orgs) == sub  # type: ignore[arg-type]


def _drop_subtotal_column(groups: list[Group], n: int, out: TableReading) -> list[Group]:
    """Some reports add a 法人或其他组织 subtotal column: read without it, and say so.

    The column is recognised when most rows have one value too many and the extra
    value is, in most of them, the sum of the five organisation columns (at the second
    position, or just before 总计).
    """

    wide = [g for g in groups if len(_core(g)) == n + 1 and not any(t.splittable for t in g.tokens)]
    exact = [g for g in groups if len(_core(g)) == n]
    if len(wide) < 5 or len(wide) <= len(exact):
        return groups

    pos = max((1, n - 1), key=lambda p: sum(_holds(g, p) for g in wide))
    bad = []
    out_groups = []
    is_wide = {id(g) for g in wide}  # by identity: comparing groups field by field is slow
    for g in groups:
        if id(g) in is_wide:
            solid = _core(g)
            extra = solid[pos]
            if not _holds(g, pos):
                bad.append(
                    f"{g.same_line[-20:] or '第' + str(g.first_line + 1) + '段'}（小计{extra.text or '空'}）"
                )
            g = Group(
                [t for t in solid if t is not extra], g.context, g.same_line, g.first_line, g.lines
            )
        out_groups.append(g)
    out.findings.append(
        Finding(
            "READ-SUBTOTAL",
            Severity.WARNING if bad else Severity.INFO,
            "表三多了一列“法人或其他组织”小计（模板没有此列），读取时已去掉"
            + (f"；其中这些行的小计不等于五类组织之和：{'、'.join(bad)}" if bad else "")
            + " [READ-SUBTOTAL]",
        )
    )
    return out_groups


def _looks_like_label(text: str) -> bool:
    return cjk_count(text) >= 2


def _loc(g: Group, where: Where) -> str:
    return where(g.first_line)


def _resolve(
    out: TableReading,
    keys: list[str],
    assigned: dict[str, int],
    readings: list[RowReading],
    groups: list[Group],
    fmt: Format,
    where: Where,
) -> None:
    pending: dict[str, RowReading] = {}
    for key in keys:
        gi = assigned.get(key)
        if gi is None:
            continue
        r = readings[gi]
        if r.resolved is not None:
            out.rows[key] = r.resolved
            if r.used_equation:
                # the label looked up only here: Format.t3_row is a scan in Python code
                _note_row_rule(out, key, fmt.t3_row(key).printed, r)
        else:
            pending[key] = r
    if pending:
        _resolve_by_columns(out, pending, fmt)
    for key, r in pending.items():
        if out.rows.get(key) is not None:
            continue
        out.rows[key] = None
        label = fmt.t3_row(key).printed
        shown = "；".join("、".join(str(v) for v in values_of(c)) for c in r.readings[:3])
        more = "等" if len(r.readings) > 3 else ""
        out.findings.append(
            Finding(
                "READ-AMBIGUOUS",
                Severity.WARNING,
                f"表三“{label}”行的数字连在一起，可拆分为{len(r.readings)}种读法（{shown}{more}），"
                "无法确定，本行记为未能读取 [READ-AMBIGUOUS]",
                cells=tuple(f"t3/{key}/{c.key}" for c in fmt.t3_columns),
                location=_loc(groups[assigned[key]], where),
            )
        )


def _note_row_rule(out: TableReading, key: str, label: str, r: RowReading) -> None:
    values = "、".join(str(v) for v in values_of(r.readings[0]))
    if r.inferred:
        what = f"本行缺少一个单元格，按“六类申请人之和等于总计”推出，读作 {values}"
        rule = "READ-INFERRED"
        sev = Severity.WARNING
    else:
        raw = "".join(
            t.text for t in {id(p.token): p.token for p in r.readings[0] if p.token}.values()
        )
        what = f"本行数字连写为“{raw}”，按“六类申请人之和等于总计”拆分为 {values}"
        rule = "READ-SPLIT"
        sev = Severity.INFO
    out.findings.append(
        Finding(rule, sev, f"表三“{label}”：{what} [{rule}]", cells=(f"t3/{key}/总计",))
    )
    out.uses.append(RuleUse(T3_ROW_SUM, key, f"用于读取表三“{label}”行"))


def _resolve_by_columns(out: TableReading, pending: dict[str, RowReading], fmt: Format) -> None:
    """Choose among the readings of unresolved rows with the column rules of table 三."""
    options = {k: (r.readings if r.readings else r.all_readings) for k, r in pending.items()}
    if not options or any(not v for v in options.values()):
        return
    keys = list(options)
    n = len(fmt.t3_columns)
    values = {k: [tuple(values_of(o)) for o in options[k]] for k in keys}
    fixed = {k: (None if v is None else tuple(values_of(v))) for k, v in out.rows.items()}
    found = survivors(_equations(fmt, out.subtotals), fixed, values)  # type: ignore[arg-type]
    if found is None:
        return
    for key in keys:
        distinct = {values[key][i] for i in found[key]}
        if len(distinct) != 1:
            continue
        chosen = options[key][min(found[key])]
        out.rows[key] = chosen
        label = fmt.t3_row(key).printed
        cols = [fmt.t3_columns[ci].key for ci in range(n) if len({v[ci] for v in values[key]}) > 1]
        for col in cols:
            out.uses.append(RuleUse(T3_RESULT_SUM, col, f"用于拆分表三“{label}”行"))
            out.uses.append(RuleUse(T3_BALANCE, col, f"用于拆分表三“{label}”行"))
        shown = "、".join(str(v) for v in values_of(chosen))
        out.findings.append(
            Finding(
                "READ-SPLIT",
                Severity.INFO,
                f"表三“{label}”：本行数字连写，本行合计无法唯一确定拆分，按列的勾稽关系拆分为 {shown}"
                f"（{'、'.join(cols)}列的勾稽关系因此不能再作独立校验） [READ-SPLIT]",
                cells=tuple(f"t3/{key}/{c}" for c in cols),
            )
        )


@cache
def _equations(fmt: Format, subtotals: frozenset[str]) -> Equations:
    (new,) = fmt.t3_rows_with("new")
    (carried_in,) = fmt.t3_rows_with("carried_in")
    (total,) = fmt.t3_rows_with("total")
    (carried_out,) = fmt.t3_rows_with("carried_out")
    results = [r.key for r in fmt.t3_rows_for(subtotals) if r.role == "result"]
    return Equations(
        len(fmt.t3_columns), results, total.key, new.key, carried_in.key, carried_out.key
    )
