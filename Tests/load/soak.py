#!/usr/bin/env python3
# make soak: SOAK_SECONDS (default 600) of mixed load on the release binary with constant
# connection churn: keep-alive sessions of a few dozen requests, requests that each say
# "Connection: close", and connections abandoned mid-request (a partial head, a partial body, a
# request whose answer is never read; closed at once or left hanging until the server's head
# timeout). The server's resident memory and open descriptors are sampled every
# SOAK_SAMPLE_SECONDS (default 5).
#
# Passes when, after the warm-up (SOAK_WARMUP_SECONDS, default a sixth of the run, at most 100 s),
# no sample's VmRSS is 10 % or more above the one taken at the end of the warm-up, the server
# answered no request with a 5xx or an unexpected status, no completed exchange failed in
# transport, and, once the load has stopped and the idle timeout has passed, the server holds no
# connection and exactly the descriptors it had before the load. Prints a short summary; exits 1
# on failure.
import collections
import os
import random
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import MockServer, arn, cluster_body, key_body, raise_own_descriptor_limit  # noqa: E402

SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
WARMUP = float(os.environ.get("SOAK_WARMUP_SECONDS", str(min(100.0, SECONDS / 6))))
SAMPLE_EVERY = float(os.environ.get("SOAK_SAMPLE_SECONDS", "5"))
WORKERS = int(os.environ.get("SOAK_CONNECTIONS", "16"))
IDLE_TIMEOUT = 3
HEAD_TIMEOUT = 3
MAX_LIVE_KEYS = 300
MAX_HANGING_PER_WORKER = 4
RSS_GROWTH_LIMIT = 0.10


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.styles = collections.Counter()
        self.unexpected = []
        self.transport_errors = []

    def status(self, operation, response, ok):
        with self.lock:
            self.statuses[response.status] += 1
            if not ok or response.status >= 500:
                self.unexpected.append((operation, response.status, response.body[:200]))

    def style(self, name):
        with self.lock:
            self.styles[name] += 1

    def transport(self, operation, error):
        with self.lock:
            self.transport_errors.append((operation, repr(error)))


def main():
    raise_own_descriptor_limit(WORKERS * (MAX_HANGING_PER_WORKER + 4) + 256)
    server = MockServer("--time-scale", "0", "--idle-timeout", str(IDLE_TIMEOUT), "--head-timeout", str(HEAD_TIMEOUT))
    try:
        return soak(server)
    finally:
        status = server.stop()
        if status != 0:
            print(f"capella-mock exited with {status} on SIGTERM:\n{server.log_text()}")
        server.cleanup()


def soak(server):
    org = server.org_path
    setup = server.client()
    clusters = [server.cluster]
    for i in range(1, 4):
        response = setup.request("POST", f"{server.project_path}/clusters", cluster_body(f"soak {i}", f"10.{20 + i}.0.0/23"))
        assert response.status == 202, response
        clusters.append(response.json()["id"])
    server.advance(600)
    setup.close()

    baseline_fds = server.settled_descriptors()
    start_rss = server.rss_kib()
    lock = threading.Lock()
    live = []
    tally = Tally()
    started = time.monotonic()
    end = started + SECONDS

    def pick_live(rng):
        with lock:
            return rng.choice(live) if live else None

    def take_live(rng):
        with lock:
            if not live:
                return None
            index = rng.randrange(len(live))
            live[index], live[-1] = live[-1], live[index]
            return live.pop()

    def one_request(client, rng, headers=None):
        """One request of the mix; returns (operation, response, whether the status is one the
        operation may legitimately get), or None when there was nothing to do."""
        roll = rng.random()
        with lock:
            crowded = len(live) >= MAX_LIVE_KEYS
        if roll < 0.25:
            key_id = pick_live(rng)
            if key_id is None:
                return None
            response = client.request("GET", f"{org}/cmek/{key_id}", headers=headers)
            # Another worker may have deleted it meanwhile.
            return "get key", response, response.status == 200 or (response.status == 404 and response.code == 3000)
        if roll < 0.35:
            response = client.request("GET", f"{org}/cmek?perPage={rng.choice([10, 100])}&page={rng.randint(1, 3)}", headers=headers)
            return "list keys", response, response.status == 200
        if roll < 0.47 and not crowded:
            response = client.request("POST", f"{org}/cmek", key_body("soak"), headers=headers)
            if response.status == 200:
                with lock:
                    live.append(response.json()["id"])
            return "create key", response, response.status == 200
        if roll < 0.58 or (roll < 0.47 and crowded):
            key_id = take_live(rng)
            if key_id is None:
                return None
            response = client.request("DELETE", f"{org}/cmek/{key_id}", headers=headers)
            if response.status != 204:
                with lock:
                    live.append(key_id)
            return "delete key", response, response.status == 204 or (response.status == 422 and response.code == 1005)
        if roll < 0.68:
            key_id = pick_live(rng)
            if key_id is None:
                return None
            cluster = server.cluster_path(rng.choice(clusters))
            action = rng.choice(["associate", "unassociate"])
            response = client.request("POST", f"{cluster}/cmek/{key_id}/{action}", headers=headers)
            ok = response.status == 204 or (response.status == 422 and response.code == 1005) or \
                (response.status == 404 and response.code == 3000)
            return action, response, ok
        if roll < 0.72:
            key_id = pick_live(rng)
            if key_id is None:
                return None
            response = client.request("PUT", f"{org}/cmek/{key_id}", {"config": {"arn": arn()}}, headers=headers)
            ok = response.status == 204 or (response.status == 422 and response.code == 1005) or \
                (response.status == 404 and response.code == 3000)
            return "rotate", response, ok
        if roll < 0.74:
            # Now and then past the 30-day rotation interval; the clock stays far from year 9999.
            seconds = 31 * 86_400 if rng.random() < 0.05 else rng.choice([60, 420, 600])
            response = client.request("POST", "/_mock/clock/advance", {"seconds": seconds}, headers=headers)
            return "advance", response, response.status == 200
        path = rng.choice([server.cluster_path(rng.choice(clusters)), server.project_path, f"{org}/projects", org,
                           f"{server.project_path}/clusters", "/_mock/health"])
        response = client.request("GET", path, headers=headers)
        return "read", response, response.status == 200

    def exchange(client, rng, headers=None):
        try:
            result = one_request(client, rng, headers)
        except Exception as error:  # noqa: BLE001 - counted
            tally.transport("request", error)
            return
        if result is not None:
            tally.status(*result)

    def abandon(rng, hanging):
        """A connection given up mid-request; closed at once, or left for the head timeout."""
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        head = (f"POST {org}/cmek HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer load-token\r\n"
                f"Content-Type: application/json\r\nContent-Length: 400\r\n\r\n").encode()
        kind = rng.choice(["partial head", "partial body", "answer unread"])
        try:
            if kind == "partial head":
                s.sendall(head[:rng.randint(1, len(head) - 5)])
            elif kind == "partial body":
                s.sendall(head + b'{"name": "never finished", "con')
            else:
                s.sendall(f"GET {org}/cmek?perPage=100 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"Authorization: Bearer load-token\r\n\r\n".encode())
        except OSError as error:
            tally.transport("abandon " + kind, error)
            s.close()
            return
        if kind != "answer unread" and rng.random() < 0.3:
            hanging.append((time.monotonic(), s))
            tally.style("abandoned, left hanging")
            while len(hanging) > MAX_HANGING_PER_WORKER:
                hanging.pop(0)[1].close()
        else:
            s.close()
            tally.style("abandoned: " + kind)

    def worker(index):
        rng = random.Random(7000 + index)
        hanging = []
        for _ in range(10_000_000):  # bounded by the time below long before this
            if time.monotonic() >= end:
                break
            style = rng.random()
            if style < 0.55:
                client = server.client()
                for _ in range(rng.randint(5, 50)):
                    exchange(client, rng)
                client.close()
                tally.style("keep-alive session")
            elif style < 0.85:
                client = server.client()
                for _ in range(rng.randint(1, 5)):
                    exchange(client, rng, headers={"Connection": "close"})
                client.close()
                tally.style("Connection: close")
            else:
                abandon(rng, hanging)
            # Hanging connections older than the head timeout are the server's to close; ours go.
            while hanging and time.monotonic() - hanging[0][0] > HEAD_TIMEOUT + 2:
                hanging.pop(0)[1].close()
        for _, s in hanging:
            s.close()

    samples = []  # (seconds since start, VmRSS KiB, descriptors, connections)
    sampling = threading.Event()

    def sampler():
        for _ in range(int(SECONDS / SAMPLE_EVERY) + 10):
            if sampling.wait(SAMPLE_EVERY):
                return
            samples.append((time.monotonic() - started, server.rss_kib(), server.descriptor_count(), server.connection_count()))

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(WORKERS)]
    watcher = threading.Thread(target=sampler, daemon=True)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(1.0, end - time.monotonic() + 60))
    stuck = sum(thread.is_alive() for thread in threads)
    sampling.set()
    watcher.join(10)
    load_seconds = time.monotonic() - started

    alive = server.alive()
    after_connections = server.wait_for_connections(at_most=0, timeout=IDLE_TIMEOUT + HEAD_TIMEOUT + 15) if alive else None
    after_fds = server.descriptor_count() if alive else None
    end_rss = server.rss_kib() if alive else None

    warm = [s for s in samples if s[0] <= WARMUP]
    after_warmup = [s for s in samples if s[0] > WARMUP]
    warm_rss = warm[-1][1] if warm else None
    peak_rss = max((s[1] for s in after_warmup), default=None)
    last_rss = after_warmup[-1][1] if after_warmup else None
    growth = (peak_rss - warm_rss) / warm_rss if warm_rss and peak_rss else None
    requests = sum(tally.statuses.values())

    print(f"soak: {load_seconds:.0f} s of load (warm-up {WARMUP:.0f} s), {WORKERS} workers, "
          f"{requests} requests ({requests / load_seconds:.0f}/s), {sum(tally.styles.values())} connections")
    print("  connections: " + ", ".join(f"{name} {n}" for name, n in sorted(tally.styles.items())))
    print("  statuses: " + ", ".join(f"{status} {n}" for status, n in sorted(tally.statuses.items())))
    print(f"  VmRSS KiB: start {start_rss}, end of warm-up {warm_rss}, peak after it {peak_rss}, "
          f"last under load {last_rss}, after the load {end_rss}"
          + (f"; growth after warm-up {growth * 100:.1f} %" if growth is not None else ""))
    print(f"  descriptors: before the load {baseline_fds}, peak {max((s[2] for s in samples), default=None)}, "
          f"after the load {after_fds}; connections after the load {after_connections}")
    print("  samples (s, VmRSS KiB, fds, connections): "
          + " ".join(f"{t:.0f}:{rss}/{fds}/{conns}" for t, rss, fds, conns in samples))

    problems = []
    if stuck:
        problems.append(f"{stuck} workers did not finish")
    if not alive:
        problems.append(f"the server died:\n{server.log_text()}")
    if tally.transport_errors:
        problems.append(f"{len(tally.transport_errors)} transport errors, e.g. {tally.transport_errors[:5]}")
    if tally.unexpected:
        problems.append(f"{len(tally.unexpected)} unexpected statuses, e.g. {tally.unexpected[:5]}")
    if growth is None:
        problems.append("too few samples to judge memory (run longer than the warm-up)")
    elif growth >= RSS_GROWTH_LIMIT:
        problems.append(f"VmRSS grew {growth * 100:.1f} % after the warm-up (limit {RSS_GROWTH_LIMIT * 100:.0f} %)")
    if alive and (after_connections != 0 or after_fds != baseline_fds):
        problems.append(f"descriptors did not come back: {after_fds} (baseline {baseline_fds}), {after_connections} connections")
    for problem in problems:
        print("FAIL: " + problem)
    print("soak: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
