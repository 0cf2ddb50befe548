"""End-to-end fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API leaves an asyncio event loop marked as running in the test thread for as
long as it is started. Django then refuses ORM calls from that thread unless
DJANGO_ALLOW_ASYNC_UNSAFE is set (it is safe here: nothing is async), and it keeps that
thread's database connections in a different place: see ``browser``.
"""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One headless Chromium for the end-to-end tests; each test opens its own context.

    DJANGO_ALLOW_ASYNC_UNSAFE is set only while Playwright runs, and the browser is scoped to
    this package, so that neither leaks into the rest of the suite (subprocesses started by
    other tests inherit the environment, and `check --deploy` rightly warns about the flag).

    Django keeps database connections in an asgiref ``Local(thread_critical=True)``: a plain
    thread-local while no event loop runs, a context variable once one does. Without care, the
    tests after Playwright starts would get new connection objects, which lack the test
    database's serialized contents; ``serialized_rollback`` would then silently restore nothing
    and every test after the first would find the tree emptied by the previous flush. So the
    test database is set up first and the thread's connections are carried over to the loop's
    side, keeping one connection per alias as Django expects.
    """
    executable = shutil.which(CHROMIUM) or shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (make test-system-deps installs it)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    thread_connections = {alias: connections[alias] for alias in connections}
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def new_page(browser, live_server):
    """A factory of pages, each in a fresh browser context pointed at the live server.

    Every page records the browser's console errors and uncaught script errors in
    ``page.problems`` so that a test can assert the page raised none (CSP violations,
    missing static files and JavaScript errors all show up there).
    """
    contexts = []

    def make(**context_options):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on(
            "console",
            lambda message: (
                page.problems.append(f"console: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
