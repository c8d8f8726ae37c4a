"""Markdown rendering: features editors use, and nothing executable ever survives."""

import os
import re
import subprocess
import sys

import pytest

from articles.markup.markdown import HEADING_ID_PREFIX, render_markdown
from tests.markup.executable import executable_parts
from tests.paths import SCRIPTS_DIR, TEMPLATES_DIR

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<input autofocus onfocus=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![img](javascript:alert(1))",
    '![img](x "onerror=alert(1)")',
    "[ref]: javascript:alert(1)\n\n[x][ref]",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="x:expression(alert(1))">x</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<a href=x onmouseover=alert(1)>x</a>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)</script>-->",
    "`<script>` in code is fine: `<img onerror=alert(1)>`",
    "```html\n<script>alert(1)</script>\n```",
    '<base href="javascript:alert(1)//">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "## Heading {: onclick=alert(1) }",
    "<h2 id=x onclick=alert(1)>x</h2>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<script>alert(1)",
    "<textarea><script>alert(1)</script>",
    "<svg><foreignObject><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a title="<script>alert(1)</script>" href="https://example.com">x</a>',
    "<xmp><img src=x onerror=alert(1)></xmp>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_nothing_executable_survives(payload):
    html = render_markdown(f"Intro\n\n{payload}\n\nOutro")
    assert executable_parts(html) == [], html


def test_the_checker_itself_catches_script():
    assert executable_parts('<a href=" jav\tascript:x">x</a>') == ["a[href= jav\tascript:x]"]
    assert executable_parts('<a onclick="y">x</a><script></script>') == ["a[onclick]", "<script>"]


def test_there_are_at_least_thirty_payloads():
    assert len(set(XSS_PAYLOADS)) >= 30


def test_code_shows_markup_as_text():
    html = render_markdown("Use `<script>` tags.\n\n```\n<b>bold</b>\n```")
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_headings_get_stable_ids_for_deep_links():
    html = render_markdown("## What to do\n\ntext\n\n## What to do\n\n## 充值失败怎么办")
    assert (
        '<h2 id="section-what-to-do">What to do<a class="headerlink" href="#section-what-to-do"'
        in html
    )
    assert '<h2 id="section-what-to-do_1">' in html
    assert '<h2 id="section-充值失败怎么办">' in html
    # The same text renders to the same ids in every process (no per-process salt or
    # counter): a deep link saved yesterday still finds its heading after a restart.
    code = (
        "from articles.markup.markdown import render_markdown; "
        "print(render_markdown('## What to do\\n\\n## Снятие средств'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": "kb.settings"},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert outputs == {render_markdown("## What to do\n\n## Снятие средств") + "\n"}


def test_h1_in_a_body_becomes_h2_because_the_title_is_the_page_h1():
    assert render_markdown("# Big").startswith('<h2 id="section-big">')


def test_tables_fenced_code_and_lists():
    html = render_markdown(
        "| Fee | When |\n|:--|--:|\n| 1% | always |\n\n```python\nx = 1\n```\n\n1. one\n2. two"
    )
    assert "<table>" in html and '<td align="left">1%</td>' in html
    assert "<pre><code>x = 1" in html
    assert "<ol>" in html and "<li>two</li>" in html


def test_safe_links_keep_their_target_and_get_noopener():
    html = render_markdown("[help](../contact-support/) and [site](https://example.com)")
    assert 'href="../contact-support/"' in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer"' in html


def test_empty_body_renders_empty():
    assert render_markdown("") == ""


# --- Heading ids never repeat an id of the page around the body ----------------------


def page_ids() -> tuple[set[str], set[str]]:
    """Ids the templates and scripts give elements: (exact ids, prefixes of variable ids)."""
    exact, prefixes = set(), set()
    sources = [(path, r'\bid="([^"]+)"') for path in TEMPLATES_DIR.rglob("*.html")]
    sources += [(path, r'\.id\s*=\s*"([^"]+)"') for path in SCRIPTS_DIR.glob("*.js")]
    for path, pattern in sources:
        for value in re.findall(pattern, path.read_text("utf-8")):
            if value.startswith("{{ field.auto_id }}"):
                prefixes.add("id_")  # a form field's id: Django's auto_id, "id_<name>"
            elif "{" in value:
                prefixes.add(value.split("{")[0])
            elif value.endswith("-") and path.suffix == ".js":  # "suggestion-" + i
                prefixes.add(value)
            else:
                exact.add(value)
    return exact, prefixes


def test_the_page_id_scan_finds_the_ids_that_matter():
    exact, prefixes = page_ids()
    assert {"main", "feedback", "search-input", "search-suggestions", "toc-title"} <= exact
    assert {"category-", "suggestion-"} <= prefixes


def test_no_template_id_is_in_the_heading_namespace():
    exact, prefixes = page_ids()
    assert not [i for i in exact | prefixes if i.startswith(HEADING_ID_PREFIX)]


def headings_resembling(page_id: str) -> list[str]:
    """Headings an editor or translator might write that slugify to (or near) page_id."""
    words = page_id.replace("-", " ")
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in page_id)
    return [
        f"## {page_id}",
        f"## {words.title()}",
        f"## {words.upper()}!",
        f"# {words}?",
        f"### «{words}»",
        f"## {fullwidth}",
        f"## {page_id.replace('i', 'İ')}",  # Turkish dotted capital I lowercases to i + dot
        f"## {page_id.replace('a', 'а')}",  # Cyrillic а
        f'<h2 id="{page_id}">{words}</h2>',  # raw HTML in the body
        f"## {page_id}\n\n## {page_id}",
        f"## {page_id}_1",
    ]


# Headings in every language: transliterated, translated or left as the English word.
TRANSLATED_HEADINGS = [
    "## Feedback", "## Отзыв", "## Obratnaya svyaz", "## 反馈", "## Fankui", "## Comentarios",
    "## التعليقات", "## Main", "## Главная", "## 主要", "## Principal", "## الرئيسية",
]  # fmt: skip


def test_no_heading_can_take_an_id_the_page_uses():
    exact, prefixes = page_ids()
    bodies = [b for page_id in exact | prefixes for b in headings_resembling(page_id)]
    bodies += TRANSLATED_HEADINGS
    for body in bodies:
        for heading_id in re.findall(r'\bid="([^"]*)"', render_markdown(body)):
            assert heading_id.startswith(HEADING_ID_PREFIX), body
            assert heading_id not in exact, body
            assert not any(heading_id.startswith(prefix) for prefix in prefixes), body


@pytest.mark.django_db
def test_an_article_with_a_feedback_heading_has_one_feedback_id(client):
    from tests.factories import ArticleFactory

    ArticleFactory(slug="ids", published=True, body_en="## Feedback\n\n## Main\n\n## Main")
    html = client.get("/en/articles/ids/").content.decode()
    assert html.count('id="feedback"') == 1 and html.count('id="main"') == 1
    assert 'href="#section-feedback"' in html  # the table of contents follows
