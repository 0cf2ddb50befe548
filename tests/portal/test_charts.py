"""The shared server-side bar chart (portal/charts.py): bars scale to the largest value, a
reference mark counts in that scale, long labels are shortened, the table's headings are the
caller's."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from portal import charts


@dataclass
class Row:
    label: str
    count: int
    mark: int | None = None


def test_bars_and_marks_share_one_scale():
    chart = charts.bar_chart(
        [Row("Trường A", 50, 100), Row("Trường B", 20)],
        title="Số đăng ký",
        chart_id="demand",
        item_label="Trường",
        value_label="NV1",
        mark_label="Chỉ tiêu",
    )
    space = charts.CHART_WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    first, second = chart["bars"]
    # The mark (100) is the largest value: the bar of 50 is half the space.
    assert float(first["width"]) == round(space / 2, 1)
    assert float(first["mark_x"]) == charts.LABEL_WIDTH + space
    assert "mark_x" not in second and float(second["width"]) == round(space / 5, 1)
    assert (chart["item_label"], chart["value_label"], chart["mark_label"]) == (
        "Trường",
        "NV1",
        "Chỉ tiêu",
    )


def test_the_template_draws_marks_and_repeats_them_in_the_table():
    chart = charts.bar_chart(
        [Row("Trường A " * 10, 5, 8)], title="T", chart_id="c", mark_label="Chỉ tiêu"
    )
    html = render_to_string("portal/charts/bar_chart.html", {"chart": chart})
    assert html.count('<line class="mark"') == 1
    assert "<td>5</td><td>8</td>" in html
    assert "…" in html  # the long label is shortened in the drawing, whole in the table
    assert 'role="img"' in html and '<title id="c-title">T</title>' in html


def test_no_rows_says_so_and_draws_nothing():
    chart = charts.bar_chart([], title="T", chart_id="c", empty="Chưa có hồ sơ.")
    html = render_to_string("portal/charts/bar_chart.html", {"chart": chart})
    assert "<svg" not in html and "Chưa có hồ sơ." in html
    assert chart["mark_label"] is None
