//! The TypeScript declarations of every value the WASM bindings return, generated from
//! the Rust types (ts-rs) so the two cannot drift. `src/wasm/types.d.ts` is checked in;
//! this test fails when it is stale, and `UPDATE_TYPES=1 cargo test --lib ts_types`
//! rewrites it.

use ts_rs::{Config, TS};

use crate::block_rules::{Redirect, Rule, RuleAction, RuleCondition};
use crate::catalogue::{Category, PageMeta, PageSignals};
use crate::contact::roster::{RosterAcademy, RosterValue};
use crate::contact::{Evidence, EvidenceSource, Person, PersonVerdict, Relation};
use crate::content::{
    AccountKind, CheckContext, CheckResult, ContentCategory, Finding, Severity, Surface,
};
use crate::policy::{
    Academy, Exception, Organisation, Policy, PolicyProblem, SafeguardingLead, UnapprovedAction,
};
use crate::policy::{
    CategorySetting, ContactAction, ContactPolicy, ContentPolicy, CustomTerm, HighAction,
};
use crate::policy::{DateRange, LessonNow, LessonTimes, Period, Weekdays};
use crate::verdict::{DetectedBy, PlatformRef, SiteAction, SiteStatus, SiteVerdict};

const PATH: &str = "src/wasm/types.d.ts";

fn declarations() -> String {
    let cfg = Config::new();
    let decls = [
        SiteVerdict::decl(&cfg),
        SiteStatus::decl(&cfg),
        SiteAction::decl(&cfg),
        DetectedBy::decl(&cfg),
        PlatformRef::decl(&cfg),
        Category::decl(&cfg),
        PageSignals::decl(&cfg),
        PageMeta::decl(&cfg),
        Policy::decl(&cfg),
        UnapprovedAction::decl(&cfg),
        Exception::decl(&cfg),
        Organisation::decl(&cfg),
        Academy::decl(&cfg),
        SafeguardingLead::decl(&cfg),
        PolicyProblem::decl(&cfg),
        LessonTimes::decl(&cfg),
        Weekdays::decl(&cfg),
        Period::decl(&cfg),
        DateRange::decl(&cfg),
        LessonNow::decl(&cfg),
        Rule::decl(&cfg),
        RuleAction::decl(&cfg),
        Redirect::decl(&cfg),
        RuleCondition::decl(&cfg),
        CheckResult::decl(&cfg),
        Finding::decl(&cfg),
        Severity::decl(&cfg),
        ContentCategory::decl(&cfg),
        CheckContext::decl(&cfg),
        AccountKind::decl(&cfg),
        Surface::decl(&cfg),
        ContentPolicy::decl(&cfg),
        CustomTerm::decl(&cfg),
        CategorySetting::decl(&cfg),
        HighAction::decl(&cfg),
        RosterValue::decl(&cfg),
        RosterAcademy::decl(&cfg),
        ContactPolicy::decl(&cfg),
        ContactAction::decl(&cfg),
        Person::decl(&cfg),
        PersonVerdict::decl(&cfg),
        Relation::decl(&cfg),
        Evidence::decl(&cfg),
        EvidenceSource::decl(&cfg),
    ];
    let mut out = String::from(
        "// DO NOT EDIT: generated from the Rust types by `UPDATE_TYPES=1 cargo test --lib ts_types`.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str(
        "/** An IT policy as given: any subset of the policy's keys (missing ones keep the default). */\n\
         export type PolicyInput = Partial<Omit<Policy, \"exceptions\" | \"organisation\" | \"contact\">> & {\n\
         \x20 contact?: Partial<ContactPolicy>;\n\
         \x20 exceptions?: (string | { domain: string; note?: string })[];\n\
         \x20 organisation?: Partial<Organisation>;\n\
         };\n",
    );
    out
}

#[test]
fn ts_types_are_current() {
    let fresh = declarations();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(PATH, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == fresh,
        "{PATH} is stale: run `UPDATE_TYPES=1 cargo test --lib ts_types`"
    );
}
