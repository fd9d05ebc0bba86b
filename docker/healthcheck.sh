#!/bin/sh
# Container health check: GET /_mock/health on the configured port, over HTTPS when TLS is on
# (the certificate may be self-signed, so it is not verified here).
port=${CAPELLA_MOCK_PORT:-8080}
if [ -n "${CAPELLA_MOCK_TLS_CERT:-}${CAPELLA_MOCK_TLS_SELF_SIGNED:-}" ]; then
    exec curl -fsSk --max-time 2 "https://127.0.0.1:${port}/_mock/health" -o /dev/null
fi
exec curl -fsS --max-time 2 "http://127.0.0.1:${port}/_mock/health" -o /dev/null
