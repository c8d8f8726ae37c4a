"""Search as people type, in a real browser: suggestions from words anywhere in
titles end with a "search for …" row, and their count is announced in the page's language
with its plural form."""

import re


def test_suggestions_end_with_a_search_row_and_announce_their_count(page):
    page.goto("/ru/")
    box = page.get_by_role("combobox")
    box.press_sequentially("пароль", delay=40)
    # Every keystroke refreshes the list: wait for the one of the whole word.
    page.get_by_role("option", name="Искать «пароль»").wait_for()
    options = page.get_by_role("option")
    last = options.nth(options.count() - 1)
    assert last.get_attribute("id") == "suggestion-search"
    assert last.inner_text() == "Искать «пароль»"
    live = page.locator(".search-form [role=status]")
    count = options.count() - 1
    forms = {1: "подсказка", 2: "подсказки", 3: "подсказки", 4: "подсказки"}
    assert live.inner_text().startswith(f"{count} {forms.get(count, 'подсказок')}")
    box.press("ArrowUp")  # from the top, up wraps to the search row
    assert box.get_attribute("aria-activedescendant") == "suggestion-search"
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/ru/search/\?q=.+"))
    assert (
        page.locator("ol.results li a")
        .first.get_attribute("href")
        .endswith("/ru/articles/reset-password/")
    )


def test_a_typo_still_gets_suggestions(page):
    page.goto("/en/")
    box = page.get_by_role("combobox")
    box.press_sequentially("pasword", delay=40)
    # Every keystroke refreshes the list: wait for the one of the whole word.
    page.get_by_role("option", name=re.compile("password", re.I)).first.wait_for()
    assert "password" in page.get_by_role("option").first.inner_text().lower()
