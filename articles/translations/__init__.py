"""Translations: their states, what a reader gets, the workflow, and translation files.

localization.py (reads: states, fallback, the dashboard), workflow.py (writes: pending
edits, review, approval), edits.py (text changed by restores and file imports, under the
same rules), base.py (what the English said when a translation was made),
po_files.py and po_import.py (a language's work as a gettext PO file, and back),
translator_view.py (the English beside each translation in the change form).

Imports: publishing, accounts, models, markup, core; never the site, the admin or the API.
"""
