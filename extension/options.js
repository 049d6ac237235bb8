// The options page: shows, read-only, which policy SafePost is following and where it came
// from, and above all any problems in the IT team's policy (managed values are IT's to change).
import { MESSAGES } from "./messages.js";


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
  byId("deep-check").textContent = policy.content?.deep_check === false ? DEEP_CHECK_TEXT.off : DEEP_CHECK_TEXT.on;
  renderContact(policy, nameOf);

  byId("policy-json").textContent = JSON.stringify(policy, null, 2);
  byId("managed-section").hidden = status.managed === null;
  byId("managed-json").textContent = status.managed === null ? "" : JSON.stringify(status.managed, null, 2);
}

const DEEP_CHECK_TEXT = {
  on: "SafePost checks the words of each draft as you write, then reads it for meaning with a small model on this device (nothing you type leaves it), and tells you which clause a problem breaks before you post.",
  off: "SafePost checks the words of each draft as you write and tells you which clause a problem breaks before you post. Your IT team has switched off the deeper check that reads drafts for meaning.",
};

const CONTACT_ACTION_TEXT = {
  confirm: "Before you befriend, follow or message a pupil or a parent from a personal account, SafePost explains why and you decide.",
  block: "SafePost stops you befriending, following or messaging a pupil or a parent from a personal account, and explains why.",
};

/** The contact guard (§5.3, §5.6): the roster in force, and the people this device remembers as family. */
function renderContact(policy, nameOf) {
  byId("contact-action").textContent = CONTACT_ACTION_TEXT[policy.contact?.action] ?? policy.contact?.action ?? "";
  const roster = policy.roster;
  byId("roster").replaceChildren(
    roster
      ? table(
          ["Academy", "Pupils", "Former pupils under 18", "Parents"],
          roster.academies.map((a) => [a.name, a.pupils, a.former_pupils, a.parents].map(String)),
          "The roster is empty.",
        )
      : paragraph("Your IT team has not given SafePost a roster: it goes by what profiles say (a year group, a school, an age under 18).", "empty"),
  );
  byId("roster-built").textContent = roster ? `Built on ${roster.built}. The counts are of name forms (a legal and a preferred name count twice); no names are stored.` : "";
  const allowed = policy.contact?.allow_family !== false;
  byId("family-section").hidden = !allowed;
  if (allowed) showFamily(nameOf).catch(() => {});
}

async function showFamily(nameOf) {
  const reply = await chrome.runtime.sendMessage({ type: MESSAGES.optionsToBackground.listFamily });
  const family = reply?.ok ? reply.family : [];
  fillList(byId("family"), family, "Nobody: when you tell SafePost that someone is family, they are listed here.", (entry, item) => {
    const added = new Date(entry.added).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    item.append(`Someone you said is family, on ${entry.platform ? nameOf(entry.platform) : "a social site"}, ${added} `);
    const forget = document.createElement("button");
    forget.type = "button";
    forget.textContent = "Forget";
    forget.addEventListener("click", async () => {
      await chrome.runtime.sendMessage({ type: MESSAGES.optionsToBackground.forgetFamily, id: entry.id });
      showFamily(nameOf).catch(() => {});
    });
    item.append(forget);
  });
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
