"""The search benchmark: numbers, not tests, and tooling, not the product (not in the wheel).

Run from a checkout: `python manage.py bench_search` or `python -m bench` (cli.py).
synthetic.py and corpus.py build a synthetic help center in a scratch database,
queries.py the realistic query sets, baselines.py the two engines we compare with (a plain
Django `icontains` and SQLite FTS5), server.py a real gunicorn server for HTTP latency and
the load runs, editor.py and saves.py an editor saving through the admin during a load
run, and run.py puts them together into one report (report.py prints it; JSON is kept).
"""
