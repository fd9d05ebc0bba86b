#!/usr/bin/env python3
"""Writes openapi/capella-mock.yaml into Sources/CapellaAPI/Admin/OpenAPIDocument.swift, so the
binary serves its own spec at GET /_mock/openapi.yaml without reading files at run time.
Run it (make openapi) after editing the YAML; a test fails while the two differ."""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
spec = (root / "openapi" / "capella-mock.yaml").read_text(encoding="utf-8")
if '"""#' in spec:
    raise SystemExit('openapi/embed.py: the spec contains """#, which a Swift raw string cannot hold')
swift = (
    "// Generated from openapi/capella-mock.yaml by openapi/embed.py (make openapi). Do not edit.\n\n"
    "enum OpenAPIDocument {\n"
    # A multi-line literal leaves out the line break before its closing delimiter: add one more.
    "    static let yaml = #\"\"\"\n" + spec + "\n\"\"\"#\n"
    "}\n"
)
(root / "Sources" / "CapellaAPI" / "Admin" / "OpenAPIDocument.swift").write_text(swift, encoding="utf-8")
