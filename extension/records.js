// The member of staff's recorded concerns: list, report, export as a ZIP, delete. Everything stays
// on this device; the export is a file they save and attach themselves.
import { policyAcademies } from "./academies.js";
import { listRecords, deleteRecord } from "./concern-store.js";
import { concernKind, exportZip } from "./concern-report.js";
import { errorText } from "./wire.js";

const $ = (/** @type {string} */ name) => /** @type {any} */ (document.getElementById(name));
const justSaved = decodeURIComponent(location.hash.slice(1));
/** The records listed now (each with its screenshot), as render() last read them. */
let shown = [];

async function render() {
  const records = await listRecords();
  shown = records;
  $("empty").hidden = records.length > 0;
  $("records").hidden = $("actions").hidden = records.length === 0;
  $("saved").hidden = !records.some((r) => r.id === justSaved);
  $("rows").replaceChildren(
    ...records.map((record) => {
      const row = document.createElement("tr");
      const box = Object.assign(document.createElement("input"), { type: "checkbox", value: record.id, checked: record.id === justSaved || records.length === 1 });
      box.setAttribute("aria-label", `Choose the concern recorded ${record.local}`);
      const cells = [record.local, concernKind(record.kind)?.label ?? record.kind, record.url, record.note || "(none)"].map((text) => {
        const cell = document.createElement("td");
        cell.textContent = text;
        return cell;
      });
      const first = document.createElement("td");
      first.append(box);
      row.append(first, ...cells);
      return row;
    }),
  );
  return records;
}

/** The records chosen (ticked); all of them when none is ticked. */
function chosen() {
  const ids = [...document.querySelectorAll("#rows input:checked")].map((box) => /** @type {HTMLInputElement} */ (box).value);
  return ids.length ? shown.filter((r) => ids.includes(r.id)) : shown;
}

$("open-report").addEventListener("click", async () => {
  const ids = chosen().map((r) => r.id);
  chrome.tabs.create({ url: chrome.runtime.getURL(`report.html#${ids.map(encodeURIComponent).join(",")}`) });
});

$("export").addEventListener("click", async () => {
  const records = chosen();
  const items = await Promise.all(records.map(async (record) => ({ record, png: new Uint8Array(await record.screenshot.arrayBuffer()) })));
  const zip = exportZip(items, await policyAcademies());
  const link = Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (zip)], { type: "application/zip" })),
    download: `safepost-concerns-${new Date().toISOString().slice(0, 10)}.zip`,
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
});

$("delete").addEventListener("click", async () => {
  const records = chosen();
  const what = records.length === 1 ? "this recorded concern" : `these ${records.length} recorded concerns`;
  if (!confirm(`Delete ${what} from this device? This cannot be undone. Export or send it first if it still needs reporting.`)) return;
  for (const record of records) await deleteRecord(record.id);
  await render();
});

render().catch((error) => {
  $("empty").textContent = `Your recorded concerns could not be read on this device: ${errorText(error)}. Close this tab and open My records again; if it keeps happening, tell your IT team.`;
  $("empty").hidden = false;
});
