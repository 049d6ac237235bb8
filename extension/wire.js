// What crosses SafePost's message channels (chrome.runtime messages, a Worker's postMessage):
// shared by the service worker, the deeper check's Worker and its offscreen document, and the pages.

/** A JSON-safe copy: messages are JSON-serialised, and serde may hand back Maps. */
export function plain(value) {
  return JSON.parse(JSON.stringify(value, (_key, v) => (v instanceof Map ? Object.fromEntries(v) : v)));
}

/** An error's message for a reply or a page (a thrown non-Error as text). */
export function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}
