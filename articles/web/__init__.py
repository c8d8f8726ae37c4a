"""The public site: what visitors' browsers get, and how it is served.

views/ (pages, errors, feedback, links, theme, health, result clicks), middleware.py
(what may be cached, and by whom), page_cache.py (pages from the shared cache,
invalidated when content changes), throttles.py (per-client limits), context_processors.py,
sitemaps.py, structured_data.py (schema.org JSON-LD of article pages), redirects.py,
same_origin.py (CSRF on cached pages), media.py (uploads), static_files.py (hashed,
pre-compressed static files), compression.py (public pages compressed, never a response
that holds a secret).

Imports: publishing, translations, search, support (its services), models, markup, core;
never the admin.
"""
