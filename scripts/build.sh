#!/usr/bin/env bash
# Build the WASM engines (pkg/, pkg-contact/, pkg-deep/) and assemble the loadable extension for
# each browser (dist/chromium/, dist/firefox/).
# Assumes scripts/setup.sh has run (toolchain, wasm-pack, wasm-bindgen, node modules).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # npm binaryen's wasm-opt, cargo tools

# The wasm-bindgen CLI matching Cargo.lock is installed by setup.sh; no-install stops wasm-pack
# from trying to download one.
# Panics abort in the WebAssembly build (no unwinding code); native builds keep unwinding,
# which the tests need, so the setting is made here rather than in Cargo.toml's profile.
# The engine's own code is optimised for speed (opt-level 3) and its dependencies for size
# ("s", as natively): content checks ran ~9 % slower with everything at "s", and everything
# at 3 made the .wasm 10 KB larger for no more speed (README, Figures).
CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
  wasm-pack build --release --target web --mode no-install --out-dir pkg --out-name safepost \
  -- --no-default-features --features js --config 'profile.release.package."*".opt-level="s"'
# The contact guard (§5.3, §5.6) as its own module, loaded only when a person is checked.
CARGO_PROFILE_RELEASE_PANIC=abort wasm-pack build contact-wasm --release --target web --mode no-install \
  --out-dir ../pkg-contact --out-name safepost_contact
# The deeper check (the model of meaning) as its own module, with WebAssembly SIMD: loaded when a
# compose field is first used. Its model file ships beside it.
# Thin LTO over 16 codegen units: as fast in the benchmark as one unit with full LTO, and a cold
# build a minute shorter (candle alone took two minutes as one unit).
RUSTFLAGS="-C target-feature=+simd128 --cfg getrandom_backend=\"wasm_js\"" CARGO_PROFILE_RELEASE_PANIC=abort \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_LTO=thin \
  wasm-pack build deep --release --target web --mode no-install --out-dir ../pkg-deep --out-name safepost_deep

# One folder per browser from the same sources; only the manifest differs (extension/browsers/).
# Each entry point is bundled with what it imports (esbuild).
node scripts/build-extension.mjs chromium firefox
rm -rf dist/extension # the single folder of earlier builds
echo "Loadable extensions: dist/chromium (Chrome, Edge), dist/firefox (Firefox 140+)"
