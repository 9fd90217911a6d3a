#!/usr/bin/env bash
# Serves the contract with the Prism mock: npm run mock [-- PRISM_OPTIONS]
# It serves generated/mock/openapi.json, the bundle with every path under /api, so that the mock
# answers on the API's base path: http://127.0.0.1:4010/api/...
# MOCK_PORT (default 4010) and MOCK_HOST (default 127.0.0.1) choose where it listens.
# Extra options go to `prism mock`, e.g. `npm run mock -- --dynamic`.
# Prism's CLI passes its log lines, which hold each request's body, through jsonrepair: package.json
# pins the jsonrepair that leaves valid JSON alone (overrides), or some bodies kill the mock
# (docs/design/TOOLCHAIN.md, trap 15; test/mock/mock.test.ts sends them).
set -euo pipefail
cd "$(dirname "$0")/.."
host="${MOCK_HOST:-127.0.0.1}"
port="${MOCK_PORT:-4010}"
# A bad or taken port is said in one line (Prism would print its whole usage, or a stack trace).
if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port > 65535 )); then
  echo "npm run mock: MOCK_PORT=\"$port\": expected a port number from 0 to 65535" >&2
  exit 1
fi
if ! refused=$(node -e 'const s = require("node:net").createServer().once("error", (e) => { console.log(e.code); process.exit(1); });
s.listen(Number(process.argv[1]), process.argv[2], () => s.close());' "$port" "$host"); then
  if [[ "$refused" == EADDRINUSE ]]; then reason="the port is in use (set MOCK_PORT to a free one)"; else reason="$refused (set MOCK_HOST to an address of this machine)"; fi
  echo "npm run mock: cannot listen on $host:$port: $reason" >&2
  exit 1
fi
# exec: the PID that started this script becomes Prism's, so stopping it stops the mock.
exec node node_modules/@stoplight/prism-cli/dist/index.js mock generated/mock/openapi.json --host "$host" --port "$port" "$@"
