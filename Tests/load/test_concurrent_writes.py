# Concurrent writers against the release binary: nothing is lost, and a race for one cluster has
# exactly one winner.
import threading
from urllib.parse import urlencode

from harness import key_body, run_threads

CLIENTS = 32
KEYS = 2000


def test_32_clients_creating_2000_keys_lose_none(start_server):
    server = start_server("--time-scale", "0")
    org = server.org_path
    created = [[] for _ in range(CLIENTS)]
    refused = []
    clients = [server.client().connect() for _ in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)

    def create(index):
        client = clients[index]
        start.wait(timeout=10)
        for n in range(index, KEYS, CLIENTS):  # 2,000 in all, spread over the 32 connections
            response = client.request("POST", f"{org}/cmek", key_body(f"key {n}"))
            if response.status == 200:
                created[index].append((n, response.json()["id"]))
            else:
                refused.append((n, response))

    assert run_threads(CLIENTS, create, timeout=180) == []
    assert refused == []
    names = {key_id: f"key {n}" for per_client in created for n, key_id in per_client}
    assert sum(len(per_client) for per_client in created) == KEYS
    assert len(names) == KEYS, "an id was handed out twice"

    # The list counts exactly 2,000 and its pages hold each id once.
    client = clients[0]
    first = client.get(f"{org}/cmek?perPage=100")
    assert first.status == 200
    pages = first.json()["cursor"]["pages"]
    assert (pages["totalItems"], pages["last"]) == (KEYS, KEYS // 100)
    listed = []
    for page in range(1, pages["last"] + 1):
        response = client.get(f"{org}/cmek?" + urlencode({"page": page, "perPage": 100}))
        assert response.status == 200
        listed += [key["id"] for key in response.json()["data"]]
    assert len(listed) == KEYS
    assert set(listed) == set(names)

    # Every key reads back, with the name it was created with.
    ids = sorted(names)
    unreadable = []

    def read(index):
        for key_id in ids[index::CLIENTS]:
            response = clients[index].get(f"{org}/cmek/{key_id}")
            if response.status != 200 or response.json()["name"] != names[key_id]:
                unreadable.append((key_id, response))

    assert run_threads(CLIENTS, read, timeout=120) == []
    assert unreadable == []
    for each in clients:
        each.close()


def test_eight_clients_associating_eight_keys_with_one_cluster_at_once_one_wins(start_server):
    server = start_server("--time-scale", "0")
    org = server.org_path
    cluster = server.cluster_path()
    admin = server.client()
    rounds = 5
    winners = set()
    for _ in range(rounds):
        keys = [admin.request("POST", f"{org}/cmek", key_body(f"racer {i}")).json()["id"] for i in range(8)]
        clients = [server.client().connect() for _ in keys]
        barrier = threading.Barrier(len(keys))
        results = [None] * len(keys)

        def associate(index):
            barrier.wait(timeout=10)
            results[index] = clients[index].request("POST", f"{cluster}/cmek/{keys[index]}/associate")

        assert run_threads(len(keys), associate, timeout=30) == []
        won = [i for i, response in enumerate(results) if response.status == 204]
        assert len(won) == 1, results
        winner = keys[won[0]]
        winners.add(won[0])
        for index, response in enumerate(results):
            if index == won[0]:
                continue
            # Capella's refusal of a second key for a cluster: 422, code 1005, naming the key it has.
            assert response.status == 422, response
            body = response.json()
            assert set(body) == {"httpStatusCode", "code", "message", "hint"}
            assert (body["httpStatusCode"], body["code"]) == (422, 1005)
            assert f"already encrypted with the key {winner}" in body["message"]

        state = admin.get(cluster).json()
        assert state["currentState"] == "rebalancing"
        server.advance(419)  # one simulated second short of the 7-minute redeploy
        assert admin.get(cluster).json()["currentState"] == "rebalancing"
        server.advance(1)
        state = admin.get(cluster).json()
        assert (state["currentState"], state["cmekId"]) == ("healthy", winner)

        # The refused keys were left untouched: unused, so they can be deleted.
        for key_id in keys:
            if key_id != winner:
                assert admin.request("DELETE", f"{org}/cmek/{key_id}").status == 204
        # Free the cluster for the next round.
        assert admin.request("POST", f"{cluster}/cmek/{winner}/unassociate").status == 204
        server.advance(420)
        state = admin.get(cluster).json()
        assert (state["currentState"], state.get("cmekId")) == ("healthy", None)  # no cmekId member
        for each in clients:
            each.close()
    admin.close()
