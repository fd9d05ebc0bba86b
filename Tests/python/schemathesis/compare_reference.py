"""Checks that openapi/capella-mock.yaml agrees with Capella's public v4 document.

For every path and method the two documents share: the same operationId. For every schema the
two share by name, recursively through $refs, properties, items, oneOf/anyOf/allOf: the same
property names (ours may add optional ones, never drop one), the same `type`, `format` and
`required` list, and the same `enum` values. Descriptions, examples and limits are not compared.

Usage: python3 compare_reference.py OURS.yaml REFERENCE.yaml   (exit 1 on any difference)
"""

import sys

import yaml

# Fields capella-mock returns beyond the public schema; allowed only as optional extras.
ALLOWED_EXTRA_PROPERTIES = {
    "GetClusterResponse": {"zones", "deletionProtection"},
}
# Formats the server cannot always meet: the public Hrefs schema says `uri`, yet an href that does
# not apply is the empty string; ours says "a uri, or empty" (anyOf) for those two.
ALLOWED_FORMAT_RELAXATIONS = {("Hrefs", "previous"), ("Hrefs", "next")}
# Where the public schema is known to be incomplete and ours deliberately says more.
ALLOWED_VARIANT_ADDITIONS = {
    # The public history schema lists AWS and GCP configs only; Azure keys have Azure history.
    ("GetCMEKHistoryMetadataResponse", "config"): {"AzureConfig"},
}


def resolve(document, node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].split("/")[-1]
        node = document["components"]["schemas"][name]
        seen += 1
        if seen > 20:
            raise ValueError("$ref loop")
    return node


def ref_name(node):
    if isinstance(node, dict) and "$ref" in node:
        return node["$ref"].split("/")[-1]
    return None


def compare(ours_doc, ref_doc, ours, ref, where, problems, schema_name=None, prop=None, depth=0):
    if depth > 12:
        return
    ours_r = resolve(ours_doc, ours)
    ref_r = resolve(ref_doc, ref)
    for key in ("type", "format"):
        if key == "format" and (schema_name, prop) in ALLOWED_FORMAT_RELAXATIONS and ref_r.get(key) == "uri" \
                and {"format": "uri"} in ours_r.get("anyOf", []):
            continue
        if ref_r.get(key) != ours_r.get(key):
            problems.append(f"{where}: {key} is {ours_r.get(key)!r}, the reference says {ref_r.get(key)!r}")
    if "enum" in ref_r and sorted(map(str, ref_r["enum"])) != sorted(map(str, ours_r.get("enum", []))):
        problems.append(f"{where}: enum {ours_r.get('enum')} differs from the reference's {ref_r['enum']}")
    if sorted(ref_r.get("required", [])) != sorted(ours_r.get("required", [])):
        problems.append(f"{where}: required {sorted(ours_r.get('required', []))} differs from the reference's "
                        f"{sorted(ref_r.get('required', []))}")
    ref_props = ref_r.get("properties", {})
    ours_props = ours_r.get("properties", {})
    owner = ref_name(ref) or schema_name
    for name, sub in ref_props.items():
        if name not in ours_props:
            problems.append(f"{where}: property {name!r} is missing")
            continue
        compare(ours_doc, ref_doc, ours_props[name], sub, f"{where}.{name}", problems, owner, name, depth + 1)
    for name in ours_props:
        if name not in ref_props and ref_props:
            if name not in ALLOWED_EXTRA_PROPERTIES.get(owner, set()):
                problems.append(f"{where}: property {name!r} is not in the reference")
            elif name in ours_r.get("required", []):
                problems.append(f"{where}: extra property {name!r} must be optional")
    if "items" in ref_r:
        if "items" not in ours_r:
            problems.append(f"{where}: items missing")
        else:
            compare(ours_doc, ref_doc, ours_r["items"], ref_r["items"], f"{where}[]", problems, owner, prop, depth + 1)
    for combinator in ("oneOf", "anyOf", "allOf"):
        if combinator not in ref_r:
            continue
        ref_names = [ref_name(x) for x in ref_r[combinator]]
        ours_names = [ref_name(x) for x in ours_r.get(combinator, [])]
        extra = set(ours_names) - set(ref_names)
        if set(ref_names) - set(ours_names) or extra - ALLOWED_VARIANT_ADDITIONS.get((owner, prop), set()):
            problems.append(f"{where}: {combinator} {ours_names} differs from the reference's {ref_names}")
        for variant in ref_r[combinator]:
            name = ref_name(variant)
            if name in ours_names:
                compare(ours_doc, ref_doc, ours_r[combinator][ours_names.index(name)], variant,
                        f"{where}<{name}>", problems, owner, prop, depth + 1)


def main(ours_path, ref_path):
    ours_doc = yaml.safe_load(open(ours_path, encoding="utf-8"))
    ref_doc = yaml.safe_load(open(ref_path, encoding="utf-8"))
    problems = []
    checked_ops = 0
    for path, ref_item in ref_doc["paths"].items():
        ours_item = ours_doc["paths"].get(path)
        if ours_item is None:
            problems.append(f"path {path} is missing")
            continue
        for method, ref_op in ref_item.items():
            if method == "parameters":
                continue
            ours_op = ours_item.get(method)
            if ours_op is None:
                problems.append(f"{method.upper()} {path} is missing")
                continue
            checked_ops += 1
            if ours_op.get("operationId") != ref_op.get("operationId"):
                problems.append(f"{method.upper()} {path}: operationId {ours_op.get('operationId')!r}, "
                                f"the reference says {ref_op.get('operationId')!r}")
            missing = set(ref_op.get("responses", {})) - set(ours_op.get("responses", {}))
            if missing:
                problems.append(f"{method.upper()} {path}: responses {sorted(missing)} of the reference are not listed")
    shared = sorted(set(ref_doc["components"]["schemas"]) & set(ours_doc["components"]["schemas"]))
    for name in shared:
        compare(ours_doc, ref_doc, {"$ref": f"#/components/schemas/{name}"},
                {"$ref": f"#/components/schemas/{name}"}, name, problems, name)
    missing_schemas = sorted(set(ref_doc["components"]["schemas"]) - set(ours_doc["components"]["schemas"]))
    for problem in sorted(set(problems)):
        print(f"  {problem}")
    print(f"compared {checked_ops} operations and {len(shared)} shared schemas with the reference; "
          f"{len(set(problems))} differences")
    if missing_schemas:
        print(f"  (reference schemas we do not define: {', '.join(missing_schemas)})")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
