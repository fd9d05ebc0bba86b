#!/usr/bin/env python3
"""make bench: capella-mock side by side with nginx on loopback, written to bench/results.md.

nginx serves the very bytes our server answers (captured from it), from a file, so both sides
send the same response. wrk (-t2 -d10s) loads each in turn at 32, 256 and 1,000 connections for
a single key (GET), a list page with 10,000 keys stored, and key creation (POST, ours only; its
goal is against our GET). Each pairing runs BENCH_ROUNDS times, ours and nginx alternating, and
the table shows the median of each figure: on a shared 2-core machine one 10 s run of either
server can be 20-40 % off its neighbour, and alternating keeps both sides under the same drift. Then startup time (exec to the first 200, median of 5) and memory:
idle RSS, RSS after the load, and RSS with 100,000 keys stored.

Figures, not assertions: the script exits 0 whatever they are, and non-zero only when a step
itself fails (a server that does not start, wrk missing, a request refused).

Environment: BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS ("32 256 1000"),
BENCH_OUT (bench/results.md).
"""

import datetime
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "capella-mock")
TOKEN = "bench-token"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "32 256 1000").split()]
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "bench", "results.md"))
ARN = "arn:aws:kms:us-east-1:123456789012:key/{:08d}-1111-2222-3333-444444444444"


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def nginx_binary():
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def ensure_tools():
    missing = [package for found, package in ((shutil.which("wrk"), "wrk"), (nginx_binary(), "nginx-light")) if not found]
    if missing:
        log(f"installing {' '.join(missing)} (apt-get)")
        subprocess.run(["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def raise_descriptor_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- A minimal HTTP/1.1 client: keep-alive, pipelining, nothing hidden --------------------------

class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self):
        self.sock.close()

    @staticmethod
    def request(method, path, body=b"", token=TOKEN):
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        if body or method in ("POST", "PUT"):
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        return head.encode() + b"\r\n" + body

    def read_response(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buffer += chunk

    def call(self, method, path, body=b""):
        self.sock.sendall(self.request(method, path, body))
        return self.read_response()

    def pipeline(self, requests):
        """Sends all requests at once and reads every answer, in order."""
        self.sock.sendall(b"".join(requests))
        return [self.read_response() for _ in requests]


def key_body(n):
    return ('{"name":"bench key %d","description":"made by make bench","config":{"arn":"%s"}}'
            % (n, ARN.format(n % 100_000_000))).encode()


def populate(port, org, count, batch=250):
    """Creates `count` keys with pipelined POSTs; every answer must be 200."""
    client = Client(port)
    made = 0
    while made < count:
        size = min(batch, count - made)
        answers = client.pipeline([Client.request("POST", f"/v4/organizations/{org}/cmek", key_body(made + i))
                                   for i in range(size)])
        refused = [status for status, _ in answers if status != 200]
        if refused:
            raise RuntimeError(f"key creation answered {refused[0]}")
        made += size
    client.close()


# --- Servers ------------------------------------------------------------------------------------

class Ours:
    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [BINARY, "--port", str(self.port), "--token", TOKEN, "--time-scale", "0", "--log-level", "warn"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.org = None
        for line in self.process.stdout:
            if line.startswith("organization id:"):
                self.org = line.split(":", 1)[1].strip()
            if line.startswith("token:"):
                break
        if self.org is None:
            raise RuntimeError("capella-mock did not start")

    def rss_kib(self):
        return rss_kib(self.process.pid)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Nginx:
    """nginx serving captured bodies from files, one location per benchmarked path."""

    def __init__(self, work, files):
        self.work = work
        self.port = free_port()
        root = os.path.join(work, "www")
        os.makedirs(root, exist_ok=True)
        locations = []
        for index, (path, body) in enumerate(files.items()):
            name = f"body{index}.json"
            with open(os.path.join(root, name), "wb") as f:
                f.write(body)
            locations.append(f"        location = {path.split('?')[0]} {{ try_files /{name} =404; }}")
        config = os.path.join(work, "nginx.conf")
        with open(config, "w") as f:
            f.write(f"""worker_processes auto;
worker_rlimit_nofile 65536;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    default_type application/json;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{self.port};
        root {root};
{chr(10).join(locations)}
    }}
}}
""")
        self.process = subprocess.Popen([nginx_binary(), "-c", config, "-p", work], stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port)).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("nginx did not start")

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=20)


# --- wrk ----------------------------------------------------------------------------------------

def wrk(port, path, connections, lua=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--latency", "--timeout", "5s",
               "-H", f"Authorization: Bearer {TOKEN}"]
    if lua:
        command += ["-s", lua]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
    }


def median_of(runs):
    """One row from several wrk runs: the median of each figure, errors added up, the req/s spread."""
    return {
        "rps": statistics.median(run["rps"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "spread": (min(run["rps"] for run in runs), max(run["rps"] for run in runs)),
    }


def post_script(work, path):
    script = os.path.join(work, "post.lua")
    body = key_body(1).decode().replace('"', '\\"')
    with open(script, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.path = "{path}"\nwrk.body = "{body}"\n'
                f'wrk.headers["Content-Type"] = "application/json"\n')
    return script


# --- Startup ------------------------------------------------------------------------------------

def startup_ms():
    """Exec to the first 200 from /_mock/health, polling a fixed port as fast as connect allows."""
    port = free_port()
    request = b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    started = time.perf_counter()
    process = subprocess.Popen([BINARY, "--port", str(port), "--token", TOKEN, "--log-level", "warn"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port)) as s:
                    s.sendall(request)
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        return (time.perf_counter() - started) * 1000
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("capella-mock exited during startup")
            if time.perf_counter() - started > 10:
                raise RuntimeError("no 200 within 10 s")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


# --- The run ------------------------------------------------------------------------------------

def main():
    ensure_tools()
    limit = raise_descriptor_limit()
    if not os.path.exists(BINARY):
        raise SystemExit("bench: build first (make build)")
    if limit < max(CONNECTIONS) + 64:
        log(f"descriptor limit {limit} is below {max(CONNECTIONS)} connections")
    work = tempfile.mkdtemp(prefix="capella-bench-")
    rows = []
    facts = {}

    ours = Ours()
    facts["idle_rss"] = ours.rss_kib()
    client = Client(ours.port)
    status, created = client.call("POST", f"/v4/organizations/{ours.org}/cmek", key_body(0))
    assert status == 200, status
    key_id = re.search(rb'"id":"([^"]+)"', created).group(1).decode()
    key_path = f"/v4/organizations/{ours.org}/cmek/{key_id}"
    status, key_json = client.call("GET", key_path)
    assert status == 200, status
    log(f"populating 10,000 keys")
    populate(ours.port, ours.org, 9_999)
    list_path = f"/v4/organizations/{ours.org}/cmek?perPage=10"
    status, list_json = client.call("GET", list_path)
    assert status == 200 and b'"totalItems":10000' in list_json, list_json[-200:]
    client.close()
    nginx = Nginx(work, {key_path: key_json, list_path: list_json})
    facts["key_bytes"] = len(key_json)
    facts["list_bytes"] = len(list_json)

    for name, path in (("GET key", key_path), ("GET list page (10,000 keys)", list_path)):
        for connections in CONNECTIONS:
            mine, theirs = [], []
            for round_number in range(1, ROUNDS + 1):
                log(f"{name} c={connections} round {round_number}/{ROUNDS}")
                mine.append(wrk(ours.port, path, connections))
                theirs.append(wrk(nginx.port, path, connections))
            rows.append((name, connections, median_of(mine), median_of(theirs)))
    nginx.stop()

    reset = Client(ours.port)
    status, _ = reset.call("POST", "/_mock/reset")
    assert status == 204, status
    reset.close()
    script = post_script(work, f"/v4/organizations/{ours.org}/cmek")
    for connections in CONNECTIONS:
        runs = []
        for round_number in range(1, ROUNDS + 1):
            log(f"POST key c={connections} round {round_number}/{ROUNDS}")
            runs.append(wrk(ours.port, f"/v4/organizations/{ours.org}/cmek", connections, script))
        rows.append(("POST key", connections, median_of(runs), None))
    facts["rss_after_load"] = ours.rss_kib()
    # Every POST above stored a key: say how many, so that the figure reads as what it is.
    counter = Client(ours.port)
    status, page = counter.call("GET", f"/v4/organizations/{ours.org}/cmek?perPage=1")
    counter.close()
    assert status == 200, status
    facts["keys_after_load"] = int(re.search(rb'"totalItems":(\d+)', page).group(1))
    ours.stop()

    log("startup x5")
    facts["startup"] = statistics.median(startup_ms() for _ in range(5))

    log("100,000 keys")
    fresh = Ours()
    before = fresh.rss_kib()
    populate(fresh.port, fresh.org, 100_000)
    facts["rss_100k"] = fresh.rss_kib()
    facts["bytes_per_key"] = (facts["rss_100k"] - before) * 1024 / 100_000
    fresh.stop()
    shutil.rmtree(work, ignore_errors=True)

    write_results(rows, facts)
    print(open(OUT).read())


def machine_line():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        memory = int(meminfo.readline().split()[1]) // (1024 * 1024)
    nginx = subprocess.run([nginx_binary(), "-v"], capture_output=True, text=True).stderr.strip().replace("nginx version: ", "")
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    return (f"{os.cpu_count()} × {model}, {memory} GiB, Linux {platform.release()}, "
            f"{nginx} (worker_processes auto, access_log off, keepalive_requests 1000000), wrk {wrk_version}")


def rate(row):
    low, high = row["spread"]
    return f"{row['rps']:,.0f} ({low / 1000:.1f}–{high / 1000:.1f}k)" if ROUNDS > 1 else f"{row['rps']:,.0f}"


def write_results(rows, facts):
    get_rps = {c: mine["rps"] for name, c, mine, _ in rows if name == "GET key"}
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: {machine_line()}.",
        "",
        f"capella-mock: release build, `--time-scale 0 --log-level warn` (no per-request log line, like nginx "
        f"with access_log off), default worker queues. nginx serves the same bytes from a file "
        f"(key {facts['key_bytes']} B, list page {facts['list_bytes']} B). wrk -t2 -d{SECONDS}s on the same 2 cores "
        f"as both servers, over loopback, with the Authorization header on every request. "
        + (f"Each row is the median of {ROUNDS} rounds, ours and nginx alternating; the req/s range of the rounds "
           f"is in brackets; errors are the rounds' total." if ROUNDS > 1 else "One round each."),
        "",
        "| request | conns | ours req/s | p50 ms | p99 ms | errors | nginx req/s | p50 ms | p99 ms | ours / nginx | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, connections, mine, theirs in rows:
        if theirs:
            ratio = mine["rps"] / theirs["rps"]
            goal = "≥ 1.0×" if name == "GET key" else "≥ 0.5×"
            met = ratio >= (1.0 if name == "GET key" else 0.5)
            nginx_cells = f"{rate(theirs)} | {theirs['p50']:.2f} | {theirs['p99']:.2f} | {ratio:.2f}×"
        else:
            ratio = mine["rps"] / get_rps[connections]
            goal = "≥ 0.5× our GET"
            met = ratio >= 0.5
            nginx_cells = f"– | – | – | {ratio:.2f}× of our GET"
        if connections == 1000:
            met = met and mine["errors"] == 0 and mine["p99"] < 50
            goal += ", 0 errors, p99 < 50 ms"
        lines.append(f"| {name} | {connections} | {rate(mine)} | {mine['p50']:.2f} | {mine['p99']:.2f} | "
                     f"{mine['errors']} | {nginx_cells} | {goal}: {'met' if met else 'NOT met'} |")
    lines += [
        "",
        "| figure | value | goal |",
        "|---|---:|---|",
        f"| startup, exec to first 200 (median of 5) | {facts['startup']:.1f} ms | ≤ 20 ms: {'met' if facts['startup'] <= 20 else 'NOT met'} |",
        f"| idle RSS | {facts['idle_rss'] / 1024:.1f} MB | ≤ 15 MB: {'met' if facts['idle_rss'] <= 15 * 1024 else 'NOT met'} |",
        f"| RSS after the load above ({facts['keys_after_load']:,} keys stored by the POST rows) | "
        f"{facts['rss_after_load'] / 1024:.1f} MB | – |",
        f"| RSS with 100,000 keys stored | {facts['rss_100k'] / 1024:.1f} MB | – |",
        f"| memory per stored key | {facts['bytes_per_key']:.0f} B | ≤ 1 KB: {'met' if facts['bytes_per_key'] <= 1024 else 'NOT met'} |",
        "",
    ]
    with open(OUT, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
