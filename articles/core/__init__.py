"""Pieces every layer shares that know no feature of the help center.

languages.py (the codes, the source language, matching a tag), client_ip.py (the
address of a request, behind trusted proxies), shared_cache.py (the shared cache, read so
that an outage degrades instead of failing), redis_cache.py (Django's Redis cache behind
a circuit breaker: a hung Redis is skipped, not waited for), buffered.py (writes queued
off the request path), visitor_text.py (text a visitor sends, made safe to store).

Imports: Django and libraries only; nothing else of `articles`.
"""
