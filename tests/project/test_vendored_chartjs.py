"""The admin's charting library is served from the repository, as npm built it."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "articles" / "static" / "vendor" / "chart.js" / "chart.umd.min.js"


def test_vendored_chartjs_is_the_pinned_release():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["chart.js"]
    header = VENDORED.read_text()[:200]
    assert re.search(rf"Chart\.js v{re.escape(pinned)}\b", header), header
    assert (VENDORED.parent / "LICENSE.md").exists()


def test_vendored_chartjs_matches_the_npm_package():
    built = ROOT / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"
    if not built.exists():
        pytest.skip("node_modules/chart.js missing: run npm ci")
    assert VENDORED.read_bytes() == built.read_bytes(), (
        "copy node_modules/chart.js/dist/chart.umd.min.js to articles/static/vendor/chart.js/"
    )
