// What a recorded concern says, in one place: the printable report (SafePost's report page and the
// report.html inside an export), the plain text of the email to whoever it is reported to, and the
// export ZIP (the PNGs, records.json and the report). No DOM here, so Node tests run it as it is.
import { zipSync, strToU8 } from "fflate";
import KINDS from "../data/concern-kinds.json" with { type: "json" };

export const CONCERN_KINDS = KINDS.kinds;

/** @param {string} id */
export function concernKind(id) {
  return CONCERN_KINDS.find((k) => k.id === id) ?? null;
}

/**
 * Whom a record is reported to: the academy's Designated Safeguarding Lead from IT's policy (§6.2)
 * for a safeguarding concern, else the line manager.
 * @param {any} record
 * @param {any[]} academies the policy's organisation.academies
 * @returns {{ who: string, email: string, phone: string }}
 */
export function reportTo(record, academies = []) {
  const kind = concernKind(record.kind);
  if (kind?.report_to !== "safeguarding_lead") return { who: "your line manager", email: "", phone: "" };
  const academy = academies.find((a) => a.name === record.academy) ?? (academies.length === 1 ? academies[0] : null);
  const lead = academy?.safeguarding_lead;
  if (!lead) {
    return { who: "your academy's Designated Safeguarding Lead (your IT team has not named them in SafePost)", email: "", phone: "" };
  }
  return { who: `${lead.name}, Designated Safeguarding Lead, ${academy.name}`, email: lead.email, phone: lead.phone ?? "" };
}

/** A record as plain text: the body of the email, and what the report says of it. */
export function recordText(record, academies = []) {
  const kind = concernKind(record.kind);
  const to = reportTo(record, academies);
  return [
    `${kind?.label ?? "Concern"} (Policy A2 §${kind?.clause ?? "6.2"})`,
    `Recorded: ${record.local} (${record.createdAt} UTC)`,
    `Address of the site: ${record.url}`,
    `Page title: ${record.title || "(none)"}`,
    ...(record.selection ? [`Selected text: ${record.selection}`] : []),
    `Note: ${record.note || "(none)"}`,
    `Report to: ${to.who}${to.email ? ` <${to.email}>` : ""}${to.phone ? `, ${to.phone}` : ""}`,
    `Screenshot: ${screenshotName(record)} (SHA-256 ${record.screenshotSha256})`,
  ].join("\n");
}

/** A mailto: link with the record's text; the screenshot is attached by the member of staff. */
export function mailtoLink(record, academies = []) {
  const to = reportTo(record, academies);
  const kind = concernKind(record.kind);
  const subject = `${kind?.label ?? "Concern"}: recorded ${record.createdAt.slice(0, 10)}`;
  const body = `${recordText(record, academies)}\n\nThe screenshot is attached.`;
  return `mailto:${encodeURIComponent(to.email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/** The screenshot's file name in an export. */
export function screenshotName(record) {
  return `concern-${record.createdAt.slice(0, 10)}-${record.id.slice(0, 8)}.png`;
}

const escapeHtml = (/** @type {string} */ s) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/**
 * The printable report of `records`, as a whole HTML document (no scripts).
 * @param {any[]} records
 * @param {{ academies?: any[], imageSrc: (record: any) => string }} options
 */
export function reportHtml(records, { academies = [], imageSrc }) {
  const sections = records.map((record) => {
    const kind = concernKind(record.kind);
    const to = reportTo(record, academies);
    const rows = [
      ["Report to", `${escapeHtml(to.who)}${to.email ? ` &lt;<a href="${escapeHtml(mailtoLink(record, academies))}">${escapeHtml(to.email)}</a>&gt;` : ""}${to.phone ? `, ${escapeHtml(to.phone)}` : ""}`],
      ["Date and time", `${escapeHtml(record.local)} (${escapeHtml(record.createdAt)} UTC)`],
      ["Address of the site", escapeHtml(record.url)],
      ["Page title", escapeHtml(record.title || "(none)")],
      ...(record.selection ? [["Selected text", escapeHtml(record.selection)]] : []),
      ["Note", escapeHtml(record.note || "(none)")],
      ["Screenshot SHA-256", `<code>${escapeHtml(record.screenshotSha256)}</code>`],
    ];
    return `<section class="record">
<h2>${escapeHtml(kind?.label ?? "Concern")} <span class="clause">Policy A2 §${escapeHtml(kind?.clause ?? "6.2")}</span></h2>
<p class="advice">${escapeHtml(kind?.advice ?? "")}</p>
<dl>${rows.map(([dt, dd]) => `<dt>${dt}</dt><dd>${dd}</dd>`).join("")}</dl>
<img src="${escapeHtml(imageSrc(record))}" width="${record.width}" height="${record.height}" alt="Screenshot of ${escapeHtml(record.url)} as it was recorded">
</section>`;
  });
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Recorded concerns – SafePost</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1c1c1c; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
.record { border-top: 2px solid #1c1c1c; padding-top: 1rem; margin-top: 1.5rem; }
.record h2 { font-size: 1.2rem; margin: 0 0 0.25rem; }
.clause { font-weight: 400; color: #555555; font-size: 0.95rem; }
.advice { margin: 0 0 0.75rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; border: 1px solid #d0d0d0; margin-top: 0.75rem; }
@media print { body { margin: 0; max-width: none; } .record { break-inside: avoid-page; } a { color: inherit; } }
</style>
</head>
<body>
<h1>Recorded concerns</h1>
<p>Recorded with SafePost on this device; nothing was uploaded. Policy A2 §6.2: safeguarding concerns are reported to the Academy Designated Safeguarding Lead as soon as identified; harassment or abuse received on work accounts to the line manager. §6.3: staff should never engage, and should keep records such as these.</p>
${sections.join("\n")}
</body>
</html>
`;
}

/**
 * The export: each screenshot as a PNG, records.json (every field but the image, which is named)
 * and report.html pointing at the PNGs beside it.
 * @param {{ record: any, png: Uint8Array }[]} items
 * @param {any[]} academies
 * @returns {Uint8Array}
 */
export function exportZip(items, academies = []) {
  /** @type {Record<string, Uint8Array>} */
  const files = {};
  for (const { record, png } of items) files[screenshotName(record)] = png;
  const records = items.map(({ record }) => {
    const { screenshot: _image, status: _status, ...fields } = record;
    return { ...fields, screenshot: screenshotName(record), reportTo: reportTo(record, academies) };
  });
  files["records.json"] = strToU8(`${JSON.stringify(records, null, 2)}\n`);
  files["report.html"] = strToU8(reportHtml(items.map((i) => i.record), { academies, imageSrc: screenshotName }));
  return zipSync(files, { level: 0 }); // PNGs are compressed already
}
