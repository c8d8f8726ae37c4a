"""The spike table: every row with its "before" (same run, same machine), the measured
value and the target, plus the top functions of the load runs' profiles (--profile)."""

from bench.report import _check, _fmt


def _load_cell(load: dict | None) -> str:
    if not load:
        return "—"
    every = load["all"]
    return (
        f"{load['throughput_rps']} req/s; p50 {_fmt(every['median_ms'])}, "
        f"p95 {_fmt(every['p95_ms'])}, p99 {_fmt(every['p99_ms'])} ms; {load['errors']} errors"
    )


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _load_rows(report: dict) -> list[tuple]:
    """Rows of the load runs: 8 clients, 32 clients, with an editor saving."""
    before, after = report["spike"]["before"], report["spike"]["after"]
    clients, many = report["config"]["clients"], report["config"].get("spike_clients", 32)
    load_b, load_a = before.get(f"load_{clients}"), after.get(f"load_{clients}")
    fast = bool(load_a) and load_a["throughput_rps"] >= 300 and load_a["all"]["p95_ms"] <= 100
    rows = [
        (f"mixed load, {clients} clients, SQLite", _load_cell(load_b), _load_cell(load_a),
         "≥ 300 req/s, p95 ≤ 100 ms, 0 errors", _verdict(fast and not load_a["errors"])),
    ]  # fmt: skip
    heavy = after.get(f"load_{many}")
    if heavy:
        ok = not heavy["errors"] and heavy["all"]["p99_ms"] <= 500
        rows.append((f"the same with {many} clients", "not measured", _load_cell(heavy),
                     "no errors, p99 ≤ 500 ms", _verdict(ok)))  # fmt: skip
    saves = report.get("load_saves")
    if saves:
        worst, busy = saves["save_to_searchable"]["p99_ms"], saves["with_saves"]
        ok = worst <= 1000 and not busy["errors"] and busy["all"]["p99_ms"] <= 500
        ok = ok and not saves.get("failed_saves")
        rows.append((f"{saves['clients']} clients with an editor saving every 5 s", "",
                     f"{_load_cell(busy)}; save → searchable worst {_fmt(worst)} ms",
                     "no errors, p99 ≤ 500 ms, every save searchable ≤ 1 s",
                     _verdict(ok)))  # fmt: skip
    return rows


def _pages(pages: dict) -> str:
    return f"{_fmt(pages['visitor']['median_ms'])} / {_fmt(pages['staff']['median_ms'])} ms"


def _cold(cold: dict) -> str:
    return f"{_fmt(cold['cold']['p95_ms'])} ({_fmt(cold['slowest_ms'])}) ms, {cold['ratio_p95']}×"


def _latency_rows(report: dict) -> list[tuple]:
    """Rows of single requests: article pages, cold start, repeated searches, FTS5."""
    before, after = report["spike"]["before"], report["spike"]["after"]
    visitor = after["article_page"]["visitor"]["median_ms"]
    staff = after["article_page"]["staff"]["median_ms"]
    rows = [
        ("article page over HTTP, p50: visitor / staff", _pages(before["article_page"]),
         _pages(after["article_page"]), "≤ 5 ms / ≤ 25 ms", _verdict(visitor <= 5 and staff <= 25)),
        ("a new server's first searches: p95 (slowest), × warm p95", _cold(before["cold_start"]),
         _cold(after["cold_start"]), "p95 ≤ 2× warm p95",
         _check(after["cold_start"]["ratio_p95"], 2.0)),
        ("repeated identical searches over HTTP, 2 workers, p95",
         f"{_fmt(before['repeated_search']['p95_ms'])} ms",
         f"{_fmt(after['repeated_search']['p95_ms'])} ms", "≤ 5 ms",
         _check(after["repeated_search"]["p95_ms"], 5.0)),
    ]  # fmt: skip
    if "in_process" in report:
        rows.append(("in-process search median vs FTS5", "", _fts5_ratios(report),
                     "≤ 1.5× in every language",
                     _check(max(_fts5_values(report)), 1.5)))  # fmt: skip
    return rows


def _capacity_rows(report: dict) -> list[tuple]:
    """Rows of the rebuild and of memory."""
    before, after = report["spike"]["before"], report["spike"]["after"]
    rebuild = report["rebuild"]
    serial = rebuild.get("serial", {})
    return [
        (f"full rebuild, {rebuild['documents']} documents",
         f"{_fmt(serial.get('seconds'))} s ({serial.get('documents_per_s')}/s), one process",
         f"{_fmt(rebuild['seconds'])} s ({rebuild['documents_per_s']}/s)", "≤ 15 s",
         _check(rebuild["seconds"], 15.0)),
        ("memory, master + 2 workers: PSS (peak RSS summed)",
         f"{before['memory_pss_mb']} ({before['memory_peak_rss_mb']}) MB",
         f"{after['memory_pss_mb']} ({after['memory_peak_rss_mb']}) MB", "≤ 400 MB",
         _check(after["memory_pss_mb"], 400.0)),
    ]  # fmt: skip


def _rows(report: dict) -> list[tuple]:
    """(measure, before, measured, target, verdict) of each row of the issue's table."""
    return _load_rows(report) + _latency_rows(report) + _capacity_rows(report)


def _fts5_values(report: dict) -> list[float]:
    return [
        report["in_process"][lang]["uncached"]["median_ms"] / report["fts5"][lang]["median_ms"]
        for lang in report["config"]["languages"]
    ]


def _fts5_ratios(report: dict) -> str:
    values = _fts5_values(report)
    langs = report["config"]["languages"]
    return ", ".join(f"{lang} {value:.1f}×" for lang, value in zip(langs, values, strict=True))


def render_spike(report: dict, add) -> None:
    """Add the spike table (and profile tops) to the report's lines."""
    if "spike" not in report:
        return
    add("\nIncident spike: before = KB_PAGE_CACHE=0 KB_WARM_WORKERS=0 and one "
        "rebuild process, same run")  # fmt: skip
    for measure, before, measured, target, verdict in _rows(report):
        add(f"  {measure}\n      before   {before}\n      now      {measured}\n"
            f"      target   {target}  {verdict}")  # fmt: skip
    for label in ("before", "after"):
        for key, load in report["spike"][label].items():
            profile = load.get("profile") if isinstance(load, dict) else None
            if profile and profile["samples"]:
                add(f"\n  profile, {label}, {key} ({profile['samples']} busy samples), "
                    "share of samples with the function on the stack:")  # fmt: skip
                for frame, share in profile["inclusive"][:20]:
                    add(f"    {share * 100:5.1f}%  {frame}")
