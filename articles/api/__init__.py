"""The JSON API for help-desk tools and search-as-you-type (django-ninja).

endpoints.py (the routes and the OpenAPI document), articles.py (what `/api/articles`
answers), parameters.py (what each query parameter accepts), schemas.py (the answers'
shapes), auth.py (API tokens at request time, and the limit of failed token checks).

Imports: web's throttles and page cache, publishing, translations, search, support's
link usage, models, core; never the admin.
"""
