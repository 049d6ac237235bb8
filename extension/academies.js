// The academies of the policy in force — their names and each one's Designated Safeguarding Lead
// (§6.2) — as SafePost's own pages read them from the service worker; none when it cannot answer.
import { MESSAGES } from "./messages.js";

/** @returns {Promise<any[]>} the policy's organisation.academies */
export async function policyAcademies() {
  const reply = await chrome.runtime.sendMessage({ type: MESSAGES.optionsToBackground.getPolicyStatus }).catch(() => null);
  return reply?.ok ? (reply.status.policy.organisation?.academies ?? []) : [];
}
