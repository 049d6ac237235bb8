// Chromium's extension ID for a public key (DER SubjectPublicKeyInfo): the first 128 bits of its
// SHA-256, each hex digit 0-f written as a letter a-p. Shared by scripts/package.mjs (a CRX's ID)
// and the end-to-end harness (the ID the manifest's `key` gives).
import { createHash } from "node:crypto";

export function extensionId(spkiDer) {
  const hex = createHash("sha256").update(spkiDer).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join("");
}
