"""Languages: the source language named once, BCP 47 tags matched to the site's codes."""

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.core.languages import (
    MAX_LANGUAGE_TAG_LENGTH,
    SOURCE_LANGUAGE,
    language_codes,
    language_tag_pattern,
    match_language,
)


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("zh-CN", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("ZH-HANS", "zh-hans"),
        ("zh_cn", "zh-hans"),
        ("es-419", "es"),
        ("es-MX", "es"),
        ("en-US", "en"),
        ("AR-eg", "ar"),
        (" ru ", "ru"),
    ],
)
def test_tags_match_the_site_language_they_ask_for(tag, code):
    assert match_language(tag) == code


@pytest.mark.parametrize("tag", ["", "pt", "xx-YY", "en" + "-a" * 30, "\x00", "../en", "*"])
def test_tags_no_language_fits_match_nothing(tag):
    assert match_language(tag) is None


def test_the_source_language_is_the_one_in_settings():
    assert SOURCE_LANGUAGE == settings.LANGUAGE_CODE == language_codes()[0]
    assert settings.MODELTRANSLATION_DEFAULT_LANGUAGE == SOURCE_LANGUAGE


def test_language_codes_follow_settings(settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    assert language_codes() == ["en", "fr"]


@given(tag=st.from_regex(language_tag_pattern(), fullmatch=True))
@hypothesis_settings(max_examples=100, database=None)
def test_every_tag_of_the_pattern_matches_a_site_language(tag):
    # /api/openapi.json promises this pattern for `lang`: a client that follows it never
    # gets "unknown language".
    assert len(tag) > MAX_LANGUAGE_TAG_LENGTH or match_language(tag) in language_codes()
