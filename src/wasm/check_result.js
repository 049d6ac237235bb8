// Builds the object `checkText` returns from the packed form `src/wasm/mod.rs` writes:
// one string holding every finding's text, and numbers that say where each piece ends.
// Building the objects here is several times faster than serialising JSON in the engine
// and parsing it again, and faster still than setting each field through the bindings.
//
// numbers: [truncated (0/1), checked_bytes, then for each finding:
//           category, severity, start, end, start16, end16,
//           and the ends of its clause, message, matched and rule in `text`, in UTF-16
//           code units (each piece starts where the one before it ends)]
// names:   category names, then severity names (see `src/wasm/mod.rs`)
// Keys are made in the order of the Rust struct, as JSON.parse made them before.

const FIELDS = 10;

export function unpackCheckResult(numbers, text, names, severities) {
  const findings = [];
  let at = 0;
  for (let k = 2; k + FIELDS <= numbers.length; k += FIELDS) {
    const clause = text.slice(at, numbers[k + 6]);
    const message = text.slice(numbers[k + 6], numbers[k + 7]);
    const matched = text.slice(numbers[k + 7], numbers[k + 8]);
    at = numbers[k + 9];
    const rule = text.slice(numbers[k + 8], at);
    findings.push({
      clause,
      category: names[numbers[k]],
      severity: names[severities + numbers[k + 1]],
      message,
      start: numbers[k + 2],
      end: numbers[k + 3],
      start16: numbers[k + 4],
      end16: numbers[k + 5],
      matched,
      rule,
    });
  }
  return { findings, truncated: numbers[0] === 1, checked_bytes: numbers[1] };
}
