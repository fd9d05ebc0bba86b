# Shared by the load tests (pytest) and the soak run: start the release binary as a subprocess,
# talk to it over keep-alive connections, and read what the kernel says about the process
# (descriptors, resident memory, limits).
import http.client
import json
import os
import resource
import subprocess
import tempfile
import threading
import time
import uuid

MOCK = os.environ.get("CAPELLA_MOCK_BIN", ".build/release/capella-mock")
TOKEN = "load-token"


def arn(region="us-east-1"):
    """A fresh, well-formed AWS KMS key ARN (a different key resource on every call)."""
    return f"arn:aws:kms:{region}:123456789012:key/{uuid.uuid4()}"


def key_body(name="load key"):
    return {"name": name, "description": "load test", "config": {"arn": arn()}}


def cluster_body(name, cidr):
    return {
        "name": name, "description": "",
        "cloudProvider": {"type": "aws", "region": "us-east-1", "cidr": cidr},
        "couchbaseServer": {"version": "7.6"},
        "serviceGroups": [{"node": {"compute": {"cpu": 4, "ram": 16}, "disk": {"storage": 50, "type": "gp3", "iops": 3000}},
                           "numOfNodes": 3, "services": ["data", "query", "index"]}],
        "availability": {"type": "single"},
        "support": {"plan": "enterprise", "timezone": "PT"},
    }


def raise_own_descriptor_limit(wanted):
    """This process needs `wanted` descriptors (a thousand sockets and more); raise the soft
    limit toward the hard one. Returns the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Response:
    __slots__ = ("status", "body", "headers")

    def __init__(self, status, body, headers):
        self.status = status
        self.body = body
        self.headers = headers

    def json(self):
        return json.loads(self.body) if self.body else None

    @property
    def code(self):
        """Capella's error code, or None when the body is not an error body."""
        try:
            value = json.loads(self.body)
        except ValueError:
            return None
        return value.get("code") if isinstance(value, dict) else None

    def __repr__(self):
        return f"<{self.status} {self.body[:200]!r}>"


class Client:
    """One keep-alive HTTP/1.1 connection (http.client reopens it if the server closes it)."""

    def __init__(self, port, token=TOKEN, timeout=10):
        self.port = port
        self.token = token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def connect(self):
        self.connection.connect()
        return self

    def request(self, method, path, body=None, headers=None):
        sent = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if body is not None:
            body = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if headers:
            sent.update(headers)
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            data = response.read()
        except Exception:
            self.connection.close()
            raise
        return Response(response.status, data, dict(response.getheaders()))

    def get(self, path):
        return self.request("GET", path)

    def close(self):
        self.connection.close()


class MockServer:
    """The release binary on a free port. `soft_nofile` starts it with that soft open-file limit
    (to show that the server raises it itself)."""

    def __init__(self, *arguments, soft_nofile=None):
        self.log = tempfile.NamedTemporaryFile(prefix="capella-mock-", suffix=".log", delete=False)
        command = [MOCK, "--port", "0", "--token", TOKEN, "--log-level", "warn", *arguments]

        def limit():
            if soft_nofile is not None:
                hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
                resource.setrlimit(resource.RLIMIT_NOFILE, (soft_nofile, hard))

        env = {k: v for k, v in os.environ.items() if not k.startswith("CAPELLA_MOCK_")}
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                        preexec_fn=limit, env=env)
        banner = self.process.stdout.readline()
        if not banner.startswith("capella-mock listening on http://"):
            self.process.kill()
            raise RuntimeError(f"capella-mock did not start: {banner!r} {self.log_text()}")
        self.url = banner.split()[-1]
        self.port = int(self.url.rsplit(":", 1)[1])
        self.org = self.process.stdout.readline().split()[-1]
        self.process.stdout.readline()  # the token line
        self.pid = self.process.pid
        client = Client(self.port)
        self.org_path = f"/v4/organizations/{self.org}"
        self.project = client.get(f"{self.org_path}/projects").json()["data"][0]["id"]
        self.project_path = f"{self.org_path}/projects/{self.project}"
        self.cluster = client.get(f"{self.project_path}/clusters").json()["data"][0]["id"]
        client.close()

    def cluster_path(self, cluster=None):
        return f"{self.project_path}/clusters/{cluster or self.cluster}"

    def client(self, timeout=10):
        return Client(self.port, timeout=timeout)

    def admin(self, method, path, body=None):
        client = Client(self.port, token=None)
        try:
            return client.request(method, path, body)
        finally:
            client.close()

    def advance(self, seconds):
        response = self.admin("POST", "/_mock/clock/advance", {"seconds": seconds})
        assert response.status == 200, response
        return response.json()["now"]

    # What the kernel knows about the server process.

    def descriptor_count(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def connection_count(self):
        """Sockets the server holds other than its listening ones: its client connections."""
        listening = set()
        for table in ("tcp", "tcp6"):
            try:
                with open(f"/proc/{self.pid}/net/{table}") as rows:
                    next(rows)
                    for row in rows:
                        fields = row.split()
                        if fields[3] == "0A":  # TCP_LISTEN
                            listening.add(fields[9])
            except FileNotFoundError:
                pass
        count = 0
        for name in os.listdir(f"/proc/{self.pid}/fd"):
            try:
                target = os.readlink(f"/proc/{self.pid}/fd/{name}")
            except FileNotFoundError:
                continue  # closed while we looked
            if target.startswith("socket:[") and target[8:-1] not in listening:
                count += 1
        return count

    def settled_descriptors(self, timeout=15):
        """Waits (polling, at most `timeout` s) until the server holds no client connection, then
        returns its descriptor count: the baseline of an idle server."""
        self.wait_for_connections(at_most=0, timeout=timeout)
        assert self.connection_count() == 0, "the server still holds connections"
        return self.descriptor_count()

    def rss_kib(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS line")

    def open_file_limits(self):
        """(soft, hard) open-file limits of the server process."""
        with open(f"/proc/{self.pid}/limits") as limits:
            for line in limits:
                if line.startswith("Max open files"):
                    soft, hard = line.split()[3:5]
                    return int(soft), int(hard)
        raise RuntimeError("no 'Max open files' line")

    def wait_for_connections(self, at_most=None, at_least=None, timeout=15):
        """Polls (every 50 ms, at most `timeout` seconds) until the server holds at most / at least
        that many client connections; returns the last count seen."""
        deadline = time.monotonic() + timeout
        while True:
            count = self.connection_count()
            done = (at_most is None or count <= at_most) and (at_least is None or count >= at_least)
            if done or time.monotonic() >= deadline:
                return count
            time.sleep(0.05)

    def alive(self):
        return self.process.poll() is None

    def log_text(self):
        with open(self.log.name, errors="replace") as log:
            return log.read()[-4000:]

    def stop(self):
        """SIGTERM; returns the exit status (the server must exit 0 within 15 s)."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            status = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
            status = f"killed after 15 s (exit {status})"
        self.process.stdout.close()
        return status

    def cleanup(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        try:
            os.unlink(self.log.name)
        except FileNotFoundError:
            pass


def run_threads(count, target, timeout):
    """Runs target(index) on `count` threads; returns the exceptions raised (index, exception).
    Fails if a thread is still running after `timeout` seconds."""
    errors = []
    lock = threading.Lock()

    def body(index):
        try:
            target(index)
        except BaseException as error:  # noqa: BLE001 - reported to the test
            with lock:
                errors.append((index, error))

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [t for t in threads if t.is_alive()]
    if stuck:
        raise AssertionError(f"{len(stuck)} of {count} threads still running after {timeout} s")
    return errors
