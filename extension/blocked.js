// The page block mode sends unapproved platforms to (blocked.html#<platform id>).
// The wording comes from the engine via the service worker, so it matches the banner.
import { MESSAGES } from "./messages.js";


async function showVerdict() {
  const platformId = decodeURIComponent(location.hash.slice(1));
  const reply = await chrome.runtime.sendMessage({
    type: MESSAGES.blockedPageToBackground.getPlatformVerdict,
    platformId,
  });
  if (!reply?.ok) return; // Keep the page's general wording.

  const { verdict } = reply;
  const name = verdict.platform?.name ?? "This platform";
  document.title = `${name} is blocked – SafePost`;
  document.getElementById("title").textContent = `${name} is blocked`;
  document.getElementById("message").textContent = verdict.message; // Includes who to ask.

  const list = document.getElementById("approved");
  document.getElementById("approved-section").hidden = verdict.approved.length === 0;
  list.replaceChildren(
    ...verdict.approved.map((approvedName) => {
      const item = document.createElement("li");
      item.textContent = approvedName;
      return item;
    }),
  );
}

function goBack() {
  if (history.length > 1) {
    history.back();
  } else {
    // Opened straight into a new tab: there is nothing to go back to, so close it.
    chrome.tabs.getCurrent((tab) => tab && chrome.tabs.remove(tab.id));
  }
}

document.getElementById("back").addEventListener("click", goBack);
showVerdict().catch(() => {
  // The service worker could not answer; the general wording already on the page stands.
});
