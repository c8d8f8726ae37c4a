"""Paths of the checkout that tests read: one place, so test modules can live in any folder."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository root (where manage.py is)."""

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Test data: relevance sets and the like."""

RELEVANCE_DIR = DATA_DIR / "relevance"
"""The relevance suite, one <lang>.yaml per language (see `search_quality`)."""

TEMPLATES_DIR = ROOT / "templates"
SCRIPTS_DIR = ROOT / "articles" / "static" / "articles"
