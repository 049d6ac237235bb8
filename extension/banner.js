// Part of the content script (a module of content.js's bundle).
// The banners: an unapproved platform (§5.1), a <safepost-banner> fixed at the top of the
// viewport; lesson time (§5.3), a calmer <safepost-lesson> at the bottom. Each in a guarded
// closed shadow root (shadow-host.js).
import { importantStyle, attachGuardedHost, element } from "./shadow-host.js";

const BANNER_TAG = "safepost-banner";
const LESSON_TAG = "safepost-lesson";
const hostStyle = (edge) =>
  importantStyle([
    ["display", "block"],
    ["position", "fixed"],
    [edge, "0"],
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
  .lesson { border-color: #1f4e79; background: #eaf2fb; }
  .lesson .from { color: #1f4e79; }
`;

/** Shows the banner for an unapproved-platform verdict. */
export function showUnapprovedBanner(verdict) {
  showBanner(BANNER_TAG, "top", { clause: verdict.clause ?? "5.1", message: verdict.message, kind: "warning" });
}

/** Shows the lesson-time reminder (§5.3): `lesson` is the engine's LessonNow. */
export function showLessonBanner(lesson) {
  showBanner(LESSON_TAG, "bottom", { clause: "5.3", message: lesson.message, kind: "lesson" });
}

function showBanner(tag, edge, { clause, message, kind }) {
  const banner = attachGuardedHost(tag, hostStyle(edge), BANNER_CSS);
  const region = element("section", {
    class: kind === "lesson" ? "banner lesson" : "banner",
    lang: "en-GB",
    "aria-label": kind === "lesson" ? "SafePost lesson-time reminder" : "SafePost policy warning",
  });
  // The alert holds only text, so screen readers announce it once when it appears.
  const alert = element("div", { class: "text", role: kind === "lesson" ? "status" : "alert" });
  alert.append(
    element("p", { class: "from" }, `SafePost · Trust Policy A2 (Use of Social Media) §${clause}`),
    // Says what and why, citing the clause (the platform verdict also lists the approved ones).
    element("p", { class: "message" }, message),
  );
  const dismissButton = element("button", { type: "button" }, "Dismiss");
  dismissButton.addEventListener("click", () => banner.remove());
  region.append(alert, dismissButton);
  banner.shadow.append(region);
}
