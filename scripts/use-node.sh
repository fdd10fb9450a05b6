#!/usr/bin/env bash
# Installs the npm registry's `node` package of the given major version (default 24) into
# .tools/node<major> (git-ignored) and prints the folder holding its `node` binary.
# Use it to run Carriage on a supported Node without changing the machine's own:
#   export PATH="$(bash scripts/use-node.sh 24):$PATH"
set -euo pipefail
major="${1:-24}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/node$major"
bin="$dir/node_modules/node/bin"
if [ ! -x "$bin/node" ] || ! "$bin/node" -v 2>/dev/null | grep -q "^v$major\."; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error "node@$major" >&2)
fi
"$bin/node" -v >/dev/null
echo "$bin"
