// Keeps Chrome's declarativeNetRequest dynamic rules equal to the engine's block rules.
// Dynamic rules outlive the service worker and browser restarts, so block mode keeps
// working before the worker starts; they only need replacing when the policy changes.

const APPLIED_KEY = "appliedBlockRules";

/** Replaces all dynamic rules with `rules` (one atomic update), unless they are already in place. */
export async function applyBlockRules(rules) {
  const wanted = JSON.stringify(rules);
  const [current, { [APPLIED_KEY]: applied }] = await Promise.all([
    chrome.declarativeNetRequest.getDynamicRules(),
    chrome.storage.local.get(APPLIED_KEY),
  ]);
  if (applied === wanted && current.length === rules.length) return;

  await chrome.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: current.map((rule) => rule.id),
    addRules: rules,
  });
  await chrome.storage.local.set({ [APPLIED_KEY]: wanted });
}
