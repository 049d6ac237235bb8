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
official_accounts: { [key in string]: Array<string> }, organisation: Organisation, };

export type UnapprovedAction = "warn" | "block";

export type Exception = { domain: string, 
/**
 * Why IT allows it, shown to staff.
 */
note: string, };

export type Organisation = { name: string, email_domains: Array<string>, academies: Array<Academy>, };

export type Academy = { name: string, email_domains: Array<string>, };

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

/** An IT policy as given: any subset of the policy's keys (missing ones keep the default). */
export type PolicyInput = Partial<Omit<Policy, "exceptions" | "organisation">> & {
  exceptions?: (string | { domain: string; note?: string })[];
  organisation?: Partial<Organisation>;
};
