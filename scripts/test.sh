#!/usr/bin/env bash
# Runs every test: engine unit and table tests, data lints, doc tests, the deeper check's model
# tests, the benchmark in test mode, the WASM bindings in headless Chromium, the extension's types
# (tsc), a Node smoke test of the optimised .wasm, the per-browser builds and their packages, and
# end-to-end tests of the built extension in Chromium and Firefox ESR.
# Installs what it needs first (scripts/setup.sh), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
stage() { printf '\n== %s\n' "$*"; }

bash scripts/setup.sh

stage "Formatting"
cargo fmt --all -- --check

stage "Engine, data lints, CLI and benchmarks (native)"
# With the deeper check's crate (deep/: the model's behaviour on the shipped file, windows,
# merging) in the same run, so both share one build; the contact guard's WebAssembly crate is
# tested in the browser below.
cargo test --workspace --exclude safepost-contact --all-targets 2>&1 | tee "$logs/native.log"
cargo test --doc 2>&1 | tee "$logs/doc.log"

stage "WASM bindings in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --no-default-features --features js --test wasm 2>&1 | tee "$logs/wasm.log"
CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown -p safepost-contact --test wasm 2>&1 | tee "$logs/wasm-contact.log"

stage "Build the optimised WASM and the extension"
bash scripts/build.sh

stage "Type-check the extension's JavaScript (tsc, JSDoc types and the engines' declarations)"
tsc -p .

stage "Node tests (the optimised .wasm, the packages), end-to-end tests in Chromium and in Firefox ESR"
node --test --test-concurrency=1 tests/node/ tests/e2e/ tests/e2e-firefox/ 2>&1 | tee "$logs/node.log"

# One closing line for every runner above.
passed=0; failed=0
for log in "$logs"/native.log "$logs"/doc.log "$logs"/wasm.log "$logs"/wasm-contact.log; do
  while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
    sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$log")
done
node_pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/node.log" | tail -1)
node_fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/node.log" | tail -1)
passed=$((passed + ${node_pass:-0})); failed=$((failed + ${node_fail:-0}))
echo
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
