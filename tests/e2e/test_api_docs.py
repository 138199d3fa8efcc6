"""The API's documentation pages in a real browser: they draw every operation, from assets served by the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import expect
from tests.support.server import ApiServer, start_api

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def api(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    server = start_api(f"sqlite:///{tmp_path_factory.mktemp('docs') / 'docs.db'}")
    yield server
    server.stop()


def _offline_page(new_page: Any, api: ApiServer) -> tuple[Any, list[str]]:
    """A tab that may reach only the API: a request anywhere else (a CDN) is refused and remembered (its type and
    address)."""
    page = new_page()
    elsewhere: list[str] = []

    def only_the_api(route: Any) -> None:
        if route.request.url.startswith(api.base_url):
            route.continue_()
        else:
            elsewhere.append(f"{route.request.resource_type} {route.request.url}")
            route.abort()

    page.route("**/*", only_the_api)
    return page, elsewhere


class TestApiDocs:
    def test_swagger_ui_lists_the_operations_offline(self, api: ApiServer, new_page: Any, screenshots: Path) -> None:
        page, elsewhere = _offline_page(new_page, api)
        page.goto(api.base_url + "/docs")
        operations = page.locator(".opblock")
        expect(operations.first).to_be_visible(timeout=30_000)
        assert operations.count() > 40, "every route of the API is listed"
        expect(page.get_by_text("Unable to render this definition")).to_have_count(0)
        expect(page.locator(".opblock-summary-path", has_text="/api/v1/sessions/{session_id}/messages").first
               ).to_be_visible()
        expect(page.locator(".version-stamp, .version").first).to_be_visible()
        page.screenshot(path=str(screenshots / "api-docs-swagger.png"))
        assert not elsewhere, f"the docs page reached outside the API: {elsewhere}"

    def test_an_operation_opens_with_its_parameters(self, api: ApiServer, new_page: Any) -> None:
        page, _ = _offline_page(new_page, api)
        page.goto(api.base_url + "/docs")
        operation = page.locator(".opblock-summary-path", has_text="/api/v1/clients/{client_id}").first
        operation.click()
        expect(page.locator(".parameters-container").first).to_contain_text("client_id")

    def test_redoc_draws_the_reference_offline(self, api: ApiServer, new_page: Any, screenshots: Path) -> None:
        page, elsewhere = _offline_page(new_page, api)
        page.goto(api.base_url + "/redoc")
        expect(page.locator("h1", has_text="Virtual Client API").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("/api/v1/sessions/{session_id}/messages").first).to_be_attached()
        page.screenshot(path=str(screenshots / "api-docs-redoc.png"))
        # ReDoc's footer links its own logo from its makers' site: an image that may be missing, nothing the page runs.
        assert all(request.startswith("image ") for request in elsewhere), elsewhere
