"""Support reports in a real browser: Chart.js draws every chart under the CSP, the
tables carry the numbers, axe finds nothing, in English and Arabic."""

from tests.browser.conftest import run_axe, screenshot, sign_in

REPORTS = "/admin/articles/searchlog/analytics/support/"


def test_support_reports_draw_their_charts_over_tables(browser, live_url):
    page = browser.new_context(base_url=live_url).new_page()
    sign_in(page)
    page.goto("/admin/articles/searchlog/analytics/")
    page.get_by_role("link", name="Support reports").first.click()
    page.wait_for_url(f"**{REPORTS}")
    page.wait_for_selector("html.kb-charts-drawn")
    for chart in ("per_day", "first", "resolution", "ratings"):
        box = page.locator(f'canvas[data-kb-chart="{chart}"]').bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, chart
    assert page.locator("#times-table tbody tr").count() == 6  # five languages and all
    assert run_axe(page) == []
    screenshot(page, "admin-support-reports")
    page.goto("/language/ar/")
    page.goto(REPORTS)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "تقارير الدعم"
    page.wait_for_selector("html.kb-charts-drawn")
    screenshot(page, "admin-support-reports-ar")
