"""Search analytics for editors: what visitors looked for, found, opened, and missed.

reports.py (the numbers the admin view shows), fixes.py (the one-click fixes' writes),
export.py (CSV), synthetic.py (the generated month of searches `demo` seeds). Queries are
grouped by search/query_keys.py's key. The admin view is articles/admin/analytics.py.

Imports: search, publishing, models; never the site, the admin or the API.
"""
