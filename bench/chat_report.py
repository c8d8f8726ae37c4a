"""The chat benchmark's report (bench/chat_run.py measures): each round's page
throughput ratio, the CPU means per group of processes, and the text printed, each
figure beside its target (docs/benchmark.md, "The chat benchmark")."""

import statistics

TARGETS = {"p95_ms": 250.0, "lost": 0, "doubled": 0, "throughput_ratio": 0.9}


def _check(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def throughput_ratios(rounds: list[dict]) -> list[float]:
    """Each round's page throughput with the chats talking / with them silent."""
    return [
        r["talking"]["throughput_rps"] / r["silent"]["throughput_rps"]
        if r["silent"]["throughput_rps"] else 0.0
        for r in rounds
    ]  # fmt: skip


def cpu_means(rounds: list[dict]) -> dict:
    """{"silent": {process name: mean % of one core over the rounds' loads}, "talking":
    the same}."""
    return {
        state: {
            name: round(statistics.mean(r[state]["cpu_percent"][name] for r in rounds), 1)
            for name in rounds[0][state]["cpu_percent"]
        }
        for state in ("silent", "talking")
    }


def _cpu_line(report: dict) -> str:
    means = report["cpu"]
    parts = [f"{name} {means['silent'][name]:g} → {means['talking'][name]:g}"
             for name in means["silent"]]  # fmt: skip
    return (f"  CPU while the pages load, % of one core, mean of the rounds (silent → "
            f"talking): {', '.join(parts)}")  # fmt: skip


def _pages_lines(report: dict) -> list[str]:
    """The pages' part of the report: before the chats, each round, the median ratio."""
    before = report["before"]
    lines = [f"  pages before any chat opened: {before['throughput_rps']} requests/s "
             f"(p95 {before['all']['p95_ms']} ms; errors {before['errors']})"]  # fmt: skip
    ratios = report["ratios"]
    for number, (one, ratio) in enumerate(zip(report["rounds"], ratios, strict=True), start=1):
        silent, talking = one["silent"], one["talking"]
        lines.append(
            f"  pages, round {number}: {silent['throughput_rps']} requests/s with the chats "
            f"silent, {talking['throughput_rps']} talking ({ratio:.2f}×; p95 "
            f"{silent['all']['p95_ms']} → {talking['all']['p95_ms']} ms; errors "
            f"{silent['errors']} / {talking['errors']})"
        )
    ratio = report["median_ratio"]
    lines.append(
        f"  talking / silent, median of {len(ratios)} rounds {ratio:.2f}×    target ≥ "
        f"{TARGETS['throughput_ratio']}×  {_check(ratio >= TARGETS['throughput_ratio'])}"
    )
    lines.append(_cpu_line(report))
    return lines


def render(report: dict) -> str:
    """The report as text: each figure beside its target."""
    chats, delivery, storage = report["chats"], report["chats"]["delivery"], report["storage"]
    store = report["store"]
    p95 = delivery["p95_ms"]
    on_time = p95 is not None and p95 <= TARGETS["p95_ms"]
    once = chats["doubled"] == 0 and storage["stored_twice"] == 0
    return "\n".join([
        f"\nChat benchmark: {report['conversations']} chats ({chats['sockets']} sockets: a visitor "
        f"and an agent each, {report['agents']} agents' workspaces), a message per side every "
        f"~{report['every']:g} s, each after a \"typing\" frame; {report['cpus']} cores; "
        f"channel layer: {report['layer']}",
        f"  sockets opened in {chats['open_seconds']} s; messages sent "
        f"{chats['sent']}, acknowledged {chats['acknowledged']}, stored {storage['stored']}; "
        f"workspace events {chats['queue_events']}; errors {chats['errors'] or 'none'}; "
        f"sockets opened on a retry {chats['reopened']}, dropped during the run "
        f"{chats['dropped']} ({chats['unsent']} messages not sent on them)",
        f"  delivery p50 {delivery['median_ms']} ms, p95 {p95} ms, p99 {delivery['p99_ms']} ms"
        f"    target p95 ≤ {TARGETS['p95_ms']:.0f} ms  {_check(on_time)}",
        f"  lost {chats['lost']}    target 0  {_check(chats['lost'] == 0)}",
        f"  doubled {chats['doubled']} on a socket, {storage['stored_twice']} stored twice"
        f"    target 0  {_check(once)}",
        f"  storing one message in process, nothing else running: a visitor's p50 "
        f"{store['visitor']['median_ms']} ms (p95 {store['visitor']['p95_ms']}), an agent's "
        f"p50 {store['agent']['median_ms']} ms (p95 {store['agent']['p95_ms']})",
        *_pages_lines(report),
        f"Whole run: {report['seconds']} s; the machine's load average over the last 5 "
        f"minutes {report['load_average']} (other work on the cores slows every figure)",
    ])  # fmt: skip
