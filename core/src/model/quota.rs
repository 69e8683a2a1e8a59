use serde::{Deserialize, Serialize};

/// What a quota limits, where cloudfn knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuotaKind {
    /// Number of functions (FunctionGraph `fgs_func_num`).
    Functions,
    /// Total code storage (FunctionGraph `fgs_func_code_size`).
    CodeStorage,
    /// Concurrent instances (FunctionGraph `fgs_func_occurs`).
    Concurrency,
    /// Anything else; see [`Quota::name`].
    Other,
}

/// One account quota and how much of it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Quota {
    /// The provider's name for it (`fgs_func_num`, ...).
    pub name: String,
    /// What it limits.
    pub kind: QuotaKind,
    /// The limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// How much is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used: Option<u64>,
    /// Unit of `limit` and `used` (`MB` for code storage; none for counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Quota {
    /// A quota with its limit and usage.
    pub fn new(
        name: impl Into<String>,
        kind: QuotaKind,
        limit: Option<u64>,
        used: Option<u64>,
    ) -> Self {
        Quota {
            name: name.into(),
            kind,
            limit,
            used,
            unit: None,
        }
    }

    /// Sets the unit.
    pub fn with_unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }
}
