// A readable page of the clauses of Policy A2 that SafePost cites, quoted word for word
// (data/policy-clauses.json, checked against the policy by tests/node/policy-clauses.test.mjs),
// each with what SafePost does about it. Opened from the toolbar popup.
import POLICY from "../data/policy-clauses.json" with { type: "json" };

document.getElementById("note").textContent = POLICY.note;
const list = document.getElementById("clauses");
for (const clause of POLICY.clauses) {
  const section = document.createElement("section");
  section.className = "card";
  section.id = `clause-${clause.clause}`;
  const heading = document.createElement("h2");
  heading.textContent = `§${clause.clause} ${clause.title}`;
  const quotes = document.createElement("ul");
  for (const quote of clause.quotes) {
    const item = document.createElement("li");
    const q = document.createElement("q");
    q.textContent = quote;
    item.append(q);
    quotes.append(item);
  }
  const does = document.createElement("p");
  does.textContent = `What SafePost does: ${clause.safepost}`;
  section.append(heading, quotes, does);
  list.append(section);
}
