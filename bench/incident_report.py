"""The incident table: each figure of the issue beside its target, the load mixes as
ratios to the floor (`/robots.txt`) measured by the same server in the same run."""

from bench.incident import TARGETS
from bench.report import _check, _fmt

REBUILD_TARGET_S = 15.0
FTS5_TARGET = 1.5
MEMORY_TARGET_MB = 300.0


def _cell(load: dict) -> str:
    every = load["all"]
    return (
        f"{load['throughput_rps']} req/s, p50 {_fmt(every['median_ms'])}, "
        f"p95 {_fmt(every['p95_ms'])}, p99 {_fmt(every['p99_ms'])} ms, {load['errors']} errors"
    )


def _mix_rows(run: dict) -> list[tuple]:
    rows = [("floor: /robots.txt", _cell(run["floor"]), "(the reference)", "")]
    for label, name in (("incident", "incident mix (Zipf)"), ("long_tail", "long-tail mix")):
        load, goal = run[label], TARGETS[label]
        ok = (load["rps_ratio"] >= goal["rps_ratio"] and load["p95_ratio"] <= goal["p95_ratio"]
              and not load["errors"])  # fmt: skip
        rows.append((
            name,
            f"{_cell(load)}; {load['rps_ratio']}× the floor's req/s, "
            f"{load['p95_ratio']}× its p95",
            f"≥ {goal['rps_ratio']}× req/s, p95 ≤ {goal['p95_ratio']:.0f}× the floor's, 0 errors",
            "ok" if ok else "MISSED",
        ))  # fmt: skip
    saves = run["saves"]
    worst = saves["save_to_searchable_worst_ms"]
    ok = (not saves["errors"] and not saves["failed_saves"] and worst is not None
          and worst <= TARGETS["save_to_searchable_ms"]
          and saves["p99_over_floor_p95"] <= TARGETS["saves_p99_over_floor_p95"])  # fmt: skip
    rows.append((
        f"{saves['clients']} clients, incident mix, an editor saving every 5 s",
        f"{_cell(saves)}; p99 {saves['p99_over_floor_p95']}× the floor's p95; "
        f"{saves['saves']} saves ({saves['failed_saves']} failed), searchable after "
        f"p50 {_fmt(saves['save_to_searchable']['median_ms'])} ms, worst {_fmt(worst)} ms "
        f"(the POST answered in p50 {_fmt(saves.get('save_post', {}).get('median_ms'))} ms)",
        "0 errors, p99 ≤ 10× the floor's p95, every save searchable ≤ 1 s",
        "ok" if ok else "MISSED",
    ))  # fmt: skip
    return rows


def _fts5_row(report: dict) -> tuple | None:
    source = report.get("search_vs_fts5") or report
    if "in_process" not in source or "fts5" not in source:
        return None
    ratios = {
        lang: source["in_process"][lang]["uncached"]["median_ms"]
        / source["fts5"][lang]["median_ms"]
        for lang in report["config"]["languages"]
    }
    cell = ", ".join(f"{lang} {ratio:.1f}×" for lang, ratio in ratios.items())
    return ("in-process search median vs SQLite FTS5", cell, f"≤ {FTS5_TARGET}× in every language",
            _check(max(ratios.values()), FTS5_TARGET))  # fmt: skip


def render_incident(report: dict, add) -> None:
    """Add the incident table to the report's lines (nothing when it was not measured)."""
    run = report.get("incident")
    if not run:
        return
    add(f"\nIncident against the floor (one server, same run; {run['clients']} clients, "
        f"{run['seconds']:.0f} s per mix)")  # fmt: skip
    rows = _mix_rows(run)
    rebuild = report.get("rebuild")
    if rebuild:
        seconds = rebuild["seconds"]
        rows.append((f"full rebuild, {rebuild['documents']} documents",
                     f"{_fmt(seconds)} s ({rebuild['documents_per_s']}/s)",
                     f"≤ {REBUILD_TARGET_S:.0f} s", _check(seconds, REBUILD_TARGET_S)))  # fmt: skip
    fts5 = _fts5_row(report)
    if fts5:
        rows.append(fts5)
    memory = run["memory_pss_mb"]
    rows.append(("memory, master + 2 workers (PSS)", f"{memory} MB",
                 f"≤ {MEMORY_TARGET_MB:.0f} MB", _check(memory, MEMORY_TARGET_MB)))  # fmt: skip
    for measure, measured, target, verdict in rows:
        add(f"  {measure}\n      measured {measured}\n      target   {target}  {verdict}")
    for label in ("floor", "incident", "long_tail", "saves"):
        profile = run[label].get("profile")
        if profile and profile["samples"]:
            add(f"\n  profile, {label} ({profile['samples']} busy samples), share of samples "
                "with the function on the stack:")  # fmt: skip
            for frame, share in profile["inclusive"][:20]:
                add(f"    {share * 100:5.1f}%  {frame}")
