// Interface stub while the detectors are written; replaced by the real module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalDataKind {
    EmailAddress,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}
pub struct PersonalData {
    pub kind: PersonalDataKind,
    pub start: usize,
    pub end: usize,
    pub confidence: Confidence,
}
pub fn find_personal_data(_text: &str) -> Vec<PersonalData> {
    Vec::new()
}
impl PersonalDataKind {
    pub fn describe(self) -> &'static str {
        "an email address"
    }
}
