"""Headless Debian chromium driven by playwright, with every network route blocked.

Locally a missing browser skips these tests with the reason shown; with ``CI=true``
a missing browser fails them (CI installs ``chromium`` with apt). Never run
``playwright install``: the tests use the system browser at ``/usr/bin/chromium``.

Screenshots go to ``tests/artifacts/`` (git-ignored; CI may keep them as artifacts).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NETCLUST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Visit:
    """A page opened offline, with what it tried to fetch and what it logged."""

    page: object
    url: str
    requests: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    console: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)

    @property
    def errors(self) -> list:
        return [c for c in self.console if c[0] in ("error", "pageerror")]

    def foreign_requests(self) -> list:
        """Requests other than the page itself (data: URLs are inline, not fetched)."""
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def visit(browser):
    """``visit(path) -> Visit``: open a local HTML file with all routes blocked."""
    contexts = []

    def _visit(path: Path, *, wait_map: bool = True, viewport=(1400, 900)) -> Visit:
        ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  service_workers="block")
        contexts.append(ctx)
        page = ctx.new_page()
        url = Path(path).resolve().as_uri()
        v = Visit(page=page, url=url)

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                v.blocked.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        page.on("request", lambda req: v.requests.append(req.url))
        page.on("console", lambda m: v.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: v.console.append(("pageerror", str(e))))

        def on_dialog(d):
            v.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url, wait_until="load")
        if wait_map:
            page.wait_for_selector(".nc-map[data-ready='1']", timeout=120_000)
        return v

    yield _visit
    for ctx in contexts:
        ctx.close()
