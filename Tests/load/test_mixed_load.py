# A mixed read/write load at 64 connections for LOAD_SECONDS (default 60): key reads, lists,
# creates, deletes, rotations, associate/unassociate on eight clusters, clock advances and
# project/cluster reads. It must end with no transport error, no 5xx, a 4xx only where two
# requests legitimately race (and then with Capella's documented code), and a final state that
# holds together: every key accounted for, every association pointing at an existing key and
# cluster, no transition past its deadline, and the API showing what the state holds.
import collections
import datetime
import os
import random
import threading
import time
from urllib.parse import urlencode

from harness import arn, cluster_body, key_body, run_threads

CONNECTIONS = 64
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
CLUSTERS = 8          # the seeded one and seven more
INITIAL_KEYS = 64
MAX_OPERATIONS_PER_CONNECTION = 1_000_000  # a bound besides the time; never reached in practice


class Registry:
    """What the clients know about the keys, shared by all of them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.all = []              # every id ever created (reads pick from these, deleted or not)
        self.live = []             # ids no client is deleting or has deleted
        self.deleting = set()      # a DELETE is on its way
        self.deleted = set()       # a DELETE got 204
        self.rotations = collections.Counter()  # id -> rotations answered 204

    def add(self, key_id):
        with self.lock:
            self.all.append(key_id)
            self.live.append(key_id)

    def any(self, rng):
        with self.lock:
            return rng.choice(self.all)

    def any_live(self, rng):
        with self.lock:
            return rng.choice(self.live) if self.live else None

    def take_for_delete(self, rng):
        with self.lock:
            if not self.live:
                return None
            index = rng.randrange(len(self.live))
            self.live[index], self.live[-1] = self.live[-1], self.live[index]
            key_id = self.live.pop()
            self.deleting.add(key_id)
            return key_id

    def delete_answered(self, key_id, deleted):
        with self.lock:
            self.deleting.discard(key_id)
            if deleted:
                self.deleted.add(key_id)
            else:
                self.live.append(key_id)

    def may_be_gone(self, key_id):
        with self.lock:
            return key_id in self.deleting or key_id in self.deleted

    def rotated(self, key_id):
        with self.lock:
            self.rotations[key_id] += 1


class Outcomes:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()   # (operation, status, code) -> n
        self.unexpected = []                  # (operation, path, response)
        self.transport_errors = []            # (operation, path, repr(exception))

    def record(self, operation, response, expected, path):
        key = (operation, response.status, response.code if response.status >= 400 else None)
        with self.lock:
            self.counts[key] += 1
            if not expected:
                self.unexpected.append((operation, path, response))

    def failed(self, operation, path, error):
        with self.lock:
            self.transport_errors.append((operation, path, repr(error)))

    def count(self, operation, status):
        return sum(n for (op, seen, _), n in self.counts.items() if op == operation and seen == status)


def is_error(response, status, code):
    """A Capella error body with exactly this status and code."""
    if response.status != status:
        return False
    body = response.json()
    return set(body) == {"httpStatusCode", "code", "message", "hint"} and \
        (body["httpStatusCode"], body["code"]) == (status, code)


def test_mixed_load_keeps_the_state_consistent(start_server):
    server = start_server("--time-scale", "0")
    org, project_path = server.org_path, server.project_path
    setup = server.client()

    clusters = [server.cluster]
    for i in range(1, CLUSTERS):
        response = setup.request("POST", f"{project_path}/clusters", cluster_body(f"load {i}", f"10.{10 + i}.0.0/23"))
        assert response.status == 202, response
        clusters.append(response.json()["id"])
    server.advance(600)
    for cluster in clusters:
        assert setup.get(server.cluster_path(cluster)).json()["currentState"] == "healthy"

    registry = Registry()
    for i in range(INITIAL_KEYS):
        response = setup.request("POST", f"{org}/cmek", key_body(f"initial {i}"))
        assert response.status == 200, response
        registry.add(response.json()["id"])
    setup.close()

    outcomes = Outcomes()
    end = time.monotonic() + SECONDS

    def gone_ok(key_id, response):
        # 404/3000 only for a key some client is deleting or has deleted.
        return is_error(response, 404, 3000) and registry.may_be_gone(key_id)

    def get_key(client, rng):
        key_id = (registry.any_live(rng) if rng.random() < 0.7 else None) or registry.any(rng)
        path = f"{org}/cmek/{key_id}"
        response = client.get(path)
        ok = (response.status == 200 and response.json()["id"] == key_id) or gone_ok(key_id, response)
        return path, response, ok

    def key_history(client, rng):
        key_id = registry.any(rng)
        path = f"{org}/cmek/{key_id}/history"
        response = client.get(path)
        ok = (response.status == 200 and len(response.json()["data"]) >= 1) or gone_ok(key_id, response)
        return path, response, ok

    def list_keys(client, rng):
        query = {"page": rng.randint(1, 3), "perPage": rng.choice([10, 50, 100])}
        if rng.random() < 0.3:
            query["sortDirection"] = "desc"
        if rng.random() < 0.1:
            query["sortBy"] = "name"
        path = f"{org}/cmek?" + urlencode(query)
        response = client.get(path)
        ok = response.status == 200 and response.json()["cursor"]["pages"]["totalItems"] >= 0
        return path, response, ok

    def create_key(client, rng):
        path = f"{org}/cmek"
        response = client.request("POST", path, key_body("mixed"))
        ok = response.status == 200
        if ok:
            registry.add(response.json()["id"])
        return path, response, ok

    def delete_key(client, rng):
        key_id = registry.take_for_delete(rng)
        if key_id is None:
            return None
        path = f"{org}/cmek/{key_id}"
        try:
            response = client.request("DELETE", path)
        except Exception:
            registry.delete_answered(key_id, deleted=False)
            raise
        registry.delete_answered(key_id, deleted=response.status == 204)
        # 422/1005: a cluster uses the key (or is being given it).
        ok = response.status == 204 or (is_error(response, 422, 1005) and "in use" in response.json()["message"])
        return path, response, ok

    def associate(client, rng):
        key_id = registry.any_live(rng)
        if key_id is None:
            return None
        path = f"{server.cluster_path(rng.choice(clusters))}/cmek/{key_id}/associate"
        response = client.request("POST", path)
        # 422/1005: the cluster has a key, is getting one, or is redeploying.
        ok = response.status == 204 or is_error(response, 422, 1005) or gone_ok(key_id, response)
        return path, response, ok

    def unassociate(client, rng):
        cluster_path = server.cluster_path(rng.choice(clusters))
        cluster = client.get(cluster_path)  # which key to take away: counted as a cluster read
        outcomes.record("read_cluster", cluster, cluster.status == 200, cluster_path)
        key_id = cluster.json().get("cmekId") if cluster.status == 200 else None
        if key_id is None:
            return None
        path = f"{cluster_path}/cmek/{key_id}/unassociate"
        response = client.request("POST", path)
        # 422/1005: the cluster is redeploying, or another client took the key away first (and
        # 404/3000 if it was then deleted too).
        ok = response.status == 204 or is_error(response, 422, 1005) or gone_ok(key_id, response)
        return path, response, ok

    def rotate(client, rng):
        key_id = registry.any_live(rng)
        if key_id is None:
            return None
        path = f"{org}/cmek/{key_id}"
        response = client.request("PUT", path, {"config": {"arn": arn()}})
        if response.status == 204:
            registry.rotated(key_id)
        # 422/1005: rotated less than 30 simulated days ago, or a cluster on it is not healthy.
        ok = response.status == 204 or is_error(response, 422, 1005) or gone_ok(key_id, response)
        return path, response, ok

    def advance_clock(client, rng):
        seconds = 31 * 86_400 if rng.random() < 0.02 else rng.choice([1, 30, 120, 420, 600])
        response = client.request("POST", "/_mock/clock/advance", {"seconds": seconds})
        return "/_mock/clock/advance", response, response.status == 200 and "now" in response.json()

    def read_project(client, rng):
        path = rng.choice([project_path, f"{org}/projects", org, "/v4/organizations"])
        response = client.get(path)
        return path, response, response.status == 200

    def read_cluster(client, rng):
        path = rng.choice([server.cluster_path(rng.choice(clusters)), f"{project_path}/clusters?perPage=100"])
        response = client.get(path)
        return path, response, response.status == 200

    operations = [
        (get_key, 20), (list_keys, 10), (create_key, 10), (delete_key, 7), (associate, 10),
        (unassociate, 8), (rotate, 5), (key_history, 4), (advance_clock, 2), (read_project, 8),
        (read_cluster, 10),
    ]
    names = [operation.__name__ for operation, _ in operations]
    weights = [weight for _, weight in operations]
    functions = [operation for operation, _ in operations]

    def connection(index):
        rng = random.Random(1000 + index)
        client = server.client()
        for _ in range(MAX_OPERATIONS_PER_CONNECTION):
            if time.monotonic() >= end:
                break
            choice = rng.choices(range(len(functions)), weights)[0]
            try:
                result = functions[choice](client, rng)
            except Exception as error:  # noqa: BLE001 - counted as a transport error
                outcomes.failed(names[choice], "", error)
                continue
            if result is not None:
                path, response, ok = result
                outcomes.record(names[choice], response, ok and response.status < 500, path)
        client.close()

    started = time.monotonic()
    assert run_threads(CONNECTIONS, connection, timeout=SECONDS + 60) == []
    elapsed = time.monotonic() - started
    total = sum(outcomes.counts.values())
    print(f"\nmixed load: {total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s) at c={CONNECTIONS}")
    for (operation, status, code), n in sorted(outcomes.counts.items()):
        print(f"  {operation:14} {status} {code or '':5} {n}")

    assert outcomes.transport_errors == [], outcomes.transport_errors[:10]
    assert outcomes.unexpected == [], outcomes.unexpected[:10]
    assert not any(status >= 500 for (_, status, _) in outcomes.counts)
    for name in names:  # the load did real work of every kind, not only refusals
        success = 204 if name in ("delete_key", "associate", "unassociate", "rotate") else 200
        assert outcomes.count(name, success) > 0, f"no {name} answered {success}"
    assert server.alive()

    check_final_state(server, registry, clusters)
    # Once every redeploy has had its time, every cluster is healthy and nothing is in flight.
    server.advance(86_400)
    snapshot = check_final_state(server, registry, clusters)
    assert all("transition" not in cluster and cluster["state"] == "healthy" for cluster in snapshot["clusters"])


ACTIVE_STATES = {"deploy": "deploying", "cmekRedeploy": "rebalancing", "scale": "scaling",
                 "destroy": "destroying", "turnOff": "turningOff", "turnOn": "turningOn"}


def instant(text):
    return datetime.datetime.fromisoformat(text)


def check_final_state(server, registry, clusters):
    """The state's invariants, read through GET /_mock/state and GET /_mock/clock, and the API's
    view of it. Returns the snapshot."""
    snapshot = server.admin("GET", "/_mock/state").json()
    clock_now = server.admin("GET", "/_mock/clock").json()["now"]
    now = instant(snapshot["clock"]["now"])
    assert now <= instant(clock_now)

    keys = {key["id"]: key for key in snapshot["cmekKeys"]}
    assert len(keys) == len(snapshot["cmekKeys"]), "a key id appears twice"
    # Every key a client created is there unless a client deleted it (204); nothing else is.
    assert set(keys) == set(registry.all) - registry.deleted
    for key_id, key in keys.items():
        assert len(key["history"]) == 1 + registry.rotations[key_id], key_id

    assert sorted(cluster["id"] for cluster in snapshot["clusters"]) == sorted(clusters)
    users = collections.Counter()
    for cluster in snapshot["clusters"]:
        if "cmekId" in cluster:
            assert cluster["cmekId"] in keys, f"cluster {cluster['id']} points at a missing key"
            users[cluster["cmekId"]] += 1
        transition = cluster.get("transition")
        if transition is not None:
            assert instant(transition["deadline"]) > now, f"cluster {cluster['id']} is past its deadline: {transition}"
            change = transition.get("cmekChange")
            if isinstance(change, dict):
                assert change["associate"] in keys, f"cluster {cluster['id']} is being given a missing key"
                assert "cmekId" not in cluster
                users[change["associate"]] += 1

    # The API shows what the state holds: the key list, each key, each cluster.
    client = server.client()
    listed = client.get(f"{server.org_path}/cmek?perPage=100").json()
    assert listed["cursor"]["pages"]["totalItems"] == len(keys)
    for key_id, key in keys.items():
        response = client.get(f"{server.org_path}/cmek/{key_id}")
        assert response.status == 200
        assert response.json()["config"]["arn"] == key["config"]["arn"], key_id
    for cluster in snapshot["clusters"]:
        shown = client.get(server.cluster_path(cluster["id"])).json()
        assert shown.get("cmekId") == cluster.get("cmekId")
        transition = cluster.get("transition")
        expected = ACTIVE_STATES[transition["kind"]] if transition else cluster["state"]
        assert shown["currentState"] == expected, cluster["id"]
    client.close()
    return snapshot
