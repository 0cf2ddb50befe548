"""Screenshots of the portal on a 390 px phone, as PNG files, from a running portal.

    make run                                   # in one terminal (the demo content)
    .venv/bin/python bench/screenshots.py shots/ [--base-url http://localhost:8000]
        [--school th-nghia-lo] [--width 390]

Writes home.png, article-video.png, documents.png, journey-errors.png and school-home.png
(full pages) into the folder given, with Debian's Chromium (/usr/bin/chromium) through
Playwright. The article is the first one on the news page carrying a video; the journey is
the first online procedure's first step, sent empty so that it shows its errors.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]


def shoot(page, folder, name):
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(path)


def first_article_with_video(page, base):
    page.goto(f"{base}/tin-tuc/")
    links = [a.get_attribute("href") for a in page.locator(".card__title a").all()]
    for href in links:
        page.goto(href if href.startswith("http") else base + href)
        if page.locator(".block-video").count():
            return True
    return False


def journey_with_errors(page, base):
    page.goto(f"{base}/thu-tuc-hanh-chinh/")
    links = [
        a.get_attribute("href") for a in page.locator("main a[href*='/thu-tuc-hanh-chinh/']").all()
    ]
    for href in dict.fromkeys(links):
        url = href if href.startswith("http") else base + href
        response = page.goto(url.rstrip("/") + "/nop-truc-tuyen/buoc-1/")
        if response and response.status == 200 and page.locator("main form").count():
            page.locator("main form button[type=submit]").last.click()
            page.wait_for_load_state()
            return True
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--base-url", default="http://localhost:8000")
    parser.add_argument("--school", default="th-nghia-lo")
    parser.add_argument("--width", type=int, default=390)
    options = parser.parse_args()
    options.folder.mkdir(parents=True, exist_ok=True)
    base = options.base_url.rstrip("/")
    parts = urlsplit(base)
    school_url = f"{parts.scheme}://{options.school}.{parts.netloc}/"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": options.width, "height": 844}, locale="vi-VN", device_scale_factor=2
        )
        page = context.new_page()
        page.goto(base + "/")
        shoot(page, options.folder, "home")
        if first_article_with_video(page, base):
            shoot(page, options.folder, "article-video")
        else:
            print("no article with a video on /tin-tuc/", file=sys.stderr)
        page.goto(f"{base}/van-ban/")
        shoot(page, options.folder, "documents")
        if journey_with_errors(page, base):
            shoot(page, options.folder, "journey-errors")
        else:
            print("no online procedure found under /thu-tuc-hanh-chinh/", file=sys.stderr)
        page.goto(school_url)
        shoot(page, options.folder, "school-home")
        browser.close()


if __name__ == "__main__":
    main()
