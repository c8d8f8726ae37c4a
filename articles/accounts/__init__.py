"""People: who may do what to which language, group membership, sign-in lockout.

roles.py (per-language translators and reviewers), members.py (what an editor may change
about the help center's groups), lockout.py (django-axes: address and account limits).

Imports: models and core only.
"""
