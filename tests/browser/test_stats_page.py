"""The leaders' indicator page in headless Chromium: every plot image loads and has a size."""

from __future__ import annotations

from typing import Any

from bot.web_stats import stats_url
from tests.browser.conftest import Playground


async def test_stats_page_renders_its_plots(playground: Playground, browser_page: Any) -> None:
    services = playground.services
    url = await stats_url(services.db, services.settings)
    response = await browser_page.goto(url)
    assert response.status == 200
    await browser_page.wait_for_load_state("load")
    widths = await browser_page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
    assert len(widths) == 4 and all(w and w > 0 for w in widths), widths
    assert "Denne måneden" in await browser_page.inner_text("body")
