// Decides which policy is in force: the IT team's managed policy, the last good copy of it,
// or SafePost's built-in Trust policy. A bad or missing IT policy never switches SafePost off;
// it falls back and records why, so the options page can show it.

const LAST_GOOD_KEY = "lastGoodManagedPolicy";

/** How long to wait before trusting an empty managed storage when a saved copy exists. */
export const EMPTY_MANAGED_RECHECK_MS = 10_000;

/**
 * Reads the managed policy and picks the policy in force.
 *
 * `validatePolicy` is the engine's validator. `trustEmpty` says an empty managed storage
 * really means "no IT policy" (true after a re-check or a managed change); at browser start
 * it can be empty for a few seconds before the platform's policy has loaded.
 *
 * Returns `{ source, policy, problems, managed, checkedAt, recheck }` where `policy` is the
 * object for `new SafePost(policy)`, or null for the built-in policy.
 */
export async function readPolicySource(validatePolicy, { trustEmpty = false } = {}) {
  const checkedAt = new Date().toISOString();
  const managed = await readManaged();
  const lastGood = await readLastGood();

  if (managed) {
    const problems = checkPolicy(validatePolicy, managed);
    if (problems.length === 0) {
      // Written only when it changed: with a roster it is over 100 KB, and workers wake often.
      if (JSON.stringify(managed) !== JSON.stringify(lastGood)) await chrome.storage.local.set({ [LAST_GOOD_KEY]: managed });
      return { source: "managed", policy: managed, problems, managed, checkedAt, recheck: false };
    }
    // Keep enforcing the last policy IT got right rather than the IT policy's typo.
    const source = lastGood ? "cached-managed" : "default";
    return { source, policy: lastGood, problems, managed, checkedAt, recheck: false };
  }

  if (lastGood && !trustEmpty) {
    return { source: "cached-managed", policy: lastGood, problems: [], managed: null, checkedAt, recheck: true };
  }
  if (lastGood) await chrome.storage.local.remove(LAST_GOOD_KEY);
  return { source: "default", policy: null, problems: [], managed: null, checkedAt, recheck: false };
}

function checkPolicy(validatePolicy, managed) {
  try {
    return validatePolicy(managed);
  } catch (error) {
    return [{ path: "", message: `SafePost could not check the IT policy: ${error?.message ?? error}` }];
  }
}

/** The managed policy object, or null when there is none (empty, or the area is unavailable). */
async function readManaged() {
  try {
    const managed = await chrome.storage.managed.get(null);
    return managed && Object.keys(managed).length > 0 ? managed : null;
  } catch {
    // Managed storage is unavailable on some platforms and profiles: treat as "no IT policy".
    return null;
  }
}

async function readLastGood() {
  const { [LAST_GOOD_KEY]: lastGood } = await chrome.storage.local.get(LAST_GOOD_KEY);
  return lastGood && typeof lastGood === "object" ? lastGood : null;
}
