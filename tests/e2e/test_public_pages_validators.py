"""Every public page type of the demo portal (department and school) on a 390 px phone and a
desktop, in Chromium: nothing wider than the screen, the phone layout (videos, stacked tables,
compact alerts), and no violation from axe-core (WCAG 2.1 A/AA) or the Nu HTML Checker.

axe-core and vnu.jar come from npm (package.json, installed by `make test`); vnu runs on Java.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from alerts.factories import AlertFactory
from alerts.models import Alert
from portal.demo.loader import load_department
from tests.e2e.public_pages import browser_url, public_page_urls

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BASE_DIR = Path(__file__).resolve().parents[2]
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def require(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: `make test` installs it (npm ci, package-lock.json)")
    return path


@pytest.fixture
def demo(live_server):
    home = load_department()
    # A second urgent notice, long, as real ones are.
    AlertFactory(
        title="Học sinh toàn tỉnh nghỉ học ngày mai do bão số 13 đổ bộ vào đất liền",
        message="Các trường thông báo cho cha mẹ học sinh. " * 8,
        severity=Alert.Severity.DANGER,
    )
    return home


def journey_step_url(live_server):
    """The first step of the first procedure handled online here."""
    from procedures.models import ProcedurePage

    for procedure in ProcedurePage.objects.live().order_by("path"):
        if procedure.form_fields.exists():
            return browser_url(live_server, procedure.full_url + "nop-truc-tuyen/buoc-1/")
    pytest.fail("the demo has no procedure with an online form")


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]


def nu_errors(files):
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: scripts/test-servers.sh installs default-jre-headless")
    result = subprocess.run(
        [
            java,
            "-jar",
            str(require(VNU)),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(message['url']).name}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] == "error"
    ]


def test_every_public_page_type_passes_axe_and_the_nu_checker(demo, browser, live_server, tmp_path):
    require(AXE)
    urls = public_page_urls(live_server)
    assert len(urls) > 30
    violations, overflow, files = {}, {}, []
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport, locale="vi-VN", bypass_csp=True)
        page = context.new_page()
        for number, (label, url) in enumerate(urls):
            response = page.goto(url)
            key = f"{label} @{viewport['width']}"
            assert response.status < 500, key
            if viewport is PHONE:  # the server's HTML once, for the Nu checker
                html_file = tmp_path / f"{number:03d}.html"
                html_file.write_bytes(response.body())
                files.append(html_file)
            if (extra := page.evaluate(OVERFLOW_JS)) > 0:
                overflow[key] = extra
            if found := axe_violations(page):
                violations[key] = found
        # A journey step sent empty: the page with its errors.
        key = f"journey step with errors @{viewport['width']}"
        page.goto(journey_step_url(live_server))
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".form__errors").count() == 1, key
        if viewport is PHONE:
            html_file = tmp_path / "journey.html"
            html_file.write_text(page.content())
            files.append(html_file)
        if (extra := page.evaluate(OVERFLOW_JS)) > 0:
            overflow[key] = extra
        if found := axe_violations(page):
            violations[key] = found
        context.close()
    assert overflow == {}
    assert violations == {}
    labels = {f"{number:03d}.html": label for number, (label, _url) in enumerate(urls)}
    errors = nu_errors(files)
    assert [f"{labels.get(error.split(':')[0], '')} {error}" for error in errors] == []


def test_phone_layout(demo, new_page, live_server):
    """At 390 px: videos fit, the documents and work-calendar tables are stacked cards, the
    urgent notices take a line each, and nothing scrolls sideways."""
    phone = new_page(viewport=PHONE)
    phone.goto(live_server.url + "/")
    alerts = phone.locator(".site-alerts")
    assert alerts.locator(".site-alert").count() >= 2
    # One line per notice (its message opens below it), not a screenful.
    assert alerts.bounding_box()["height"] <= 60 * alerts.locator(".site-alert").count()
    assert phone.evaluate(OVERFLOW_JS) <= 0

    # The lead article carries the demo's video.
    phone.locator(".card--lead a, .card__title a").first.click()
    video = phone.locator(".block-video iframe")
    assert video.count() == 1
    box = video.bounding_box()
    assert box["width"] <= PHONE["width"] - 16
    assert 0.5 < box["height"] / box["width"] < 0.6  # 16:9
    assert phone.evaluate(OVERFLOW_JS) <= 0

    phone.goto(live_server.url + "/van-ban/")
    row = phone.locator(".document-table tbody tr").first
    assert row.evaluate("element => getComputedStyle(element).display") == "block"
    cell = row.locator("td").first
    assert cell.evaluate("element => getComputedStyle(element, '::before').content") != "none"
    assert phone.evaluate(OVERFLOW_JS) <= 0

    phone.goto(live_server.url + "/lich/lich-cong-tac/?tuan=2026-W49")
    week = phone.locator(".calendar-week table")
    assert week.count() == 1
    assert week.evaluate("element => getComputedStyle(element).display") == "block"
    assert phone.evaluate(OVERFLOW_JS) <= 0

    school = demo.get_children().get(slug="truong-hoc").get_children().get(slug="th-nghia-lo")
    phone.goto(browser_url(live_server, school.specific.full_url))
    assert phone.evaluate(OVERFLOW_JS) <= 0
    assert phone.problems == []
