"""schemathesis hooks for capella-mock (loaded by run.sh through SCHEMATHESIS_HOOKS).

1. Fixture. On load, builds a richer state than the built-in start through the API: Azure CMEK
   enabled for the organization and the default project, an AWS organization key, two Azure
   project keys, a healthy Azure cluster encrypted with one of them, a turned-off GCP cluster
   (besides the healthy AWS one), an empty second project, a second (project-scoped) API key,
   a planted transition fault and a KMS override on an unused key resource. The state is
   exported with GET /_mock/state.

2. Isolation. Before every call schemathesis makes, POST /_mock/reset then PUT /_mock/state with
   the fixture: each generated request runs against the same state and clock, so destructive
   operations (DELETE, reset, PUT /_mock/state, fault rules, clock/advance) can be fuzzed without
   making later requests meaningless. Runs must use one worker. Before GET /_mock/requests and
   GET /_mock/faults it also adds request rules and journal entries, so their answers are not
   always empty.

3. Real ids. Generated path ids that are valid UUIDs (any ApiKeyId) are replaced most of the
   time by one of the fixture's real ids, so calls reach existing organizations, projects,
   clusters, keys and API keys as well as missing ones.

4. Known exclusions, each listed in KNOWN_EXCLUSIONS below and logged to
   $CAPELLA_EXCLUSIONS_LOG whenever it applies; run.sh prints how often each one was used.
"""

import hashlib
import json
import os
import random
import threading
import uuid
from collections import Counter

import requests
import yaml
import jsonschema
import schemathesis

BASE = os.environ["CAPELLA_URL"].rstrip("/")
TOKEN = os.environ["CAPELLA_TOKEN"]
SPEC_PATH = os.environ["CAPELLA_SPEC"]
EXCLUSIONS_LOG = os.environ.get("CAPELLA_EXCLUSIONS_LOG")

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SESSION = requests.Session()

# name -> why; run.sh and the report list these.
KNOWN_EXCLUSIONS = {
    "null-as-absent": "capella-mock, like Capella (Go), reads a JSON null in an optional field as the field left out, "
                      "so a null there is accepted although the public schema types the field",
    "autoExpansion-loose": "disk.autoExpansion that is not a boolean is ignored (Capella accepts \"on\"; TAF relies on it)",
    "basic-plan-timezone": "support.timezone is ignored on the basic plan (Capella ignores it there)",
    "sortBy-comma-list": "sortBy also takes comma-separated field lists (sortBy=name,id), a documented "
                         "capella-mock extension the document cannot express",
}

_lock = threading.Lock()
_counts = Counter()


def _log(name, detail):
    _counts[name] += 1
    if EXCLUSIONS_LOG:
        with open(EXCLUSIONS_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"exclusion": name, **detail}, default=str)[:2000] + "\n")


def _call(method, path, expect, **kwargs):
    response = SESSION.request(method, BASE + path, timeout=30, **kwargs)
    if response.status_code != expect:
        raise RuntimeError(f"fixture: {method} {path} answered {response.status_code}, expected {expect}: {response.text[:500]}")
    return response


def _build_fixture():
    _call("POST", "/_mock/reset", 204)
    org = _call("GET", "/v4/organizations", 200, headers=AUTH).json()["data"][0]["id"]
    o = f"/v4/organizations/{org}"
    project = _call("GET", f"{o}/projects", 200, headers=AUTH).json()["data"][0]["id"]
    p = f"{o}/projects/{project}"
    aws_cluster = _call("GET", f"{p}/clusters", 200, headers=AUTH).json()["data"][0]["id"]
    owner_key = _call("GET", f"{o}/apikeys", 200, headers=AUTH).json()["data"][0]["id"]

    _call("PUT", f"{o}/cmek/providers", 204, headers=AUTH, json={"cloudProvider": "azure"})
    _call("PUT", f"{p}/cmek/providers", 204, headers=AUTH, json={"cloudProvider": "azure"})
    org_key = _call("POST", f"{o}/cmek", 200, headers=AUTH, json={
        "name": "fixture aws key", "description": "organization key for the default cluster",
        "config": {"arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
    }).json()["id"]
    project_key = _call("POST", f"{p}/cmek", 200, headers=AUTH, json={
        "name": "fixture azure key",
        "config": {"keyLocation": "https://fixture-vault.vault.azure.net/keys/fixture/0123456789abcdef0123456789abcdef",
                   "region": "eastus"},
    }).json()["id"]
    azure_cluster = _call("POST", f"{p}/clusters", 202, headers=AUTH, json={
        "name": "fixture azure cluster", "description": "",
        "cloudProvider": {"type": "azure", "region": "eastus", "cidr": "10.2.0.0/23"},
        "serviceGroups": [{"node": {"compute": {"cpu": 4, "ram": 16}, "disk": {"type": "P6"}},
                           "numOfNodes": 3, "services": ["data", "query", "index"]}],
        "availability": {"type": "single"},
        "support": {"plan": "enterprise", "timezone": "GMT"},
        "zones": ["1"],
    }).json()["id"]
    _call("POST", "/_mock/clock/advance", 200, json={"seconds": 3600})
    _call("POST", f"{p}/clusters/{azure_cluster}/cmek/{project_key}/associate", 204, headers=AUTH)
    _call("POST", "/_mock/clock/advance", 200, json={"seconds": 3600})
    spare_project_key = _call("POST", f"{p}/cmek", 200, headers=AUTH, json={
        "name": "fixture spare azure key", "description": "used by no cluster",
        "config": {"keyLocation": "https://fixture-vault.vault.azure.net/keys/spare/fedcba9876543210fedcba9876543210",
                   "region": "eastus"},
    }).json()["id"]
    gcp_cluster = _call("POST", f"{p}/clusters", 202, headers=AUTH, json={
        "name": "fixture gcp cluster", "description": "turned off",
        "cloudProvider": {"type": "gcp", "region": "us-east1", "cidr": "10.4.0.0/23"},
        "couchbaseServer": {"version": "7.6"},
        "serviceGroups": [{"node": {"compute": {"cpu": 4, "ram": 16}, "disk": {"type": "pd-ssd", "storage": 64}},
                           "numOfNodes": 3, "services": ["data"]}],
        "availability": {"type": "multi"},
        "support": {"plan": "developer pro", "timezone": "IST"},
    }).json()["id"]
    _call("POST", "/_mock/clock/advance", 200, json={"seconds": 3600})
    _call("DELETE", f"{p}/clusters/{gcp_cluster}/activationState", 202, headers=AUTH)
    _call("POST", "/_mock/clock/advance", 200, json={"seconds": 3600})
    empty_project = _call("POST", f"{o}/projects", 201, headers=AUTH,
                          json={"name": "fixture empty project", "description": "no clusters, no keys"}).json()["id"]
    target_key = _call("POST", f"{o}/apikeys", 201, headers=AUTH, json={
        "name": "fixture project key", "organizationRoles": ["organizationMember"], "expiry": -1,
        "resources": [{"type": "project", "id": project, "roles": ["projectViewer"]}],
    }).json()["id"]
    fault = _call("POST", "/_mock/faults", 201, json={"cluster": azure_cluster, "outcome": "rebalanceFailed"}).json()["id"]
    _call("PUT", "/_mock/kms/keys", 200, json={
        "key": "arn:aws:kms:us-east-1:123456789012:key/99999999-8888-7777-6666-555555555555", "accessible": False})
    state = _call("GET", "/_mock/state", 200).content
    # Per path parameter: (real id, weight) pairs; what is left of 100 keeps the generated value.
    # The first id is the one the examples phase uses, chosen so the spec's examples succeed.
    return {
        "state": state,
        "ids": {
            "organizationId": [(org, 85)],  # another organization only ever gives 403
            "projectId": [(project, 65), (empty_project, 15)],
            # healthy AWS (no key), Azure with a project key, turned-off GCP
            "clusterId": [(aws_cluster, 30), (azure_cluster, 30), (gcp_cluster, 20)],
            "cmekId": [(org_key, 50), (project_key, 15), (spare_project_key, 15)],
            "cmekId@project": [(spare_project_key, 40), (project_key, 40)],
            "cmekId@cluster": [(org_key, 40), (project_key, 40)],  # associate / unassociate
            "ApiKeyId": [(target_key, 35), (owner_key, 35)],
            "faultId": [(fault, 70)],
        },
    }


FIXTURE = _build_fixture()


def _restore():
    _call("POST", "/_mock/reset", 204)
    _call("PUT", "/_mock/state", 204, data=FIXTURE["state"], headers={"Content-Type": "application/json"})


def _is_uuid(value):
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return all(value[i] == "-" for i in (8, 13, 18, 23))


def _steer_path_ids(case):
    """Replaces generated path ids by the fixture's real ones, most of the time.

    Runs in before_call so it covers every phase (the coverage phase applies no generation
    hooks). The draw is a deterministic function of the whole case, so a run is reproducible.
    Values that are not UUIDs (negative cases) are left alone; schemathesis revalidates the
    case after this hook, so a replaced value no longer counts as negative.
    """
    params = case.path_parameters
    if not params:
        return
    examples_phase = bool(case.meta) and case.meta.phase.name == "examples"
    fingerprint = json.dumps([case.operation.label, params, case.query, case.body], sort_keys=True, default=str)
    rng = random.Random(hashlib.sha256(fingerprint.encode("utf-8", "surrogatepass")).digest())
    scope = ""
    if "/clusters/{clusterId}/cmek/" in case.operation.path:
        scope = "@cluster"
    elif "/projects/{projectId}/cmek" in case.operation.path:
        scope = "@project"
    for name, value in list(params.items()):
        real = FIXTURE["ids"].get(name + scope if name == "cmekId" else name)
        if not real or (name != "ApiKeyId" and not _is_uuid(value)):
            continue
        if examples_phase:
            params[name] = real[0][0]
            continue
        draw = rng.randrange(100)
        for candidate, weight in real:
            if draw < weight:
                params[name] = candidate
                break
            draw -= weight


def _populate_journal_and_rules():
    """Gives GET /_mock/requests and GET /_mock/faults something to show (reset empties both):
    request rules of each kind, and journal entries with a JSON body, a text body, no body and
    a connection closed by a rule."""
    org = FIXTURE["ids"]["organizationId"][0][0]
    _call("POST", "/_mock/faults", 201, json={"method": "GET", "path": "/v4/never/**", "status": 503, "code": 1007,
                                              "message": "injected", "hint": "none", "retryAfter": 5, "times": 3})
    _call("POST", "/_mock/faults", 201, json={"path": "/v4/never/{id}", "delayMs": 1})
    _call("POST", "/_mock/faults", 201, json={"path": f"/v4/organizations/{org}/cloudAccounts", "close": True, "times": 1})
    _call("GET", "/v4/organizations", 200, headers=AUTH)
    _call("GET", "/v4/no-such-resource", 404, headers=AUTH)
    _call("POST", f"/v4/organizations/{org}/projects", 422, headers=AUTH, json={"name": ""})
    try:
        SESSION.get(f"{BASE}/v4/organizations/{org}/cloudAccounts", headers=AUTH, timeout=5)
    except requests.RequestException:
        pass  # the rule closes the connection: that is the point
    else:
        raise RuntimeError("fixture: the close rule did not close the connection")


@schemathesis.hook
def before_call(context, case, **kwargs):
    _steer_path_ids(case)
    with _lock:
        _restore()
        if case.operation.method.upper() == "GET" and case.operation.path in ("/_mock/requests", "/_mock/faults"):
            _populate_journal_and_rules()


@schemathesis.hook
def after_call(context, case, response):
    """With CAPELLA_HOOK_STATS=FILE, records each call's phase, mode and status (run.sh prints a table)."""
    path = os.environ.get("CAPELLA_HOOK_STATS")
    if not path:
        return
    meta = case.meta
    mode = "negative" if meta and any(c.mode.is_negative for c in meta.components.values()) else "positive"
    phase = meta.phase.name if meta else "unknown"
    with open(path, "a", encoding="utf-8") as stats:
        stats.write(json.dumps([case.operation.label, phase, mode, response.status_code]) + "\n")


# ---------------------------------------------------------------------------------------------
# filter_failure: documented leniencies of the server that the public schema does not express.

with open(SPEC_PATH, encoding="utf-8") as _spec_file:
    _SPEC = yaml.safe_load(_spec_file)


def _to_json_schema(node, depth=0):
    """An OpenAPI 3.0 schema with $refs inlined and `nullable` turned into a type list."""
    if depth > 40:
        raise ValueError("schema too deep")
    if isinstance(node, list):
        return [_to_json_schema(x, depth + 1) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = _SPEC
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _to_json_schema(target, depth + 1)
    out = {k: _to_json_schema(v, depth + 1) for k, v in node.items() if k not in ("nullable", "example", "deprecated")}
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def _request_schema(case):
    item = _SPEC["paths"].get(case.operation.path, {})
    operation = item.get(case.operation.method.lower(), {})
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    return _to_json_schema(body) if body is not None else None


def _drop_nulls(value, schema):
    """Removes optional properties whose value is null, following the schema."""
    if isinstance(value, dict) and isinstance(schema, dict):
        required = set(schema.get("required", []))
        props = schema.get("properties", {})
        out = {}
        for key, item in value.items():
            if item is None and key not in required:
                continue
            out[key] = _drop_nulls(item, props.get(key, {}))
        return out
    if isinstance(value, list) and isinstance(schema, dict) and isinstance(schema.get("items"), dict):
        return [_drop_nulls(item, schema["items"]) for item in value]
    if isinstance(schema, dict):
        for combinator in ("oneOf", "anyOf"):
            for variant in schema.get(combinator, []):
                # Apply the first variant whose properties cover the value's keys.
                if isinstance(value, dict) and set(value) <= set(variant.get("properties", {})):
                    return _drop_nulls(value, variant)
    return value


def _drop_loose_auto_expansion(body):
    changed = False
    for group in body.get("serviceGroups", []) if isinstance(body.get("serviceGroups"), list) else []:
        disk = group.get("node", {}).get("disk") if isinstance(group, dict) and isinstance(group.get("node"), dict) else None
        if isinstance(disk, dict) and "autoExpansion" in disk and not isinstance(disk["autoExpansion"], bool):
            del disk["autoExpansion"]
            changed = True
    return changed


def _drop_basic_timezone(body):
    support = body.get("support")
    if isinstance(support, dict) and support.get("plan") == "basic" and "timezone" in support:
        del support["timezone"]
        return True
    return False


def _valid(schema, value):
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).is_valid(value)


def _sort_by_is_valid_once_empties_dropped(case):
    """Whether every sortBy value, split at commas with empty parts dropped, names a sortable field."""
    item = _SPEC["paths"].get(case.operation.path, {})
    operation = item.get(case.operation.method.lower(), {})
    allowed = None
    for parameter in operation.get("parameters", []):
        parameter = _to_json_schema(parameter)
        if parameter.get("name") == "sortBy" and parameter.get("in") == "query":
            schema = parameter["schema"]
            allowed = set(schema.get("items", schema).get("enum", []))
    value = (case.query or {}).get("sortBy")
    if allowed is None or value is None:
        return False
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in values):
        return False
    parts = [part for v in values for part in v.split(",") if part]
    return all(part in allowed for part in parts)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keeps every failure except negative-data acceptances explained by a documented leniency."""
    if "negative_data_rejection" not in getattr(failure, "checks", ()) and type(failure).__name__ != "AcceptedNegativeData":
        return True
    meta = getattr(case, "meta", None)
    if meta is None:
        return True
    negative = {location.value for location, component in meta.components.items() if component.mode.is_negative}
    if negative == {"query"} and "parameter `sortBy` in query" in failure.message \
            and _sort_by_is_valid_once_empties_dropped(case):
        _log("sortBy-comma-list", {"operation": case.operation.label, "status": response.status_code,
                                       "query": case.query})
        return False
    if negative != {"body"}:
        return True  # something besides the body was invalid: not ours to explain
    schema = _request_schema(case)
    body = case.body
    if schema is None or not isinstance(body, dict):
        return True
    candidate = json.loads(json.dumps(body))
    applied = []
    without_nulls = _drop_nulls(candidate, schema)
    if without_nulls != candidate:
        applied.append("null-as-absent")
        candidate = without_nulls
    if case.operation.path.endswith("/clusters") or case.operation.path.endswith("/clusters/{clusterId}"):
        if _drop_loose_auto_expansion(candidate):
            applied.append("autoExpansion-loose")
        if _drop_basic_timezone(candidate):
            applied.append("basic-plan-timezone")
    if applied and _valid(schema, candidate):
        for name in applied:
            _log(name, {"operation": case.operation.label, "status": response.status_code, "body": body})
        return False
    return True
