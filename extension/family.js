// "They are family" (§5.6 allows contact with pupils who are family members): the people a member
// of staff has said are family, remembered on this device only. Each is kept as keyed hashes
// (HMAC-SHA-256, with a random key made on this device and never sent anywhere) of the person's
// name forms as the engine makes them (`nameForms`), so storage holds no names. The options page
// lists the entries by date and platform, with a way to forget each.
const STORAGE_KEY = "family";

/** @typedef {{ id: string, hashes: string[], platform: string | null, added: string }} FamilyPerson */
/** @typedef {{ key?: string, people?: FamilyPerson[] }} FamilyStore storage.local's entry */

/** This device's key for family hashes (made once, kept in storage.local). */
async function familyKey() {
  const stored = /** @type {FamilyStore | undefined} */ ((await chrome.storage.local.get(STORAGE_KEY))[STORAGE_KEY]);
  let raw = stored?.key ? base64ToBytes(stored.key) : null;
  if (!raw) {
    raw = crypto.getRandomValues(new Uint8Array(32));
    await chrome.storage.local.set({ [STORAGE_KEY]: { key: bytesToBase64(raw), people: stored?.people ?? [] } });
  }
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

async function hashForms(forms, key) {
  const encoder = new TextEncoder();
  const hashes = [];
  for (const form of forms) {
    const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(form));
    hashes.push(bytesToBase64(new Uint8Array(mac).slice(0, 16)));
  }
  return hashes;
}

/** @returns {Promise<{ key: string | null, people: FamilyPerson[] }>} */
async function stored() {
  const value = /** @type {FamilyStore | undefined} */ ((await chrome.storage.local.get(STORAGE_KEY))[STORAGE_KEY]);
  return { key: value?.key ?? null, people: Array.isArray(value?.people) ? value.people : [] };
}

/**
 * A test of name forms against the people said to be family: `(forms) → Promise<boolean>`.
 * Storage and the key are read once, however many people are then tested.
 */
export async function familyMatcher() {
  const { people } = await stored();
  if (!people.length) return async () => false;
  const key = await familyKey();
  const known = new Set(people.flatMap((person) => person.hashes));
  return async (forms) => (await hashForms(forms, key)).some((hash) => known.has(hash));
}

/** Remembers a person (by their name forms) as family; `platform` and the date label the entry. */
export async function rememberFamily(forms, platform) {
  if (!forms.length) throw new Error("This person has no name SafePost can remember.");
  const hashes = await hashForms(forms, await familyKey());
  const { key, people } = await stored();
  const id = crypto.randomUUID();
  people.push({ id, hashes, platform: platform ?? null, added: new Date().toISOString() });
  await chrome.storage.local.set({ [STORAGE_KEY]: { key, people } });
  return id;
}

/** The remembered entries, without their hashes: `{ id, platform, added }`. */
export async function listFamily() {
  const { people } = await stored();
  return people.map(({ id, platform, added }) => ({ id, platform, added }));
}

export async function forgetFamily(id) {
  const { key, people } = await stored();
  await chrome.storage.local.set({ [STORAGE_KEY]: { key, people: people.filter((person) => person.id !== id) } });
}

function bytesToBase64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}

function base64ToBytes(text) {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
