"""The chat benchmark (`manage.py bench_chat`): live chats beside page load, as deployed.

In a scratch data directory (the sample help center, built by `manage.py demo --no-serve`)
it starts the production pair of docs/operating.md: `gunicorn kb.wsgi` for pages and
`gunicorn kb.asgi:application -k kb.chat_worker.ChatWorker` for the chat's sockets —
`--chat-workers` ASGI workers (1 by default, as on SQLite), on channels-redis when a Redis
URL is given, else on the in-memory layer (one worker only). Then:

1. page throughput before any chat opens (closed-loop clients on articles, searches and
   suggestions), for reference;
2. the chats opened (bench/chat_clients.py, in a process of its own), then `--rounds`
   rounds (16) of the same page load with the chats silent and with both sides of every
   chat talking — silent first in odd rounds, second in even ones, so that the shared
   machine's drift falls on both sides alike. The ratio checked against its target is
   the median of the rounds' ratios (talking / silent): one pair of long runs moved by
   ±30 % on this machine with nothing else running. Over each load, the CPU time of the
   page workers, the chat server and the chat clients is read from /proc: a steadier
   account of what the chats take from the pages than throughput on a shared machine;
3. each conversation's stored messages read back over the HTTP fallback: stored once each.

Before the servers start, it also times storing one message in process (chat_data.py's
store_timings: the step a chat socket runs, with nothing else on the cores).
"""

import json
import multiprocessing
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.chat_clients import client_process
from bench.chat_report import cpu_means, render, throughput_ratios
from bench.server import ROOT, Server, cpu_seconds, cpu_used, environment, url_quote
from bench.stats import summary

# Seconds after the chats start or stop talking, before a page load starts: more than
# the workspace rows' delay (queue_relay.OUTBOX_BATCH + QUEUE_BATCH, 1 s).
SETTLE_SECONDS = 1.5
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


def _next_result(results, talker, seconds: float) -> dict:
    """The clients' next answer on `results` ({"ready": True}, their report, or
    {"failed": text}), waiting `seconds` at most. Raises RuntimeError when they failed,
    died, or did not answer in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            answer = results.get(timeout=1)
        except queue.Empty:
            if not talker.is_alive():
                raise RuntimeError(f"The chat clients died (exit code {talker.exitcode})") from None
            continue
        if "failed" in answer:
            raise RuntimeError(f"The chat clients failed: {answer['failed']}")
        return answer
    raise RuntimeError(f"The chat clients did not answer within {seconds:.0f} s")


def _open_chats(chat: Server, people: dict, options: dict, progress) -> tuple:
    """The chat clients' process (bench/chat_clients.py, a daemon) with every socket
    open: (the process, its `talk` and `stop` events, its results queue). Raises
    RuntimeError when they could not open."""
    context = multiprocessing.get_context("spawn")
    talk, stop, results = context.Event(), context.Event(), context.Queue()
    config = {"ws_url": f"ws://127.0.0.1:{chat.port}", "origin": f"http://127.0.0.1:{chat.port}",
              "agents": people["agents"], "chats": people["chats"], "every": options["every"],
              "grace": 10.0}  # fmt: skip
    talker = context.Process(target=client_process, args=(config, talk, stop, results), daemon=True)
    talker.start()
    progress(f"Opening {len(people['chats'])} chats ({talker.pid})")
    try:
        _next_result(results, talker, 300)
    except RuntimeError:
        talker.terminate()
        raise
    time.sleep(2 * SETTLE_SECONDS)  # the joins' work in the chat process ends
    return talker, talk, stop, results


def _rounds(pages: Server, talk, options: dict, progress, processes: dict) -> list[dict]:
    """`rounds` rounds of the page load with the open chats silent and talking (`talk`
    cleared or set), silent first in odd rounds, second in even ones: drift of the shared
    machine over the run falls on both sides alike. Each load starts SETTLE_SECONDS after
    the change, so that neither side inherits the other's work still under way (the
    workspace rows relayed up to 1 s later). `processes`: name → a function giving
    pids, whose CPU is measured over each load. [{"silent", "talking"}: load figures,
    each with "cpu_percent": {name: % of one core}]."""
    rounds, seconds = [], options["seconds"]
    for number in range(options["rounds"]):
        order = ("silent", "talking") if number % 2 == 0 else ("talking", "silent")
        one = {}
        for state in order:
            talk.set() if state == "talking" else talk.clear()
            time.sleep(SETTLE_SECONDS)
            progress(f"Round {number + 1} of {options['rounds']}: pages, the chats {state}")
            before = {name: cpu_seconds(pids()) for name, pids in processes.items()}
            started = time.monotonic()
            one[state] = pages.load(page_mix(), seconds, options["clients"])
            elapsed = time.monotonic() - started
            one[state]["cpu_percent"] = {
                name: round(100 * cpu_used(before[name], cpu_seconds(pids())) / elapsed, 1)
                for name, pids in processes.items()
            }
        rounds.append(one)
    talk.clear()
    return rounds


def measure(options: dict, env: dict, people: dict, progress) -> dict:
    """The page load before any chat opens, then the rounds with the chats open, then
    their counts: the report's "before", "rounds", "ratios" (each round's, talking /
    silent), "median_ratio", "cpu" (cpu_means: the pages', the chat server's and the
    chat clients' processes), "chats", "storage" and "store" parts. Raises RuntimeError
    when the chat clients fail; they are stopped whatever happens."""
    with Server(env) as pages, ChatServer(env, workers=options["chat_workers"]) as chat:
        pages.load(page_mix(), 3, options["clients"])  # warm: templates, caches, searchers
        progress(f"Pages before any chat opens: {options['seconds']:.0f} s")
        before = pages.load(page_mix(), options["seconds"], options["clients"])
        talker, talk, stop, results = _open_chats(chat, people, options, progress)
        try:
            processes = {"pages": pages.pids, "chat server": chat.pids,
                         "chat clients": lambda: [talker.pid]}  # fmt: skip
            rounds = _rounds(pages, talk, options, progress, processes)
            stop.set()
            chats = _next_result(results, talker, 120)
        finally:
            stop.set()  # also when a round failed or the run was interrupted
            talker.join(timeout=30)
            if talker.is_alive():
                talker.terminate()
        storage = _stored_once(pages, people)
    latencies = chats.pop("latencies_ms")
    ratios = throughput_ratios(rounds)
    return {"before": before, "rounds": rounds, "ratios": [round(r, 3) for r in ratios],
            "median_ratio": round(statistics.median(ratios), 3), "cpu": cpu_means(rounds),
            "store": people["store"],
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
        people = prepare(env, options["chats"], options["agents"])
        report = measure(options, env, people, progress)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report.update(layer=layer, cpus=os.cpu_count(), load_average=round(os.getloadavg()[1], 1),
                  agents=len(people["agents"]), conversations=len(people["chats"]),
                  every=options["every"], seconds=round(time.monotonic() - started))  # fmt: skip
    write(render(report))
    if options.get("json"):
        Path(options["json"]).write_text(json.dumps(report, indent=2))
