"""Search analytics for editors: what visitors looked for, found, opened, and missed.

keys.py (the normalized form queries are grouped by), reports.py (the numbers the admin
view shows), fixes.py (the one-click fixes' writes), export.py (CSV), synthetic.py (the
generated month of searches `demo` seeds). The admin view is articles/analytics_admin.py.
"""
