"""The site's views, one module per area: pages (what visitors read), links (redirects that
lead to a page), feedback (the vote), theme, result clicks, health, errors (shared answers).
"""
