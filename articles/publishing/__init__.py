"""An article's life: writing, publishing, schedules, revisions, images, content files.

services.py (writes: publishing, the sample help center), selectors.py (reads: what
visitors and the API see in a language), revisions.py and edit_conflicts.py (who changed
what; no save over a newer one), schedules.py (publication windows), images.py (uploads
checked and cleaned), link_check.py (broken `article:` links), content_files.py,
content_import.py and pending_import.py (the help center as a folder of Markdown files,
and back).

Imports: models, markup, core, and the search package's public API; never the site
(web), the admin, the API or support.
"""
