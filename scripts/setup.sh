#!/usr/bin/env bash
# Installs everything SafePost needs to build and test, on a fresh Debian machine with
# Rust (rustup), Node.js and npm. Idempotent: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

# What this script cannot install itself: say which is missing and where it comes from.
for tool in rustup cargo node npm; do
  if ! command -v "$tool" >/dev/null; then
    case "$tool" in
      rustup | cargo) how="install Rust with rustup (https://rustup.rs)" ;;
      *) how="install Node.js 20 or later with npm (Debian: apt-get install nodejs npm)" ;;
    esac
    echo "setup: $tool is not installed: $how, then run this again." >&2
    exit 2
  fi
done

step "Rust target wasm32-unknown-unknown"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

step "wasm-pack"
command -v wasm-pack >/dev/null || cargo install wasm-pack --version 0.15.1 --locked

# wasm-bindgen's CLI must match the crate version in Cargo.lock exactly. (Not --locked:
# its own lock file pins a webpki-roots release that the registry no longer serves.)
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
step "wasm-bindgen-cli $wbg_version"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

step "Chromium, ChromeDriver and Firefox ESR (Debian packages)"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v firefox-esr >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver firefox-esr
fi

step "Node packages (playwright-core drives Debian's Chromium; ws speaks WebDriver BiDi to Firefox; binaryen provides wasm-opt; esbuild bundles the extension; typescript checks it; crx3, yazl and web-ext package the builds; test editors)"
# npm writes node_modules/.package-lock.json on install: older than the lockfile means stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
echo "setup: done"
