// Builds the object `checkText` returns from the packed form `src/wasm/mod.rs` writes:
// one string and numbers that say where each piece of it ends. Building the objects here
// is several times faster than serialising JSON in the engine and parsing it again, and
// faster still than setting each field through the bindings.
//
// A finding's fixed strings (its clause, message template, lowering note and rule id)
// cross once per engine: the first result that needs one carries its text, which is kept
// in `strings` (one array per engine) under an id; later results carry only the id.
// Messages are made here from the template, as the engine's `fill_template` makes them.
//
// numbers: [truncated (0/1), checked_bytes, count of definitions,
//           (id, end) for each definition (its text runs from the end of the one before),
//           then for each finding:
//           category, severity, start, end, start16, end16,
//           ids of its clause, template, note and rule (NONE: no note / the rule id is
//           in the text), whether the preview is the matched text itself (1/0),
//           and the ends of its matched text, preview, {what} and own rule id,
//           in UTF-16 code units after the definitions]
// names:   category names, then severity names (see `src/wasm/mod.rs`)
// Keys are made in the order of the Rust struct, as JSON.parse made them before.

const FIELDS = 15;
const NONE = 0xffffffff;

export function unpackCheckResult(numbers, text, names, severities, strings) {
  let k = 3;
  let at = 0;
  for (const last = k + 2 * numbers[2]; k < last; k += 2) {
    strings[numbers[k]] = text.slice(at, numbers[k + 1]);
    at = numbers[k + 1];
  }
  const base = at;
  const findings = [];
  for (; k + FIELDS <= numbers.length; k += FIELDS) {
    const matched = text.slice(at, base + numbers[k + 11]);
    const preview = numbers[k + 10] === 1
      ? matched
      : text.slice(base + numbers[k + 11], base + numbers[k + 12]);
    const what = text.slice(base + numbers[k + 12], base + numbers[k + 13]);
    at = base + numbers[k + 14];
    const note = numbers[k + 8] === NONE ? '' : ' ' + strings[numbers[k + 8]];
    findings.push({
      clause: strings[numbers[k + 6]],
      category: names[numbers[k]],
      severity: names[severities + numbers[k + 1]],
      message: fill(strings[numbers[k + 7]], preview, what) + note,
      start: numbers[k + 2],
      end: numbers[k + 3],
      start16: numbers[k + 4],
      end16: numbers[k + 5],
      matched,
      rule: numbers[k + 9] === NONE ? text.slice(base + numbers[k + 13], at) : strings[numbers[k + 9]],
    });
  }
  return { findings, truncated: numbers[0] === 1, checked_bytes: numbers[1] };
}

// `{matched}` and `{what}` filled in, in one pass (as `fill_template` in check.rs).
function fill(template, matched, what) {
  let out = '';
  let rest = 0;
  for (let at = template.indexOf('{'); at !== -1; at = template.indexOf('{', rest)) {
    out += template.slice(rest, at);
    if (template.startsWith('{matched}', at)) {
      out += matched;
      rest = at + 9;
    } else if (template.startsWith('{what}', at)) {
      out += what;
      rest = at + 6;
    } else {
      out += '{';
      rest = at + 1;
    }
  }
  return out + template.slice(rest);
}
