#!/usr/bin/env bash
# Reproduces the figures in the README: catalogue coverage of the development domain
# list, URL-check throughput (criterion) and the size of the optimised .wasm.
# Needs ../shared/eval beside the checkout and a prior scripts/build.sh for the .wasm size.
set -euo pipefail
cd "$(dirname "$0")/.."
domains=../shared/eval/domains/ut1_social_networks.txt
[ -f "$domains" ] || { echo "measure: $domains not found (the development data sits beside the checkout)" >&2; exit 2; }

cargo build --release --quiet
echo "== Catalogue coverage of $(basename "$domains") (flagged as social = approved or unapproved)"
./target/release/safepost url --format jsonl - < "$domains" | python3 -c '
import json, sys
rows = [json.loads(line) for line in sys.stdin]
social = [r for r in rows if r.get("status") in ("approved", "unapproved")]
missed = sorted(r.get("host") or r.get("input") for r in rows if r.get("status") not in ("approved", "unapproved"))
print(f"covered {len(social)}/{len(rows)} = {len(social)/len(rows):.1%}")
if "--misses" in sys.argv: print("\n".join(missed))
' "$@"

echo "== .wasm size"
if [ -f pkg/safepost_bg.wasm ]; then
  raw=$(wc -c < pkg/safepost_bg.wasm); gz=$(gzip -9 -c pkg/safepost_bg.wasm | wc -c)
  echo "pkg/safepost_bg.wasm: $raw bytes, $gz bytes gzipped (-9)"
else
  echo "pkg/safepost_bg.wasm missing: run scripts/build.sh first"
fi

echo "== URL-check throughput and engine start-up (criterion)"
cargo bench --bench check_url 2>&1 | grep -E '^[a-z_]+/|time:|thrpt:'
