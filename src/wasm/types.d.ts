// DO NOT EDIT: generated from the Rust types by `UPDATE_TYPES=1 cargo test --lib ts_types`.

export type SiteVerdict = { 
/**
 * The URL as parsed; `None` for a verdict about a platform rather than a page.
 */
url: string | null, host: string | null, 
/**
 * Registrable domain of the host.
 */
site: string | null, status: SiteStatus, platform: PlatformRef | null, 
/**
 * The clause of Policy A2 behind the verdict, e.g. `"5.1"`.
 */
clause: string | null, action: SiteAction, 
/**
 * Plain English, citing the clause.
 */
message: string, 
/**
 * Display names of the approved platforms.
 */
approved: Array<string>, detected_by: DetectedBy | null, };

export type SiteStatus = "approved" | "unapproved" | "exception" | "not_social";

export type SiteAction = "none" | "warn" | "block";

export type DetectedBy = "domain" | "page_signals";

export type PlatformRef = { id: string, name: string, category: Category, };

export type Category = "network" | "microblog" | "video" | "livestream" | "photo" | "messaging" | "blog" | "forum" | "dating" | "federated" | "professional" | "audio" | "qa" | "bookmarking";

export type PageSignals = { 
/**
 * Every `<meta name|property>` of the page with its content.
 */
meta: Array<PageMeta>, 
/**
 * Paths of same-origin `<link href>` and `<script src>` URLs.
 */
paths: Array<string>, };

export type PageMeta = { name: string, value: string, };

export type Policy = { 
/**
 * Catalogue ids of the approved platforms (§5.1), sorted.
 */
approved: Array<string>, unapproved_action: UnapprovedAction, exceptions: Array<Exception>, 
/**
 * The register of official accounts per platform id (§3.3).
 */
official_accounts: { [key in string]: Array<string> }, organisation: Organisation, 
/**
 * How IT tunes the content checks.
 */
content: ContentPolicy, };

export type UnapprovedAction = "warn" | "block";

export type Exception = { domain: string, 
/**
 * Why IT allows it, shown to staff.
 */
note: string, };

export type Organisation = { name: string, email_domains: Array<string>, 
/**
 * Published phone numbers, as for [`Academy::phone_numbers`].
 */
phone_numbers: Array<string>, academies: Array<Academy>, };

export type Academy = { name: string, email_domains: Array<string>, 
/**
 * Published phone numbers (the school office): not personal data on official
 * accounts; official contact details on personal ones (§5.6).
 */
phone_numbers: Array<string>, };

export type PolicyProblem = { 
/**
 * Field path such as `approved[2]` or `organisation.academies[0].name`; empty for
 * the whole document.
 */
path: string, message: string, };

export type Rule = { id: number, priority: number, action: RuleAction, condition: RuleCondition, };

export type RuleAction = { "type": "allow" } | { "type": "redirect", redirect: Redirect, };

export type Redirect = { extensionPath: string, };

export type RuleCondition = { requestDomains: Array<string>, resourceTypes: Array<string>, };

export type CheckResult = { 
/**
 * Findings in order of position.
 */
findings: Array<Finding>, 
/**
 * Whether the text was longer than the checked cap and only its start was checked.
 */
truncated: boolean, 
/**
 * How many bytes of the text were checked.
 */
checked_bytes: number, };

export type Finding = { 
/**
 * The clause of Policy A2, e.g. `"5.5"`.
 */
clause: string, category: ContentCategory, severity: Severity, 
/**
 * Plain English: what, and why it matters under the clause.
 */
message: string, 
/**
 * Span in the original text, UTF-8 bytes.
 */
start: number, end: number, 
/**
 * The same span in UTF-16 code units, for JavaScript.
 */
start16: number, end16: number, 
/**
 * The original text of the span.
 */
matched: string, 
/**
 * Identifier of the rule that fired (lexicon entry, pattern or model).
 */
rule: string, };

export type Severity = "low" | "medium" | "high";

export type ContentCategory = "lewd" | "threat" | "abuse" | "bullying" | "discrimination" | "safeguarding" | "locate_child" | "pupil_contact" | "confidential" | "personal_data" | "official_contact" | "disrepute" | "defamation" | "extremism" | "copyright";

export type CheckContext = { 
/**
 * Catalogue id of the platform, when known. Every rule applies on every platform
 * today; the id is part of the contract so that rules may name platforms later.
 */
platform: string | null, account: AccountKind, surface: Surface, };

export type AccountKind = "personal" | "official" | "unknown";

export type Surface = "post" | "comment" | "message" | "profile";

export type ContentPolicy = { 
/**
 * Terms added to the lexicon.
 */
add_terms: Array<CustomTerm>, 
/**
 * Words and phrases never flagged (e.g. a place name that looks like a rude word).
 */
allow_terms: Array<string>, 
/**
 * Categories switched off or given a fixed severity.
 */
categories: { [key in ContentCategory]?: CategorySetting }, 
/**
 * What the compose guard does with a `high` finding when the user tries to post.
 */
high_action: HighAction, };

export type CustomTerm = { term: string, category: ContentCategory, severity: Severity, };

export type CategorySetting = "off" | "low" | "medium" | "high";

export type HighAction = "confirm" | "block";

/** An IT policy as given: any subset of the policy's keys (missing ones keep the default). */
export type PolicyInput = Partial<Omit<Policy, "exceptions" | "organisation">> & {
  exceptions?: (string | { domain: string; note?: string })[];
  organisation?: Partial<Organisation>;
};
