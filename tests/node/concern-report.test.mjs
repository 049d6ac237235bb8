// What a recorded concern says (extension/concern-report.js): whom it goes to (§6.2), its plain
// text and mailto:, the printable report (escaped: page titles and notes are anyone's text) and
// the export ZIP; and the capture's PNG size and SHA-256 helpers.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { unzipSync, strFromU8 } from "fflate";
import { CONCERN_KINDS, reportTo, recordText, mailtoLink, reportHtml, exportZip, screenshotName } from "../../extension/concern-report.js";
import { pngSize, sha256Hex, localTime } from "../../extension/concern-capture.js";

const ACADEMIES = [
  { name: "Oak Primary Academy", safeguarding_lead: { name: "Ms A. Patel", email: "dsl@oak.example.org", phone: "01632 960124" } },
  { name: "Ash Academy" },
];
const record = (fields = {}) => ({
  id: "0f8e2d4c-1111-2222-3333-444455556666",
  status: "saved",
  createdAt: "2026-12-04T11:20:05.000Z",
  local: "Friday 4 December 2026 at 11:20:05 GMT",
  url: "https://social.example/post/42",
  title: "A post",
  selection: "",
  screenshotSha256: "ab".repeat(32),
  width: 1200,
  height: 800,
  kind: "safeguarding",
  note: "Names a pupil and her route home.",
  academy: "Oak Primary Academy",
  ...fields,
});

test("every kind says whom it goes to, cites §6.2 or §6.3 and gives the policy's advice", () => {
  assert.deepEqual(CONCERN_KINDS.map((k) => k.id), ["safeguarding", "abuse_received", "material_about_me"]);
  for (const kind of CONCERN_KINDS) {
    assert.ok(["safeguarding_lead", "line_manager"].includes(kind.report_to));
    assert.match(kind.advice, /§6\.[23]/);
  }
  assert.match(CONCERN_KINDS[1].advice, /Do not reply or engage/);
});

test("a safeguarding concern goes to the academy's DSL from the policy; the others to the line manager", () => {
  assert.deepEqual(reportTo(record(), ACADEMIES), { who: "Ms A. Patel, Designated Safeguarding Lead, Oak Primary Academy", email: "dsl@oak.example.org", phone: "01632 960124" });
  assert.match(reportTo(record({ academy: "Ash Academy" }), ACADEMIES).who, /has not named them/);
  assert.match(reportTo(record(), []).who, /your academy's Designated Safeguarding Lead/);
  assert.equal(reportTo(record({ academy: "" }), [ACADEMIES[0]]).email, "dsl@oak.example.org", "one academy: it is theirs");
  assert.equal(reportTo(record({ kind: "abuse_received" }), ACADEMIES).who, "your line manager");
});

test("the text and the mailto: carry the time, the address, the note and the screenshot's hash", () => {
  const text = recordText(record(), ACADEMIES);
  assert.match(text, /^A safeguarding concern about a child \(Policy A2 §6\.2\)\n/);
  assert.match(text, /Recorded: Friday 4 December 2026 at 11:20:05 GMT \(2026-12-04T11:20:05\.000Z UTC\)/);
  assert.match(text, /Address of the site: https:\/\/social\.example\/post\/42/);
  assert.match(text, /Report to: Ms A\. Patel, .* <dsl@oak\.example\.org>, 01632 960124/);
  assert.match(text, new RegExp(`SHA-256 ${"ab".repeat(32)}`));
  const link = mailtoLink(record(), ACADEMIES);
  assert.match(link, /^mailto:dsl%40oak\.example\.org\?subject=A%20safeguarding%20concern/);
  assert.equal(decodeURIComponent(link.split("&body=")[1]), `${text}\n\nThe screenshot is attached.`);
});

test("the report escapes what pages and people wrote", () => {
  const hostile = record({ title: `<img src=x onerror="alert(1)">`, note: `</dd><script>alert(2)</script>`, url: `https://x.example/"><b>` });
  const html = reportHtml([hostile], { academies: ACADEMIES, imageSrc: () => "shot.png" });
  assert.ok(!html.includes("<script>") && !html.includes("<img src=x") && !html.includes('"><b>'));
  assert.ok(html.includes("&lt;/dd&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
  assert.ok(html.includes('<img src="shot.png" width="1200" height="800"'));
});

test("the export holds each PNG as recorded, records.json and the report pointing at the PNGs", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const second = record({ id: "99999999-aaaa", kind: "material_about_me", note: "" });
  const files = unzipSync(exportZip([{ record: record({ screenshot: new Blob([png]) }), png }, { record: second, png: png.slice(0, 4) }], ACADEMIES));
  const names = Object.keys(files).sort();
  assert.deepEqual(names, ["concern-2026-12-04-0f8e2d4c.png", "concern-2026-12-04-99999999.png", "records.json", "report.html"]);
  assert.deepEqual(files["concern-2026-12-04-0f8e2d4c.png"], png);
  const json = JSON.parse(strFromU8(files["records.json"]));
  assert.equal(json.length, 2);
  assert.equal(json[0].screenshot, screenshotName(record()));
  assert.ok(!("status" in json[0]) && typeof json[0].screenshot === "string", "the image is named, not embedded");
  assert.equal(json[1].reportTo.who, "your line manager");
  const report = strFromU8(files["report.html"]);
  assert.ok(report.includes('src="concern-2026-12-04-0f8e2d4c.png"') && report.includes('src="concern-2026-12-04-99999999.png"'));
});

test("the capture reads a PNG's size from its header and hashes its bytes", async () => {
  const header = new Uint8Array(24);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  new DataView(header.buffer).setUint32(16, 1280);
  new DataView(header.buffer).setUint32(20, 720);
  assert.deepEqual(pngSize(header), { width: 1280, height: 720 });
  assert.deepEqual(pngSize(new Uint8Array(4)), { width: 0, height: 0 });
  assert.equal(await sha256Hex(header), createHash("sha256").update(header).digest("hex"));
  assert.match(localTime(new Date("2026-07-01T10:00:00Z")), /2026/);
});
