"""Two editors on one article in a real browser: a merge, a conflict on the same field
shown word by word, the history, a restore."""

import re

from tests.browser.conftest import run_axe, screenshot, sign_in


def test_conflict_history_diff_and_restore_under_the_csp(browser, live_url):
    first = browser.new_context(base_url=live_url).new_page()
    second = browser.new_context(base_url=live_url).new_page()
    for page in (first, second):
        sign_in(page)
    first.goto("/admin/articles/article/?q=withdrawal")
    first.locator("#result_list tbody th a").first.click()
    first.wait_for_url(re.compile(r".*/change/"))
    change_url = first.url
    second.goto(change_url)

    first.fill("#id_title_en", "Withdrawal delayed: what to check first")
    first.locator("input[name=_publish_source]").click()
    first.wait_for_url(re.compile(r".*/change/"))
    second.fill("#id_title_en", "Withdrawal delayed? Check this first")
    second.locator("input[name=_continue]").click()
    conflict = second.locator(".kb-conflict")
    conflict.wait_for(state="visible")
    assert conflict.locator(".kb-diff-del").first.inner_text().strip() != ""
    assert "Withdrawal delayed: what to check first" in conflict.inner_text()
    assert second.input_value("#id_title_en") == "Withdrawal delayed? Check this first"
    screenshot(second, "admin-edit-conflict")

    first.locator("a.historylink").click()
    first.wait_for_url(re.compile(r".*/history/"))
    assert first.locator(".kb-diff-ins", has_text="first").count() == 1
    assert run_axe(first) == []
    screenshot(first, "admin-revisions")
    first.locator(".kb-restore button").first.click()
    first.wait_for_url(re.compile(r".*/history/\?lang=en"))
    assert "restored as a new revision" in first.locator(".messagelist").inner_text()
    first.goto(change_url)
    assert first.input_value("#id_title_en") != "Withdrawal delayed: what to check first"
