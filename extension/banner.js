// Part of the content script (a module of content.js's bundle).
// The unapproved-platform banner: a <safepost-banner> fixed at the top of the viewport, in a
// guarded closed shadow root (shadow-host.js).
import { importantStyle, attachGuardedHost, element } from "./shadow-host.js";

const BANNER_TAG = "safepost-banner";
const BANNER_HOST_STYLE = importantStyle([
  ["display", "block"],
  ["position", "fixed"],
  ["top", "0"],
  ["left", "0"],
  ["right", "0"],
  ["z-index", "2147483647"],
]);

const BANNER_CSS = `
  .banner {
    box-sizing: border-box; display: flex; flex-wrap: wrap; align-items: center; gap: 12px 24px;
    margin: 8px; padding: 14px 18px; border: 2px solid #7a4b00; border-left-width: 8px;
    border-radius: 6px; background: #fff4d6; color: #1c1c1c;
    font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); text-align: left;
  }
  .text { flex: 1 1 28em; }
  p { margin: 0; }
  .from { margin-bottom: 4px; font-size: 14px; font-weight: 700; color: #5c3900; }
  .message { font-size: 17px; }
  button {
    font: inherit; font-weight: 600; padding: 8px 18px; border: 2px solid #1c1c1c;
    border-radius: 6px; background: #ffffff; color: #1c1c1c; cursor: pointer;
  }
  button:hover { background: #f0f0f0; }
  button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;

/** Shows the banner for an unapproved-platform verdict. */
export function showUnapprovedBanner(verdict) {
  const banner = attachGuardedHost(BANNER_TAG, BANNER_HOST_STYLE, BANNER_CSS);
  banner.shadow.append(bannerContent(verdict, () => banner.remove()));
}

function bannerContent(verdict, onDismiss) {
  const clause = verdict.clause ?? "5.1";
  const region = element("section", { class: "banner", lang: "en-GB", "aria-label": "SafePost policy warning" });
  // The alert holds only text, so screen readers announce it once when it appears.
  const alert = element("div", { class: "text", role: "alert" });
  alert.append(
    element("p", { class: "from" }, `SafePost · Trust Policy A2 (Use of Social Media) §${clause}`),
    // Names the platform, cites the clause, lists the approved platforms and says to ask IT.
    element("p", { class: "message" }, verdict.message),
  );
  const dismissButton = element("button", { type: "button" }, "Dismiss");
  dismissButton.addEventListener("click", onDismiss);
  region.append(alert, dismissButton);
  return region;
}
