// The form of a concern just captured: the member of staff chooses its kind (and sees the
// policy's advice for it), the academy, and writes a short note; saving keeps it on this device.
import { policyAcademies } from "./academies.js";
import { getRecord, putRecord, deleteRecord } from "./concern-store.js";
import { CONCERN_KINDS, concernKind } from "./concern-report.js";
import { errorText } from "./wire.js";

const id = decodeURIComponent(location.hash.slice(1));
const $ = (/** @type {string} */ name) => /** @type {any} */ (document.getElementById(name));

async function start() {
  const record = id ? await getRecord(id) : undefined;
  if (!record || record.status !== "draft") {
    $("missing").hidden = false;
    return;
  }
  $("url").textContent = record.url;
  $("title").textContent = record.title || "(none)";
  $("when").textContent = `${record.local} (${record.createdAt} UTC)`;
  if (record.selection) {
    $("selection").textContent = record.selection;
    $("selection").hidden = $("selection-term").hidden = false;
  }
  $("shot").src = URL.createObjectURL(record.screenshot);
  for (const kind of CONCERN_KINDS) {
    const label = document.createElement("label");
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "kind", value: kind.id, required: true });
    input.addEventListener("change", () => {
      $("advice").textContent = concernKind(kind.id).advice;
      $("advice").hidden = false;
    });
    label.append(input, ` ${kind.label}`);
    $("kinds").append(label);
  }
  const academies = await policyAcademies();
  if (academies.length > 0) {
    for (const academy of academies) $("academy").append(new Option(academy.name, academy.name));
    $("academy-field").hidden = false;
  }
  $("form").hidden = false;
  $("form").addEventListener("submit", async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    const kind = new FormData($("form")).get("kind");
    await putRecord({ ...record, status: "saved", kind: String(kind), note: $("note").value.trim(), academy: academies.length ? $("academy").value : "" });
    location.replace(`records.html#${encodeURIComponent(record.id)}`);
  });
  $("discard").addEventListener("click", async () => {
    await deleteRecord(record.id);
    $("form").hidden = true;
    $("missing").textContent = "Discarded: nothing was kept.";
    $("missing").hidden = false;
  });
}

start().catch((error) => {
  $("missing").textContent = `The record could not be opened: ${errorText(error)}`;
  $("missing").hidden = false;
});
