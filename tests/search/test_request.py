"""One parser of search parameters for the results page, the API and the support desk."""

import re
import sys

import pytest

from articles.search.request import (
    MAX_QUERY_LENGTH,
    QUERY_PATTERN,
    InvalidSearchRequest,
    SearchRequest,
    parse_search_request,
)


def parse(**params):
    return parse_search_request(params, default_lang="en")


def test_a_full_request_is_read():
    request = parse_search_request(
        {"q": "refund", "lang": "zh-CN", "page": "2", "limit": "5", "category": "fees"},
        default_lang="en",
        categories=frozenset({"fees"}),
    )
    assert request == SearchRequest("refund", "zh-hans", page=2, limit=5, category="fees")


def test_defaults_apply_to_absent_or_empty_parameters():
    assert parse(q="fee", lang="", page="", limit="") == SearchRequest("fee", "en")


def test_the_longest_query_is_accepted_and_one_more_character_is_refused():
    assert parse(q="a" * MAX_QUERY_LENGTH).query == "a" * MAX_QUERY_LENGTH
    with pytest.raises(InvalidSearchRequest) as error:
        parse(q="a" * (MAX_QUERY_LENGTH + 1))
    assert error.value.parameter == "q" and str(MAX_QUERY_LENGTH) in str(error.value)
    # Counted as sent, white space too: the search box's maxlength counts so, and so does
    # the OpenAPI document's maxLength (a rule a client can check before sending).
    with pytest.raises(InvalidSearchRequest):
        parse(q="a " + " " * MAX_QUERY_LENGTH + "b")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x", "lang": "klingon"}, "lang"),
        ({"q": "x", "page": "0"}, "page"),
        ({"q": "x", "page": "abc"}, "page"),
        ({"q": "x", "page": "1.5"}, "page"),
        ({"q": "x", "page": "٣"}, "page"),
        ({"q": "x", "page": "9" * 5000}, "page"),
        ({"q": "x", "limit": "51"}, "limit"),
        ({"q": "x", "limit": "-1"}, "limit"),
    ],
)
def test_bad_parameters_are_named(params, parameter):
    with pytest.raises(InvalidSearchRequest) as error:
        parse(**params)
    assert error.value.parameter == parameter
    assert str(error.value)


def test_an_unknown_category_is_refused_only_when_categories_are_known():
    with pytest.raises(InvalidSearchRequest) as error:
        parse_search_request(
            {"q": "x", "category": "nope"}, default_lang="en", categories=frozenset({"fees"})
        )
    assert error.value.parameter == "category"
    assert parse(q="x", category="nope").category == "nope"


def test_the_query_may_be_optional():
    assert parse_search_request({}, default_lang="ru", require_query=False) == SearchRequest(
        "", "ru"
    )


def test_the_query_pattern_knows_white_space_as_python_does():
    # The OpenAPI document's pattern for `q` and parse_query's strip() agree on every
    # character: "not only white space" is one rule for clients and for the server.
    blank = re.compile(QUERY_PATTERN)
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        assert (blank.search(character) is None) == character.isspace(), hex(code)


@pytest.mark.parametrize("raw", ["05", "+5", "5.0", "٥", "1e1", " 5", "5 ", "-5", "9" * 25])
def test_numbers_are_ascii_digits_in_range(raw):
    params = {"q": "fee", "limit": raw}
    if raw == "05":
        assert parse(**params).limit == 5
        return
    with pytest.raises(InvalidSearchRequest) as error:
        parse(**params)
    assert error.value.parameter == "limit"


def test_an_empty_number_is_refused_where_the_default_is_not_blank():
    with pytest.raises(InvalidSearchRequest) as error:
        parse_search_request({"q": "fee", "page": ""}, default_lang="en", blank_is_default=False)
    assert error.value.parameter == "page"
