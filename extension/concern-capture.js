// Capturing a concern (§6.3: "screen prints of messages or web pages could be taken and the time,
// date and address of site should be recorded"), in the service worker: the visible tab as a PNG
// with its SHA-256, the address, title, the time on the device's clock and in UTC, and any text
// the member of staff selected — kept as a draft on this device until they save it in the form.
import { putRecord } from "./concern-store.js";

const MAX_SELECTION = 5000;

/**
 * Captures `tab` (made the visible tab of its window first) and opens the form beside it.
 * @param {chrome.tabs.Tab} tab
 * @param {string} selection
 * @returns {Promise<string>} the draft record's id
 */
export async function captureConcern(tab, selection = "") {
  if (!tab.active) await chrome.tabs.update(tab.id, { active: true });
  const dataUrl = await chrome.tabs.captureVisibleTab(tab.windowId, { format: "png" });
  const png = base64Bytes(dataUrl.slice(dataUrl.indexOf(",") + 1));
  const now = new Date();
  const id = crypto.randomUUID();
  await putRecord({
    id,
    status: "draft",
    createdAt: now.toISOString(),
    local: localTime(now),
    url: tab.url ?? "",
    title: tab.title ?? "",
    selection: String(selection ?? "").slice(0, MAX_SELECTION),
    screenshot: new Blob([png], { type: "image/png" }),
    screenshotSha256: await sha256Hex(png),
    ...pngSize(png),
  });
  await chrome.tabs.create({ url: chrome.runtime.getURL(`concern.html#${id}`), windowId: tab.windowId, index: tab.index + 1, openerTabId: tab.id });
  return id;
}

/** The moment on the device's clock, in words, with its time zone ("Friday 4 December 2026 at 11:20:05 GMT"). */
export function localTime(date) {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "long" }).format(date);
}

/** @param {Uint8Array<ArrayBuffer>} bytes */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A PNG's width and height, from its IHDR chunk. */
export function pngSize(png) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return png.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : { width: 0, height: 0 };
}

function base64Bytes(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}
