"""The search benchmark (`python manage.py bench_search`): numbers, not tests.

corpus.py builds a synthetic help center in a scratch database, queries.py the realistic
query sets, baselines.py the two engines we compare with (a plain Django `icontains` and
SQLite FTS5), server.py a real gunicorn server for HTTP latency and the load run, and
run.py puts them together into one report (printed and written as JSON).
"""
