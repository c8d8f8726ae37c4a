"""The site's views, one module per area: pages (what visitors read), links (redirects
that lead to a page), feedback (the vote), support_desk (agents), errors (shared answers).
The JSON endpoints live in articles/api.py."""
