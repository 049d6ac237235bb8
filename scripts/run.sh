#!/usr/bin/env bash
# The main job: set up, build the WASM engine and the extension, then classify sample
# URLs and a sample draft with the CLI on the embedded default policy (Policy A2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cargo build --release --quiet
echo
echo "== safepost url (embedded default policy)"
./target/release/safepost url \
  https://www.facebook.com/groups/parents https://x.com/TrustNews https://youtu.be/dQw4w9WgXcQ \
  https://www.instagram.com/ https://www.tiktok.com/@someone https://discord.gg/abc \
  https://www.linkedin.com/in/someone https://facebook.com@evil.example/ https://www.bbc.co.uk/news
echo
echo "== safepost check (a draft post, embedded default policy)"
# Exit code 1 means "found something at medium or above", which this sample does.
echo "Great trip today! DM me on Insta if you need help with homework Year 10, and ignore that idiot" \
  | ./target/release/safepost check --account personal || [ $? -eq 1 ]
echo
echo "== safepost check (no word a list knows; the deeper check reads it for meaning, §6.1)"
echo "Year 7's Mia Clarke walks home on her own through Elm Park at 3.30 every day" \
  | ./target/release/safepost check --account personal || [ $? -eq 1 ]
echo
echo "== safepost person (who a profile says they are, §5.3 / §5.6; no roster in the default policy)"
./target/release/safepost person --name "Lily Brown" --bio "Year 9 at Riverside High 🏫 netball"
./target/release/safepost person --name "Tom Reed" --bio "I teach Year 9 and Year 11 maths"
echo
echo "Loadable extensions: dist/chromium (chrome://extensions → Developer mode → Load unpacked), dist/firefox (about:debugging → Load Temporary Add-on)"
