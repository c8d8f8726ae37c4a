"""An article's life: writing, publishing, schedules, revisions, images, content files.

services.py (writes: publishing, the sample help center), selectors.py (reads: what
visitors and the API see in a language), drafts.py (drafts of a live article's English),
revisions.py, pending_history.py and diffs.py (who changed what, pending versions
included), edit_conflicts.py and presence.py (no save over someone else's change; who
has a form open), schedules.py (publication windows), images.py (uploads checked and
cleaned), link_check.py (broken `article:` links), content_files.py, content_import.py
and pending_import.py (the help center as a folder of Markdown files, and back).

Imports: models, markup, core, accounts (who may publish a draft), and the search
package's public API; never the site (web), the admin, the API or support.
"""
