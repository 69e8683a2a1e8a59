//! Dependencies (§3.3, §4.9): packages of libraries functions can use.

use serde::{Deserialize, Serialize};

use super::{Extra, QueryBuilder, ToQuery};

wire_struct! {
    /// A dependency package: the response of CreateDependency, ShowDependency and UpdateDependency (which
    /// may also answer a literal `null`: decode that one as `Option<Dependency>`), an item of
    /// ListDependencies, and an item of a function's `dependencies`.
    pub struct Dependency {
        /// The dependency id (UUID).
        id: String,
        /// The owner's domain id, or `public`.
        owner: String,
        /// The package URL in OBS.
        link: String,
        /// The runtime (`Python3.6`, `Node.js14.18`, ...).
        runtime: String,
        /// An MD5-style hash of the package (`...-6` for multipart uploads).
        etag: String,
        /// The package size in bytes.
        size: i64,
        /// The dependency name.
        name: String,
        /// The description.
        description: String,
        /// The package file name.
        file_name: String,
        /// The dependency version.
        version: i64,
        /// The last update time (epoch).
        last_modified: i64,
    }
}

/// Query parameters of ListDependencies (`GET /dependencies`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListDependenciesQuery {
    /// Where the previous page ended (`next_marker`); `0` for the first page.
    pub marker: Option<String>,
    /// Items per page.
    pub maxitems: Option<u32>,
    /// Whether the dependency is public.
    pub ispublic: Option<bool>,
    /// `public`, `private` or `all` (default).
    pub dependency_type: Option<String>,
    /// Runtime filter.
    pub runtime: Option<String>,
    /// Name filter.
    pub name: Option<String>,
    /// Items per query (default 400).
    pub limit: Option<u32>,
}

impl ToQuery for ListDependenciesQuery {
    fn to_query(&self) -> Vec<(String, String)> {
        QueryBuilder::default()
            .opt("marker", self.marker.as_ref())
            .opt("maxitems", self.maxitems.as_ref())
            .opt("ispublic", self.ispublic.as_ref())
            .opt("dependency_type", self.dependency_type.as_ref())
            .opt("runtime", self.runtime.as_ref())
            .opt("name", self.name.as_ref())
            .opt("limit", self.limit.as_ref())
            .build()
    }
}

wire_struct! {
    /// The response of ListDependencies.
    pub struct ListDependenciesResponse {
        /// The dependencies.
        dependencies: Vec<Dependency>,
        /// The marker of the next page.
        next_marker: i64,
        /// The total number of dependencies.
        count: i64,
    }
}

/// Dependency import mode: a Base64 ZIP in `depend_file`.
pub const DEPEND_TYPE_ZIP: &str = "zip";
/// Dependency import mode: an OBS URL in `depend_link`.
pub const DEPEND_TYPE_OBS: &str = "obs";

/// The body of CreateDependency (`POST /dependencies`) and UpdateDependency (`PUT
/// /dependencies/{depend_id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDependencyRequest {
    /// The Base64 ZIP (when `depend_type` is `zip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depend_file: Option<String>,
    /// The OBS URL (when `depend_type` is `obs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depend_link: Option<String>,
    /// `zip` or `obs`.
    pub depend_type: String,
    /// The runtime.
    pub runtime: String,
    /// The name: at most 96 characters, starting with a letter, ending with a letter or digit, only
    /// letters, digits, `_`, `.`, `-`.
    pub name: String,
    /// The description (at most 512 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of UpdateDependency: the same as CreateDependency's.
pub type UpdateDependencyRequest = CreateDependencyRequest;
