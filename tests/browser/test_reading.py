"""Reading an answer on a 390 px phone and a 1280 px desktop, light and dark, in every
language: screenshots of the main pages, and failures on horizontal scroll, controls
narrower than 44 px, serious or critical axe findings, and English text (or a lone
character on a heading's last line) in a page of another language."""

import pytest

from tests.browser.conftest import run_axe, screenshot

LANGUAGES = ["en", "zh-hans", "ru", "es", "ar"]
# "充值失败": its heading left 果 alone on the last line at 390 px before headings were balanced.
QUERIES = {
    "en": "refund",
    "zh-hans": "充值失败",
    "ru": "возврат",
    "es": "reembolso",
    "ar": "استرداد",
}
WIDTHS = {"phone": 390, "desktop": 1280}

# Visible controls: whatever is clicked or typed into, except links inside running text.
CONTROLS_TOO_NARROW = """() => [...document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, summary, nav a, .theme-toggle a,'
    + ' .headerlink, .pagination a, .facets a')]
  .filter(el => el.checkVisibility({visibilityProperty: true}))
  .filter(el => el.getBoundingClientRect().width < 44)
  .map(el => el.outerHTML.slice(0, 120))"""

# Text of another language than the page's: any Latin word in a Chinese, Russian or Arabic
# page; English function words in a Spanish one. Text inside an element whose `lang` says
# English (a labelled fallback) is allowed, as are the brand and abbreviations (SMS, USD),
# and addresses (e-mail, web), which belong to no language.
ENGLISH_TEXT = r"""(pageLang) => {
  const english = /\b(the|and|your|you|this|with|what|how|not|for|is|are|of|to|skip|search|help|center|link|copy|share|theme|dark|light|page|yes|article|articles|was|helpful|contact|support)\b/i;
  const latinWord = /[A-Za-z]{2,}/g;
  const allowed = w => ['OKPay', 'Markdown'].includes(w) || /^[A-Z]{2,5}$/.test(w);
  const words = text => text.replace(/\S+@\S+|\S+:\/\/\S+/g, ' ');
  const foreign = text => pageLang === 'es' ? english.test(words(text))
    : (words(text).match(latinWord) || []).some(w => !allowed(w));
  // Text inside an element labelled with another language than the page's is labelled.
  const labelledEnglish = el => el.closest('[lang]')?.getAttribute('lang') !== pageLang;
  const shown = el => el.checkVisibility({visibilityProperty: true});
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE'].includes(el.tagName) || !shown(el)) continue;
    if (!labelledEnglish(el) && foreign(node.textContent)) found.push(node.textContent.trim().slice(0, 80));
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
    for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
      const value = el.getAttribute(name);
      if (value && !labelledEnglish(el) && foreign(value)) found.push(`${name}="${value}"`);
    }
  }
  return found;
}"""

# Headings whose last line holds a single character (a Chinese character left alone).
LONE_LAST_CHARACTER = r"""() => [...document.querySelectorAll('h1, h2')].filter(h => {
  if (!h.getClientRects().length) return false;
  const range = document.createRange(), lines = new Map();
  const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.length; i++) {
      if (!/[\p{L}\p{N}]/u.test(node.data[i])) continue;
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.width) continue;
      const top = Math.round(rect.top);
      lines.set(top, (lines.get(top) || 0) + 1);
    }
  }
  const tops = [...lines.keys()].sort((a, b) => a - b);
  return tops.length > 1 && lines.get(tops[tops.length - 1]) === 1;
}).map(h => h.textContent.trim())"""


def check_page(page, lang: str, name: str) -> None:
    """The checks every page gets, and its screenshot under `name`."""
    screenshot(page, name, full_page=False)  # what a reader sees first
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    assert page.evaluate(CONTROLS_TOO_NARROW) == [], name
    assert page.evaluate(LONE_LAST_CHARACTER) == [], name
    if lang != "en":
        assert page.evaluate(ENGLISH_TEXT, lang) == [], name


# Where the parts of an article page are, in one round trip.
ARTICLE_LAYOUT = """() => {
  const box = selector => {
    const el = document.querySelector(selector);
    const rect = el.getBoundingClientRect();
    return {top: rect.top, bottom: rect.bottom, width: rect.width, shown: el.checkVisibility(),
            open: el.hasAttribute('open')};
  };
  const rows = new Set([...document.querySelectorAll('.language-switcher li')]
    .map(li => Math.round(li.getBoundingClientRect().top))).size;
  return {body: box('.article-body'), share: box('details.share'), compact: box('.toc-compact'),
          side: box('.toc-side'), switcherRows: rows};
}"""


def check_article_layout(page, width: str) -> None:
    """The answer first: contents collapsed above the body on a phone, beside it on a
    desktop; the share tools after the body, closed."""
    layout = page.evaluate(ARTICLE_LAYOUT)
    body, share, compact, side = (layout[k] for k in ("body", "share", "compact", "side"))
    assert not share["open"] and share["top"] >= body["bottom"] - 1
    if width == "phone":
        assert compact["shown"] and not side["shown"]
        assert not compact["open"] and compact["top"] < body["top"]
        assert layout["switcherRows"] == 1, "the language switcher wraps"
    else:
        assert side["shown"] and not compact["shown"]
        assert side["top"] < body["bottom"] and side["width"] < 400


# Each page in both themes and at both widths, without every combination: the article
# (what this is about) in all four, home and results in two each, crossed.
VIEWS = {
    "phone": {"light": ["article", "home"], "dark": ["article", "results"]},
    "desktop": {"light": ["article", "results"], "dark": ["article", "home"]},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reading_pages_on_a_phone_and_a_desktop_in_both_themes(browser, live_url, lang):
    urls = {
        "home": f"/{lang}/",
        "article": f"/{lang}/articles/withdrawal-delayed/",
        "results": f"/{lang}/search/?q={QUERIES[lang]}",
    }
    # axe (slow) where a finding can differ: every rule once per language, on the article
    # (theme alternating by language); the contrast rule, which depends on the theme, on
    # the article in the other theme, and on home and results in English (colours do not
    # depend on the language).
    full_axe = ("desktop", "dark" if LANGUAGES.index(lang) % 2 else "light")
    for width, themes in VIEWS.items():
        context = browser.new_context(
            base_url=live_url, viewport={"width": WIDTHS[width], "height": 900}
        )
        page = context.new_page()
        for theme, names in themes.items():
            page.emulate_media(color_scheme=theme)  # the system's preference
            for name in names:
                page.goto(urls[name])
                check_page(page, lang, f"reading-{name}-{lang}-{WIDTHS[width]}-{theme}")
                if name == "article":
                    check_article_layout(page, width)
                if name == "article" and (width, theme) == full_axe:
                    assert run_axe(page) == [], f"{name} {lang} {width} {theme}"
                elif (name == "article" and width == "phone") or lang == "en":
                    contrast = run_axe(page, ["color-contrast"])
                    assert contrast == [], f"{name} {lang} {width} {theme}"
        context.close()


BACKGROUND = "getComputedStyle(document.documentElement).backgroundColor"


def test_the_theme_toggle_works_without_javascript_and_is_remembered(browser, live_url):
    context = browser.new_context(
        base_url=live_url, java_script_enabled=False, viewport={"width": 390, "height": 900}
    )
    page = context.new_page()
    response = page.goto("/ar/articles/fees/")
    assert "set-cookie" not in response.headers  # the page itself sets none
    light = page.evaluate(BACKGROUND)
    page.locator(".theme-toggle a:visible").click()  # "Dark theme", in Arabic
    page.wait_for_url("**/ar/articles/fees/")
    assert page.locator("html").get_attribute("data-theme") == "dark"
    dark = page.evaluate(BACKGROUND)
    assert dark != light
    page.goto("/ar/")  # another page remembers it
    assert page.evaluate(BACKGROUND) == dark
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot(page, "theme-dark-ar-390")
    page.locator(".theme-toggle a:visible").click()  # back to light
    page.wait_for_url("**/ar/")
    assert page.evaluate(BACKGROUND) == light
    context.close()


def test_an_article_prints_as_the_article(page, live_url):
    page.goto("/es/articles/withdrawal-delayed/")
    short_link = page.locator("#short-link").input_value()
    title = page.locator("h1").inner_text()
    page.emulate_media(media="print")
    printed = page.evaluate("document.body.innerText")
    assert printed.strip().startswith(title)
    assert "Idioma: Español" in printed
    assert printed.strip().endswith(short_link)
    for hidden in (".site-header", ".breadcrumbs", ".toc-side", ".toc-compact", ".share",
                   ".feedback", ".related", ".site-footer", ".updated"):  # fmt: skip
        assert not page.locator(hidden).first.is_visible(), hidden
    screenshot(page, "print-article-es")


def test_the_suggestion_count_is_announced_in_the_right_plural(page):
    page.goto("/ru/")
    box = page.get_by_role("combobox")
    box.press_sequentially("пароль", delay=30)
    page.get_by_role("option").first.wait_for()
    # The last option is "Search for …" (articles/static/articles/site.js), not a suggestion.
    count = page.get_by_role("option").count() - 1
    announced = page.locator(".search-form [role=status]").inner_text()
    assert announced.startswith(str(count))
    form = {1: "подсказка", 2: "подсказки", 3: "подсказки", 4: "подсказки"}.get(count, "подсказок")
    assert f"{count} {form}." in announced
