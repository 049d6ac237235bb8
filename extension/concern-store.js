// Recorded concerns (§6.2, §6.3), kept on this device only: one IndexedDB store in the
// extension's own origin, shared by the service worker (which captures) and SafePost's pages
// (the form, the records page, the report). Nothing here is ever sent anywhere.
import { openDB } from "idb";

const DB_NAME = "safepost-concerns";
const STORE = "records";
/** A draft the member of staff never saved (the form was closed) is removed after a day. */
const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * @typedef {object} ConcernRecord
 * @property {string} id
 * @property {"draft" | "saved"} status
 * @property {string} createdAt ISO time, UTC
 * @property {string} local the same moment on the device's clock, in words, with its time zone
 * @property {string} url
 * @property {string} title
 * @property {string} selection text selected on the page, if any
 * @property {Blob} screenshot PNG of the visible tab
 * @property {string} screenshotSha256 hex SHA-256 of the PNG's bytes
 * @property {number} width
 * @property {number} height
 * @property {string} [kind] an id of data/concern-kinds.json
 * @property {string} [note]
 * @property {string} [academy]
 */

function db() {
  return openDB(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore(STORE, { keyPath: "id" });
    },
  });
}

/** @param {ConcernRecord} record */
export async function putRecord(record) {
  await (await db()).put(STORE, record);
}

/** @returns {Promise<ConcernRecord | undefined>} */
export async function getRecord(id) {
  return (await db()).get(STORE, String(id));
}

export async function deleteRecord(id) {
  await (await db()).delete(STORE, String(id));
}

/** Saved records, newest first; drafts older than a day are removed on the way. */
export async function listRecords(now = Date.now()) {
  const database = await db();
  /** @type {ConcernRecord[]} */
  const all = await database.getAll(STORE);
  const saved = [];
  for (const record of all) {
    if (record.status === "saved") saved.push(record);
    else if (now - Date.parse(record.createdAt) > DRAFT_LIFETIME_MS) await database.delete(STORE, record.id);
  }
  return saved.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
