"""Charts drawn on the server as inline SVG: no JavaScript, nothing loaded from another site,
readable by a screen reader (a title and a description on each chart) and always followed by
the same figures in a table. Used by the back office's statistics (applications) and the
admissions dashboard (admissions.admin.dashboard).

`bar_chart` computes the geometry; the template ``portal/charts/bar_chart.html`` draws it.
Each row has a `label` and a `count`, and may have a `mark`: a reference value drawn as a
vertical tick across its bar (the places of a school, against its demand).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# Bar chart geometry (SVG user units; the chart scales to the width of the page).
CHART_WIDTH = 720
LABEL_WIDTH = 300
VALUE_WIDTH = 60
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_CHARS = 36


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    rows,
    *,
    title,
    chart_id,
    item_label=None,
    value_label=None,
    mark_label=None,
    empty=None,
):
    """The geometry of a horizontal bar chart of `rows` (objects with `label`, `count` and
    optionally `mark`), for portal/charts/bar_chart.html.

    `item_label` and `value_label` head the table that repeats the figures; `mark_label`
    names the reference values (a third column) when rows have a `mark`; `empty` is said
    instead of a chart when there are no rows."""
    rows = list(rows)
    marks = [getattr(row, "mark", None) for row in rows]
    has_marks = any(mark is not None for mark in marks)
    largest = max([row.count for row in rows] + [m for m in marks if m is not None], default=0)
    bar_space = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (row, mark) in enumerate(zip(rows, marks, strict=True)):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(bar_space * row.count / largest, 1) if largest else 0
        # Numbers as plain strings: the template would localise them ("12,5").
        bar = {
            "row": row,
            "short_label": _short(row.label),
            "y": f"{y:g}",
            "text_y": f"{y + BAR_HEIGHT * 0.7:g}",
            "width": f"{width:g}",
            "value_x": f"{LABEL_WIDTH + max(width, _mark_width(mark, largest, bar_space)) + 6:g}",
            "mark": mark,
        }
        if mark is not None:
            mark_x = LABEL_WIDTH + _mark_width(mark, largest, bar_space)
            bar.update(
                mark_x=f"{mark_x:g}", mark_y1=f"{y - 2:g}", mark_y2=f"{y + BAR_HEIGHT + 2:g}"
            )
        bars.append(bar)
    height = max(len(rows), 1) * (BAR_HEIGHT + BAR_GAP)
    return {
        "id": chart_id,
        "title": title,
        "bars": bars,
        "width": str(CHART_WIDTH),
        "height": str(height),
        "label_width": str(LABEL_WIDTH),
        "label_x": str(LABEL_WIDTH - 8),
        "bar_height": str(BAR_HEIGHT),
        "total": sum(row.count for row in rows),
        "item_label": item_label or _("Item"),
        "value_label": value_label or _("Number"),
        "mark_label": mark_label if has_marks else None,
        "empty": empty or _("Nothing to show."),
    }


def _mark_width(mark, largest, bar_space):
    if mark is None or not largest:
        return 0
    return round(bar_space * mark / largest, 1)
