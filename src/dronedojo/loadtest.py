"""The live load benchmark: N pilots flying at once against a real server on loopback.

A server (``dronedojo serve``) runs in its own process; this process opens N sessions and,
for each, sends inputs at 60 Hz and reads the 60 Hz state frames, for a bounded time. It
measures the input-to-state round trip as a pilot's browser would (from sending input
``seq`` to the first state frame that acknowledges it), counts sessions that dropped, and
reads from the server (GET /api/engine) how late its physics steps started. The load is
bounded in sessions, rate and time and only ever targets 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import msgspec
import websockets

INPUT_HZ = 60.0
START_TIMEOUT_S = 600.0
LIMIT_LATENESS_MS = 2.0
LIMIT_LATENCY_MS = 10.0


@dataclass
class Pilot:
    latencies: list[float] = field(default_factory=list)
    dropped: str | None = None
    frames: int = 0


@contextmanager
def serving(data_dir: Path, log: IO[bytes] | None = None, **env: str) -> Iterator[str]:
    """A ``dronedojo serve`` process on a free loopback port, ready (its /healthz answers;
    a fresh machine compiles the kernels first); yields its URL, stops it on exit."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "dronedojo", "serve", "--port", str(port), "--data-dir",
         str(data_dir)],
        stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT, env={**os.environ, **env},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                _get(f"{url}/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _post(url: str, body: dict[str, Any]) -> Any:
    req = urllib.request.Request(
        url, json.dumps(body).encode(), {"content-type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


async def _fly(url: str, ws_url: str, hold_s: float, start: float, pilot: Pilot) -> None:
    encode = msgspec.msgpack.Encoder().encode
    decode = msgspec.msgpack.Decoder().decode
    sent: dict[int, float] = {}
    try:
        async with websockets.connect(ws_url, max_size=2**16, ping_interval=None) as ws:
            await ws.recv()  # hello

            async def send() -> None:
                seq, period = 0, 1.0 / INPUT_HZ
                next_t = time.perf_counter()
                while time.perf_counter() < start + hold_s:
                    seq += 1
                    sent[seq] = time.perf_counter()
                    armed = seq > 30
                    await ws.send(encode({
                        "type": "input", "seq": seq, "t": sent[seq] * 1000.0,
                        "sticks": [0.0, 0.0, 0.0, 0.0 if not armed else 0.5 + 0.01 * (seq % 3)],
                        "arm": armed,
                    }))  # fmt: skip
                    next_t += period
                    await asyncio.sleep(max(0.0, next_t - time.perf_counter()))
                await ws.send(encode({"type": "end"}))

            sender = asyncio.create_task(send())
            acked = 0
            async for message in ws:
                data = decode(message if isinstance(message, bytes) else message.encode())
                if isinstance(data, list):
                    pilot.frames += 1
                    ack = int(data[3])
                    if ack > acked:
                        if time.perf_counter() > start:  # the hold, not the ramp-up
                            pilot.latencies.append(time.perf_counter() - sent[ack])
                        for k in range(acked + 1, ack + 1):
                            sent.pop(k, None)
                        acked = ack
                elif data.get("type") == "result":
                    break
            await sender
    except Exception as e:
        pilot.dropped = f"{type(e).__name__}: {e}"


async def _load(url: str, n: int, hold_s: float) -> list[Pilot]:
    pilots = [Pilot() for _ in range(n)]
    sessions = [
        await asyncio.to_thread(
            _post, f"{url}/api/sessions", {"exercise": "ff-hover-v1", "seed": i}
        )
        for i in range(n)
    ]
    start = time.perf_counter() + 3.0  # every pilot connected and flying before the hold
    ws = url.replace("http://", "ws://")
    await asyncio.gather(*(
        _fly(url, f"{ws}{s['ws']}?token={s['token']}", hold_s, start, p)
        for s, p in zip(sessions, pilots, strict=True)
    ))  # fmt: skip
    return pilots


def run(n: int, hold_s: float) -> dict[str, Any]:
    """N pilots for ``hold_s`` seconds against a fresh server; the figures as one record."""
    with tempfile.TemporaryDirectory() as data, serving(Path(data)) as url:
        with ThreadPoolExecutor(1) as pool:  # its own event loop, whoever calls
            pilots = pool.submit(asyncio.run, _load(url, n, hold_s)).result()
        engine = _get(f"{url}/api/engine?last_s={hold_s}")
    lat = sorted(x for p in pilots for x in p.latencies)
    p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000 if lat else float("inf")
    dropped = [p.dropped for p in pilots if p.dropped]
    late = engine["lateness_p99_ms"] if engine["lateness_p99_ms"] is not None else float("inf")
    return {
        "sessions": n, "hold_s": hold_s,
        "tick_lateness_p99_ms": late, "tick_lateness_max_ms": engine["lateness_max_ms"],
        "skipped_steps": engine["skipped"],
        "input_to_state_p50_ms": round(lat[len(lat) // 2] * 1000, 2) if lat else None,
        "input_to_state_p99_ms": round(p99, 2), "dropped": len(dropped),
        "drop_reasons": sorted(set(dropped))[:3],
        "meets_target": late < LIMIT_LATENESS_MS and p99 < LIMIT_LATENCY_MS and not dropped,
    }  # fmt: skip


def sweep(levels: list[int], hold_s: float) -> tuple[list[dict[str, Any]], int]:
    """Run each level (stopping after the first that misses the target); returns the records
    and the largest session count that met it (0 if none)."""
    records, best = [], 0
    for n in levels:
        r = run(n, hold_s)
        records.append(r)
        if not r["meets_target"]:
            break
        best = n
    return records, best
