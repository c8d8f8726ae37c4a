"""The chat benchmark (`manage.py bench_chat`): live chats beside page load, as deployed.

In a scratch data directory (the sample help center, built by `manage.py demo --no-serve`)
it starts the production pair of docs/operating.md: `gunicorn kb.wsgi` for pages and
`gunicorn kb.asgi:application -k kb.chat_worker.ChatWorker` for the chat's sockets —
`--chat-workers` ASGI workers (1 by default, as on SQLite), on channels-redis when a Redis
URL is given, else on the in-memory layer (one worker only). Then:

1. page throughput alone (closed-loop clients on articles, searches and suggestions);
2. the chats opened (bench/chat_clients.py, in a process of its own), and while both sides
   of every chat send messages, the same page load again;
3. each conversation's stored messages read back over the HTTP fallback: stored once each.

Before the servers start, it also times storing one message in process (chat_data.py's
store_timings: the step a chat socket runs, with nothing else on the cores).
"""

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.chat_clients import client_process
from bench.server import ROOT, Server, environment, url_quote
from bench.stats import summary

TARGETS = {"p95_ms": 250.0, "lost": 0, "doubled": 0, "throughput_ratio": 0.9}
SEARCHES = ("top-up failed", "refund", "password", "fees", "frozen account", "withdrawal")


def page_mix() -> dict[str, list[str]]:
    """Every sample article in every language (70 %), searches (20 %), suggestions (10 %)."""
    content = ROOT / "articles" / "sample_content"
    languages = sorted(p.name for p in content.iterdir() if p.is_dir())
    articles = [f"/{lang}/articles/{page.stem}/" for lang in languages
                for page in sorted((content / lang).glob("*.md"))]  # fmt: skip
    return {
        "article:70": articles,
        "search:20": [f"/en/search/?q={url_quote(q)}" for q in SEARCHES],
        "suggest:10": [f"/api/suggest?q={url_quote(q[:4])}&lang=en" for q in SEARCHES],
    }


class ChatServer(Server):
    """The chat's ASGI group: gunicorn with Uvicorn workers on kb.asgi."""

    command = ("kb.asgi:application", "-k", "kb.chat_worker.ChatWorker")


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    return done.stdout


def prepare(env: dict, chats: int, agents: int) -> dict:
    """The sample help center, `agents` signed-in agents and `chats` open conversations."""
    _manage(env, "demo", "--no-serve", "-v0")
    code = f"from bench.chat_data import main; main({chats}, {agents})"
    return json.loads(_manage(env, "shell", "-c", code).strip().splitlines()[-1])


def _stored_once(pages: Server, people: dict) -> dict:
    """Read every conversation back over the HTTP fallback: messages stored, client ids
    stored more than once (the unique constraint makes that 0 unless it is broken)."""
    stored, repeated = 0, 0
    for chat in people["chats"]:
        status, body = pages.get(f"/en/requests/{chat['token']}/messages/")
        if status != 200:
            raise RuntimeError(f"reading a conversation back answered {status}")
        ids = [m["client_id"] for m in json.loads(body)["messages"] if m["client_id"]]
        stored += len(ids)
        repeated += len(ids) - len(set(ids))
    return {"stored": stored, "stored_twice": repeated}


def measure(options: dict, env: dict, people: dict, progress) -> dict:
    """Both load runs and the chats; the report's "pages", "chats" and "storage" parts."""
    mix, seconds, clients = page_mix(), options["seconds"], options["clients"]
    chat_workers = options["chat_workers"]
    with Server(env) as pages, ChatServer(env, workers=chat_workers) as chat:
        pages.load(mix, 3, clients)  # warm: templates, caches, index searchers
        progress(f"Pages alone: {seconds:.0f} s, {clients} clients")
        alone = pages.load(mix, seconds, clients)
        context = multiprocessing.get_context("spawn")
        ready, go, results = context.Event(), context.Event(), context.Queue()
        config = {"ws_url": f"ws://127.0.0.1:{chat.port}", "origin": f"http://127.0.0.1:{chat.port}",
                  "agents": people["agents"], "chats": people["chats"], "seconds": seconds,
                  "every": options["every"], "grace": 10.0}  # fmt: skip
        talker = context.Process(target=client_process, args=(config, ready, go, results))
        talker.start()
        progress(f"Opening {len(people['chats'])} chats ({talker.pid})")
        ready.wait(timeout=300)
        progress(f"Pages while the chats talk: {seconds:.0f} s")
        go.set()
        during = pages.load(mix, seconds, clients)
        chats = results.get(timeout=seconds + 120)
        talker.join(timeout=30)
        if "failed" in chats:
            raise RuntimeError(f"The chat clients failed: {chats['failed']}")
        storage = _stored_once(pages, people)
    latencies = chats.pop("latencies_ms")
    return {"pages_alone": alone, "pages_with_chats": during, "store": people["store"],
            "chats": {**chats, "delivery": summary(latencies)}, "storage": storage}  # fmt: skip


def run(options: dict, write, progress) -> None:
    """The whole chat benchmark in a scratch directory; `write` prints the report."""
    scratch = Path(tempfile.mkdtemp(prefix="kb-bench-chat-"))
    env = environment(scratch / "data", None)
    env.pop("REDIS_URL", None)
    if options["redis"]:
        env["REDIS_URL"] = options["redis"]
    layer = "channels-redis at " + options["redis"] if options["redis"] else "in-memory"
    layer += f", {options['chat_workers']} chat worker(s)"
    progress(f"Channel layer: {layer}; preparing the help center in {scratch}")
    started = time.monotonic()
    try:
        people = prepare(env, options["chats"], options["agents"] or max(1, options["chats"] // 4))
        report = measure(options, env, people, progress)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report.update(layer=layer, cpus=os.cpu_count(), load_average=round(os.getloadavg()[1], 1),
                  agents=len(people["agents"]), conversations=len(people["chats"]),
                  every=options["every"], seconds=round(time.monotonic() - started))  # fmt: skip
    write(render(report))
    if options.get("json"):
        Path(options["json"]).write_text(json.dumps(report, indent=2))


def _check(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def render(report: dict) -> str:
    """The report as text: each figure beside its target."""
    chats, delivery, storage = report["chats"], report["chats"]["delivery"], report["storage"]
    store = report["store"]
    alone = report["pages_alone"]["throughput_rps"]
    during = report["pages_with_chats"]["throughput_rps"]
    ratio = during / alone if alone else 0.0
    p95 = delivery["p95_ms"]
    pages_p95 = (
        report["pages_alone"]["all"]["p95_ms"],
        report["pages_with_chats"]["all"]["p95_ms"],
    )
    pages_errors = (report["pages_alone"]["errors"], report["pages_with_chats"]["errors"])
    on_time = p95 is not None and p95 <= TARGETS["p95_ms"]
    once = chats["doubled"] == 0 and storage["stored_twice"] == 0
    return "\n".join([
        f"\nChat benchmark: {report['conversations']} chats ({chats['sockets']} sockets: a visitor "
        f"and an agent each, {report['agents']} agents' workspaces), a message per side every "
        f"~{report['every']:g} s; {report['cpus']} cores; channel layer: {report['layer']}",
        f"  sockets opened in {chats['open_seconds']} s; messages sent {chats['sent']}, "
        f"acknowledged {chats['acknowledged']}, stored {storage['stored']}; "
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
        f"  pages: {alone} requests/s alone, {during} with the chats open "
        f"(p95 {pages_p95[0]} → {pages_p95[1]} ms; errors {pages_errors[0]} / {pages_errors[1]})",
        f"  with / without {ratio:.2f}×    target ≥ {TARGETS['throughput_ratio']}×  "
        f"{_check(ratio >= TARGETS['throughput_ratio'])}",
        f"Whole run: {report['seconds']} s; the machine's load average over the last 5 "
        f"minutes {report['load_average']} (other work on the cores slows every figure)",
    ])  # fmt: skip
