"""The benchmark report as a plain-text table: measured figures beside targets and baselines."""

from bench import changes, postgres_backend


def render_spike(report: dict, add) -> None:
    from bench.spike_report import render_spike as spike_table  # it imports this module

    spike_table(report, add)


def render_incident(report: dict, add) -> None:
    from bench.incident_report import render_incident as incident_table  # it imports this

    incident_table(report, add)


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        value = f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return f"{value}{unit}"


def _check(value, target, higher_is_better: bool = False) -> str:
    if value is None or target is None:
        return ""
    ok = value >= target if higher_is_better else value <= target
    return "ok" if ok else "MISSED"


def render(report: dict) -> str:
    t = report["targets"]
    lines = []
    add = lines.append
    config = report["config"]
    rebuild = report.get("rebuild", {})  # none for --only changes
    add(f"\nSearch benchmark: {report['corpus']['articles']} articles × {len(config['languages'])} "
        f"languages = {rebuild.get('documents', '—')} documents; {report['machine']['cpus']} cores")  # fmt: skip
    if "relevance" in report:
        _relevance(report, add)
    if rebuild:
        add("\nIndexing")
        add(f"  full rebuild        {_fmt(rebuild['seconds'], ' s'):>10}  target ≤ {t['rebuild_s']:.0f} s  "
            f"{_check(rebuild['seconds'], t['rebuild_s'])}   ({rebuild['documents_per_s']} documents/s)")  # fmt: skip
    if "in_process" in report:
        _in_process(report, add)
    if "postgres_backend" in report:
        postgres_backend.render(report, add)
    if "http" in report:
        _http(report, add)
    if "changes" in report:
        add("\nKeeping macros in step over HTTP (ms)")
        changes.render(report, add)
    for key, label in (("load_sqlite", "SQLite"), ("load_postgresql", "PostgreSQL")):
        if key in report:
            _load(report[key], label, add)
    if "load_saves" in report:
        _load_saves(report["load_saves"], add)
    if "load_saves_error" in report:
        add(f"\nLoad run with saves failed: {report['load_saves_error']}")
    render_spike(report, add)
    render_incident(report, add)
    peak = f"\nPeak memory: benchmark process {report['bench_peak_memory_mb']} MB"
    if "server_peak_memory_mb" in report:  # the load runs' server (not with --only incident)
        peak += f", gunicorn master + workers {report['server_peak_memory_mb']} MB"
    add(peak)
    return "\n".join(lines)


def _relevance(report: dict, add) -> None:
    config = report["config"]
    add("\nRelevance on the sample help center (hit@3 / MRR)")
    add(f"  {'lang':<8} {'search':>13} {'icontains':>13} {'fts5':>13}")
    for lang in config["languages"]:
        cells = []
        for engine in ("search", "icontains", "fts5"):
            row = report["relevance"][engine].get(lang, {})
            cells.append(f"{row.get('hit_at_3', 0):.2f} / {row.get('mrr', 0):.2f}")
        add(f"  {lang:<8} {cells[0]:>13} {cells[1]:>13} {cells[2]:>13}")


def _in_process(report: dict, add) -> None:
    t, config = report["targets"], report["config"]
    save = report["save_to_searchable_s"]
    add(f"  save → searchable   {_fmt(save['median_ms'], ' ms'):>10}  p95 {_fmt(save['p95_ms'], ' ms')}  "
        f"target ≤ 1000 ms  {_check(save['p95_ms'], t['save_to_searchable_s'] * 1000)}")  # fmt: skip

    add("\nSearch in process (ms): ours uncached / cached, baselines on the same queries")
    add(f"  {'lang':<8} {'n':>4} {'p50':>7} {'p95':>7} {'cached p95':>11} {'icontains p50':>14} "
        f"{'× faster':>9} {'fts5 p50':>9} {'× fts5':>7}")  # fmt: skip
    worst_p95 = worst_cached = 0.0
    speedups = []
    for lang in config["languages"]:
        row = report["in_process"][lang]
        ours, cached, base = row["uncached"], row["cached"], row["icontains"]
        fts = report["fts5"][lang]
        speedup = base["median_ms"] / ours["median_ms"] if ours["median_ms"] else None
        slower_than_fts = ours["median_ms"] / fts["median_ms"] if fts["median_ms"] else None
        speedups.append(speedup or 0)
        worst_p95 = max(worst_p95, ours["p95_ms"])
        worst_cached = max(worst_cached, cached["p95_ms"])
        add(f"  {lang:<8} {row['queries']:>4} {_fmt(ours['median_ms']):>7} {_fmt(ours['p95_ms']):>7} "
            f"{_fmt(cached['p95_ms']):>11} {_fmt(base['median_ms']):>14} {_fmt(speedup, '×'):>9} "
            f"{_fmt(fts['median_ms']):>9} {_fmt(slower_than_fts, '×'):>7}")  # fmt: skip
    add(f"  worst uncached p95 {worst_p95:.1f} ms (target ≤ {t['search_uncached_p95_ms']:.0f}) "
        f"{_check(worst_p95, t['search_uncached_p95_ms'])}; worst cached p95 {worst_cached:.2f} ms "
        f"(target ≤ {t['search_cached_p95_ms']:.0f}) {_check(worst_cached, t['search_cached_p95_ms'])}; "
        f"slowest speed-up over icontains {min(speedups):.1f}× (target ≥ {t['speedup_vs_icontains']:.0f}×) "
        f"{_check(min(speedups), t['speedup_vs_icontains'], higher_is_better=True)}")  # fmt: skip

    hostile = report.get("hostile")
    if hostile:
        add(
            f"  hostile queries: worst {hostile['worst_ms']} ms over {hostile['queries']} (target: well under 1 s)"
        )


def _http(report: dict, add) -> None:
    t = report["targets"]
    add("\nOver HTTP against gunicorn (ms)")
    http = report["http"]
    for name, target in (("api_search", t["api_search_p95_ms"]), ("api_suggest", t["api_suggest_p95_ms"]),
                         ("page_home", None), ("page_results", None), ("page_article", None)):  # fmt: skip
        row = http[name]
        goal = f"target p95 ≤ {target:.0f}  {_check(row['p95_ms'], target)}" if target else ""
        add(f"  {name:<14} p50 {_fmt(row['median_ms']):>7}  p95 {_fmt(row['p95_ms']):>7}  "
            f"p99 {_fmt(row['p99_ms']):>7}  (n={row['n']})  {goal}")  # fmt: skip


def _load(load: dict, label: str, add) -> None:
    add(f"\nLoad run on {label}: {load['seconds']} s, {load['clients']} clients, "
        f"70% article / 20% search / 10% suggest")  # fmt: skip
    add(f"  {load['throughput_rps']} requests/s, {load['requests']} requests, "
        f"{load['errors']} errors; p50 {load['all']['median_ms']} ms, p95 {load['all']['p95_ms']} ms, "
        f"p99 {load['all']['p99_ms']} ms")  # fmt: skip
    for kind in ("article", "search", "suggest"):
        row = load[kind]
        add(
            f"    {kind:<8} p50 {_fmt(row['median_ms']):>7}  p95 {_fmt(row['p95_ms']):>7}  n={row['n']}"
        )


def _load_saves(run: dict, add) -> None:
    add(f"\nLoad on SQLite with an editor saving every {run['save_every_s']:.0f} s through the admin "
        f"({run['seconds']:.0f} s per run, {run['clients']} visitors; visitors' requests, ms)")  # fmt: skip
    rows = (("without saves", run["without_saves"]), ("with saves", run["with_saves"]),
            ("around a save", {"all": run["around_saves"]}))  # fmt: skip
    for label, row in rows:
        every = row["all"]
        extra = (f"  {row['throughput_rps']} req/s, {row['over_1s_per_minute']} over 1 s a minute, "
                 f"{row['errors']} errors; search p95 {_fmt(row['search']['p95_ms'])}"
                 if "search" in row else "")  # fmt: skip
        add(f"  {label:<14} p50 {_fmt(every['median_ms']):>7}  p95 {_fmt(every['p95_ms']):>7}  "
            f"p99 {_fmt(every['p99_ms']):>7}  (n={every['n']}){extra}")  # fmt: skip
    if run.get("failed_saves"):
        add(
            f"  {run['failed_saves']} saves refused by the server, e.g. {run['failed_examples'][0]}"
        )
    post, found = run["save_post"], run["save_to_searchable"]
    add(f"  {run['saves']} saves: admin POST p50 {_fmt(post['median_ms'])} ms, worst {_fmt(post['p99_ms'])} ms; "
        f"save → searchable p50 {_fmt(found['median_ms'])} ms, worst {_fmt(found['p99_ms'])} ms")  # fmt: skip
