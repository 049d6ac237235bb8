// The printable report of one or several recorded concerns (report.html#id,id…), drawn from the
// same HTML the export's report.html is (concern-report.js), with the screenshots from this device.
import { policyAcademies } from "./academies.js";
import { getRecord } from "./concern-store.js";
import { reportHtml, mailtoLink } from "./concern-report.js";
import { errorText } from "./wire.js";

const $ = (/** @type {string} */ name) => /** @type {any} */ (document.getElementById(name));

async function start() {
  const ids = location.hash.slice(1).split(",").filter(Boolean).map(decodeURIComponent);
  const records = (await Promise.all(ids.map((id) => getRecord(id)))).filter((r) => r?.status === "saved");
  const academies = await policyAcademies();
  if (records.length === 0) {
    $("report").textContent = "These records are no longer on this device.";
    return;
  }
  const images = new Map(records.map((r) => [r.id, URL.createObjectURL(r.screenshot)]));
  const doc = new DOMParser().parseFromString(reportHtml(records, { academies, imageSrc: (r) => images.get(r.id) }), "text/html");
  document.head.append(...doc.head.querySelectorAll("style"));
  $("report").replaceChildren(...doc.body.children);
  if (records.length === 1) {
    $("email").href = mailtoLink(records[0], academies);
    $("email").hidden = false;
  }
}

$("print").addEventListener("click", () => window.print());
start().catch((error) => {
  $("report").textContent = `The report could not be made: ${errorText(error)}`;
});
