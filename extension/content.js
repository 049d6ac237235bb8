// Content script (classic; loads after messages.js, page-signals.js and banner.js).
// Asks the service worker whether this page is an unapproved platform, and if so warns
// (or, in block mode, sends the tab to the block page). Nothing here may throw into the page.

(async () => {
  try {
    const reply = await chrome.runtime.sendMessage({
      type: SAFEPOST_MESSAGES.contentToBackground.checkPage,
      url: location.href,
      signals: collectPageSignals(),
    });
    const verdict = reply?.ok ? reply.verdict : null;
    if (verdict?.status !== "unapproved") return;

    // Block mode's network rules only know platforms by domain; a platform recognised from
    // the page itself (e.g. a self-hosted Mastodon) is blocked here instead.
    if (verdict.action === "block" && verdict.platform) {
      location.replace(chrome.runtime.getURL(`blocked.html#${encodeURIComponent(verdict.platform.id)}`));
      return;
    }
    showUnapprovedBanner(verdict);
  } catch {
    // The extension was reloaded or the page is unusual: show nothing rather than break the page.
  }
})();
