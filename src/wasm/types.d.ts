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
content: ContentPolicy, 
/**
 * Pupils, former pupils under 18 and parents as keyed name hashes (§5.3, §5.6), made
 * by `safepost roster build`; none by default.
 */
roster?: RosterValue | null, 
/**
 * What happens before contact with a pupil or a parent from a personal account.
 */
contact: ContactPolicy, 
/**
 * The timetable for lesson-time warnings (§5.3); none by default.
 */
lesson_times?: LessonTimes | null, };

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
phone_numbers: Array<string>, 
/**
 * Whom staff report a safeguarding concern to (§6.2), named in a recorded concern's report.
 */
safeguarding_lead?: SafeguardingLead | null, };

export type SafeguardingLead = { name: string, email: string, 
/**
 * As published, such as "01632 960123"; empty when not given.
 */
phone?: string, };

export type PolicyProblem = { 
/**
 * Field path such as `approved[2]` or `organisation.academies[0].name`; empty for
 * the whole document.
 */
path: string, message: string, };

export type LessonTimes = { 
/**
 * Each weekday's periods; a day left out has none.
 */
weekdays: Weekdays, 
/**
 * Term dates: when given, lessons happen only within one of them.
 */
terms: Array<DateRange>, 
/**
 * Days without lessons within terms (closures, training days, half terms).
 */
closures: Array<DateRange>, };

export type Weekdays = { monday?: Array<Period>, tuesday?: Array<Period>, wednesday?: Array<Period>, thursday?: Array<Period>, friday?: Array<Period>, saturday?: Array<Period>, sunday?: Array<Period>, };

export type Period = { name: string, start: string, end: string, };

export type DateRange = { start: string, end: string, note?: string, };

export type LessonNow = { 
/**
 * The period's name, as IT wrote it ("Period 2").
 */
period: string, start: string, end: string, 
/**
 * The plain-English line staff see, citing §5.3.
 */
message: string, };

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

export type ContentCategory = "lewd" | "threat" | "abuse" | "bullying" | "discrimination" | "safeguarding" | "locate_child" | "pupil_contact" | "confidential" | "personal_data" | "official_contact" | "disrepute" | "defamation" | "extremism" | "copyright" | "unlawful";

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
high_action: HighAction, 
/**
 * Whether drafts are also read for meaning by the deeper check (the model). IT writes
 * `"on"` (the default) or `"off"`; kept as a flag, which costs the fast module least.
 */
deep_check: boolean, };

export type CustomTerm = { term: string, category: ContentCategory, severity: Severity, };

export type CategorySetting = "off" | "low" | "medium" | "high";

export type HighAction = "confirm" | "block";

export type RosterValue = { 
/**
 * Always [`ROSTER_FORMAT`].
 */
format: string, 
/**
 * The Trust's key, base64url: devices hash the names they see with it.
 */
key: string, 
/**
 * The day it was built (`YYYY-MM-DD`), shown to IT.
 */
built: string, academies: Array<RosterAcademy>, };

export type RosterAcademy = { name: string, pupils: Array<string>, former_pupils: Array<string>, parents: Array<string>, };

export type ContactPolicy = { action: ContactAction, 
/**
 * Whether staff may say "They are family" (§5.6 allows contact with pupils who are
 * family members), remembered on their device.
 */
allow_family: boolean, };

export type ContactAction = "confirm" | "block";

export type Person = { 
/**
 * The display name ("Chloe Smith").
 */
name: string | null, 
/**
 * The handle or profile address (`@chloe.smith_2011`, `facebook.com/chloe.smith.7`).
 */
handle: string | null, 
/**
 * The profile's bio or intro.
 */
bio: string | null, };

export type PersonVerdict = { relation: Relation, 
/**
 * Whether the member of staff should be warned before contact from this account.
 */
warn: boolean, 
/**
 * The clause of Policy A2, e.g. `"5.6"`; none when the person is no one of note.
 */
clause: string | null, 
/**
 * `high` for a roster match, `medium` for what a profile says; none when not warned.
 */
severity: Severity | null, 
/**
 * Plain English: who matched, why it matters, and the clause.
 */
message: string, evidence: Array<Evidence>, };

export type Relation = "pupil" | "former_pupil" | "parent" | "pupil_elsewhere" | "none";

export type Evidence = { source: EvidenceSource, 
/**
 * Plain English: what matched.
 */
says: string, 
/**
 * For profile evidence: the words of the bio that said it, and their byte span.
 */
quote: string | null, start: number | null, end: number | null, };

export type EvidenceSource = "roster" | "profile";

/** An IT policy as given: any subset of the policy's keys (missing ones keep the default). */
export type PolicyInput = Partial<Omit<Policy, "exceptions" | "organisation" | "contact">> & {
  contact?: Partial<ContactPolicy>;
  exceptions?: (string | { domain: string; note?: string })[];
  organisation?: Partial<Organisation>;
};
