# The README's "Testing your client" example: a pytest suite that starts capella-mock once,
# resets it before every test, moves its clock instead of sleeping, injects a fault and reads
# back what the client sent. make test runs this file against the built server.
import os
import subprocess

import pytest
import requests

MOCK = os.environ.get("CAPELLA_MOCK_BIN", "capella-mock")
TOKEN = "test-token"
ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture(scope="session")
def capella():
    # --port 0: a free port; --time-scale 0: the clock moves only when the test says so.
    proc = subprocess.Popen([MOCK, "--port", "0", "--time-scale", "0", "--token", TOKEN],
                            stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().split()[-1]  # "capella-mock listening on http://127.0.0.1:PORT"
    yield url
    proc.terminate()
    assert proc.wait(timeout=10) == 0


@pytest.fixture
def api(capella):
    requests.post(f"{capella}/_mock/reset").raise_for_status()  # clean state, no faults, empty journal
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {TOKEN}"
    org = session.get(f"{capella}/v4/organizations").json()["data"][0]["id"]
    project = session.get(f"{capella}/v4/organizations/{org}/projects").json()["data"][0]["id"]
    cluster = session.get(f"{capella}/v4/organizations/{org}/projects/{project}/clusters").json()["data"][0]["id"]
    return session, capella, f"{capella}/v4/organizations/{org}", f"/projects/{project}/clusters/{cluster}"


def advance(base, seconds):
    requests.post(f"{base}/_mock/clock/advance", json={"seconds": seconds}).raise_for_status()


def test_associate_then_the_cluster_comes_back_healthy(api):
    session, base, org, cluster = api
    key = session.post(f"{org}/cmek", json={"name": "k", "config": {"arn": ARN}}).json()["id"]
    assert session.post(f"{org}{cluster}/cmek/{key}/associate").status_code == 204
    assert session.get(f"{org}{cluster}").json()["currentState"] == "rebalancing"
    advance(base, 420)  # the 7-minute redeploy, without waiting
    state = session.get(f"{org}{cluster}").json()
    assert (state["currentState"], state["cmekId"]) == ("healthy", key)


def test_the_client_sees_a_503_then_succeeds_on_retry(api):
    session, base, org, _ = api
    # Fail the next key registration only.
    requests.post(f"{base}/_mock/faults",
                  json={"method": "POST", "path": "/v4/organizations/*/cmek", "status": 503, "times": 1}).raise_for_status()
    body = {"name": "k", "config": {"arn": ARN}}
    first = session.post(f"{org}/cmek", json=body)
    assert (first.status_code, first.json()["code"]) == (503, 1007)
    assert session.post(f"{org}/cmek", json=body).status_code == 200

    # The journal shows exactly what the client sent, and what it got.
    journal = requests.get(f"{base}/_mock/requests", params={"method": "POST"}).json()["data"]
    assert [entry["status"] for entry in journal] == [503, 200]
    assert journal[0]["requestBody"] == body
    assert journal[0]["operation"] == "postCMEKMetadata"
