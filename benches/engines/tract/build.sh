#!/usr/bin/env bash
# tract's WebAssembly module for benches/node/engine-bench.mjs → target/engine-tract/pkg/. Built
# as pkg-deep is (SIMD, thin LTO, wasm-opt -O1), in its own target folder: tract is measured, not
# shipped, so the product's builds and tests never compile it.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PWD/../../../node_modules/.bin:$PATH" # wasm-opt (binaryen, npm)
RUSTFLAGS="-C target-feature=+simd128 --cfg getrandom_backend=\"wasm_js\"" \
  CARGO_TARGET_DIR=../../../target/engine-tract \
  wasm-pack build --release --target web --mode no-install \
  --out-dir ../../../target/engine-tract/pkg --out-name safepost_engine_tract
