// The options page: shows, read-only, which policy SafePost is following and where it came
// from, and above all any problems in the IT team's policy (managed values are IT's to change).
import "./messages.js";

const MESSAGES = globalThis.SAFEPOST_MESSAGES;

const SOURCE_LABELS = {
  managed: "Set by your IT team",
  "cached-managed": "Set by your IT team (saved copy)",
  default: "SafePost's built-in Trust policy",
};

const ACTION_TEXT = {
  warn: "Warn: SafePost shows a banner on unapproved platforms.",
  block: "Block: SafePost stops unapproved platforms from loading and explains why.",
};

async function showPolicyStatus() {
  let reply;
  try {
    reply = await chrome.runtime.sendMessage({ type: MESSAGES.optionsToBackground.getPolicyStatus });
  } catch (error) {
    reply = { ok: false, error: error?.message ?? String(error) };
  }
  byId("loading").hidden = true;
  if (!reply?.ok) {
    showLoadError(reply?.error);
    return;
  }
  byId("load-error").hidden = true;
  renderStatus(reply.status);
  byId("status").hidden = false;
}

function showLoadError(error) {
  const box = byId("load-error");
  box.textContent = `SafePost could not read its policy: ${error ?? "no answer"}. Please tell your IT team.`;
  box.hidden = false;
}

function renderStatus(status) {
  const { policy, platformNames } = status;
  const nameOf = (id) => platformNames?.[id] ?? id;

  byId("source").textContent = SOURCE_LABELS[status.source] ?? status.source;
  byId("checked-at").textContent = new Date(status.checkedAt).toLocaleString("en-GB");
  byId("source-note").textContent = sourceNote(status);
  renderProblems(status);
  renderBlockRulesError(status.blockRules);

  fillList(byId("approved"), policy.approved.map(nameOf), "No platforms are approved.");
  byId("action").textContent = ACTION_TEXT[policy.unapproved_action] ?? policy.unapproved_action;
  byId("exceptions").replaceChildren(
    table(["Domain", "Why it is allowed"], policy.exceptions.map((e) => [e.domain, e.note]), "None."),
  );
  byId("official-accounts").replaceChildren(
    table(
      ["Platform", "Official accounts"],
      Object.entries(policy.official_accounts).map(([id, accounts]) => [nameOf(id), accounts.join(", ")]),
      "None listed.",
    ),
  );
  byId("organisation").replaceChildren(organisation(policy.organisation));

  byId("policy-json").textContent = JSON.stringify(policy, null, 2);
  byId("managed-section").hidden = status.managed === null;
  byId("managed-json").textContent = status.managed === null ? "" : JSON.stringify(status.managed, null, 2);
}

function sourceNote({ source, problems }) {
  if (problems.length > 0) return "Your IT team's policy has problems, listed below.";
  if (source === "managed") return "SafePost is following the policy your IT team set for this browser.";
  if (source === "cached-managed") {
    return "SafePost is following the copy of your IT team's policy it saved earlier, while the browser loads the current one.";
  }
  return "Your IT team has not set a policy, so SafePost follows the Trust's Policy A2 as written: only the platforms in §5.1 are approved.";
}

function renderProblems({ source, problems }) {
  byId("problems").hidden = problems.length === 0;
  fillList(
    byId("problem-list"),
    problems.map((problem) => [problem.path || "policy", problem.message]),
    "",
    ([path, message], item) => item.append(code(path), `: ${message}`),
  );
  byId("problems-fallback").textContent =
    source === "cached-managed"
      ? "Until your IT team fixes these, SafePost follows the last valid copy of their policy instead."
      : "Until your IT team fixes these, SafePost's built-in Trust policy is in force instead.";
}

function renderBlockRulesError(blockRules) {
  byId("rules-error").hidden = !blockRules?.error;
  byId("rules-error-text").textContent = blockRules?.error
    ? `SafePost still warns on unapproved platforms, but could not block them: ${blockRules.error}`
    : "";
}

function organisation(org) {
  const details = document.createElement("dl");
  const academies = org.academies.map((a) => {
    const contacts = [...a.email_domains, ...(a.phone_numbers ?? [])];
    return `${a.name}${contacts.length ? ` (${contacts.join(", ")})` : ""}`;
  });
  for (const [term, value] of [
    ["Name", org.name],
    ["Email domains", org.email_domains.join(", ") || "None listed"],
    ["Phone numbers", (org.phone_numbers ?? []).join(", ") || "None listed"],
    ["Academies", academies.join("; ") || "None listed"],
  ]) {
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = term;
    dd.textContent = value;
    details.append(dt, dd);
  }
  return details;
}

function table(headings, rows, emptyText) {
  if (rows.length === 0) return paragraph(emptyText, "empty");
  const tableElement = document.createElement("table");
  const head = tableElement.createTHead().insertRow();
  for (const heading of headings) {
    const th = document.createElement("th");
    th.textContent = heading;
    head.append(th);
  }
  const body = tableElement.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell;
  }
  return tableElement;
}

function fillList(list, items, emptyText, fill = (text, item) => (item.textContent = text)) {
  if (items.length === 0 && emptyText) {
    const item = document.createElement("li");
    item.textContent = emptyText;
    item.className = "empty";
    list.replaceChildren(item);
    return;
  }
  list.replaceChildren(
    ...items.map((value) => {
      const item = document.createElement("li");
      fill(value, item);
      return item;
    }),
  );
}

function paragraph(text, className) {
  const p = document.createElement("p");
  p.textContent = text;
  p.className = className;
  return p;
}

function code(text) {
  const element = document.createElement("code");
  element.textContent = text;
  return element;
}

function byId(id) {
  return document.getElementById(id);
}

chrome.runtime.onMessage.addListener((message) => {
  if (message?.type === MESSAGES.backgroundToPages.policyChanged) showPolicyStatus();
});
showPolicyStatus();
