//! FunctionGraph function URNs: every form the API accepts, parsed into a typed [`FunctionUrn`] and
//! written back unchanged.
//!
//! The full form has seven colon-separated fields, eight with a qualifier:
//!
//! ```text
//! urn:fss:{region}:{project_id}:function:{package}:{name}[:{version}|:!{alias}]
//! ```
//!
//! Wherever a URN is an API parameter, the simplified forms are accepted too (huawei-functiongraph.md
//! §2.2), the missing parts being filled by the server (project from the token, package `default`,
//! version `latest`):
//!
//! | fields | form | [`UrnForm`] |
//! |---|---|---|
//! | 1 | `{name}` | [`Name`](UrnForm::Name) |
//! | 2 | `{package}:{name}` | [`PackageName`](UrnForm::PackageName) |
//! | 3 | `{project_id}:{package}:{name}` | [`Project`](UrnForm::Project) |
//! | 4 | `{project_id}:{package}:{name}:{version or !alias}` | [`Project`](UrnForm::Project) |
//! | 7 | `urn:fss:{region}:{project_id}:function:{package}:{name}` | [`Full`](UrnForm::Full) |
//! | 8 | `urn:fss:{region}:{project_id}:function:{package}:{name}:{version or !alias}` | [`Full`](UrnForm::Full) |
//!
//! Parsing rules (§2.5): a qualifier starting with `!` is an alias, `latest` is [`UrnQualifier::Latest`],
//! anything else a version. The documented grammar's `:!:{alias}` spelling (nine fields) is accepted and
//! written back as `:!{alias}`, the spelling of every real alias URN. A string of three or more fields
//! whose first field is `urn` must be a full URN (so a malformed full URN is an error, not a project
//! named `urn`); `urn` alone or `urn:{name}` are the one- and two-field forms. Five and six fields are not
//! a URN form. No field may be empty or contain `:`; anything else (spaces, `%`, `+`, `~`, `!`, `/`,
//! unicode) is the server's business and is kept verbatim.
//!
//! `Display` writes exactly the form that was parsed, so `s.parse::<FunctionUrn>()?.to_string() == s` for
//! every valid `s` of the table above.
//!
//! In a URL path the URN is one segment, percent-encoded the way the official SDK does
//! ([`FunctionUrn::to_path_segment`]: `quote(urn, safe='')`, so `:` becomes `%3A`).
//!
//! ```
//! use cloudfn_huawei::urn::{FunctionUrn, UrnForm, UrnQualifier};
//!
//! let urn: FunctionUrn = "urn:fss:cn-north-4:0123:function:default:hello:!prod".parse().unwrap();
//! assert_eq!(urn.region(), Some("cn-north-4"));
//! assert_eq!(urn.project_id(), Some("0123"));
//! assert_eq!(urn.package(), "default");
//! assert_eq!(urn.name(), "hello");
//! assert_eq!(urn.qualifier(), &UrnQualifier::Alias("prod".into()));
//! assert_eq!(urn.form(), UrnForm::Full);
//! assert_eq!(urn.to_string(), "urn:fss:cn-north-4:0123:function:default:hello:!prod");
//! assert_eq!(urn.to_path_segment(), "urn%3Afss%3Acn-north-4%3A0123%3Afunction%3Adefault%3Ahello%3A%21prod");
//!
//! let short: FunctionUrn = "hello".parse().unwrap();
//! assert_eq!((short.package(), short.form()), ("default", UrnForm::Name));
//! ```

use std::fmt;
use std::str::FromStr;

use cloudfn_core::{Error, ErrorKind, FunctionRef, Qualifier, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::pct::quote;

/// The package (function group) a function lives in when none is named.
pub const DEFAULT_PACKAGE: &str = "default";
/// The mutable head version.
pub const LATEST: &str = "latest";

/// Which variant of a function a URN addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UrnQualifier {
    /// No qualifier: `latest` for most operations, but the whole function (every version, alias and
    /// trigger) for DeleteFunction and DeleteFunctionTriggers.
    #[default]
    None,
    /// `:latest`, the mutable head.
    Latest,
    /// `:{version}`, a published version (never `latest`, never starting with `!`).
    Version(String),
    /// `:!{alias}`, an alias.
    Alias(String),
}

impl UrnQualifier {
    /// The neutral qualifier: [`None`](UrnQualifier::None) and [`Latest`](UrnQualifier::Latest) both mean
    /// [`Qualifier::Latest`].
    pub fn to_core(&self) -> Qualifier {
        match self {
            UrnQualifier::None | UrnQualifier::Latest => Qualifier::Latest,
            UrnQualifier::Version(v) => Qualifier::Version(v.clone()),
            UrnQualifier::Alias(a) => Qualifier::Alias(a.clone()),
        }
    }

    /// Whether there is no qualifier.
    pub fn is_none(&self) -> bool {
        matches!(self, UrnQualifier::None)
    }

    /// Parses the qualifier field of a URN (`latest`, `v1`, `!prod`).
    pub fn parse_field(field: &str) -> Result<Self> {
        if field.is_empty() {
            return Err(invalid(
                "URN qualifier: empty (a trailing `:` needs a version or `!alias` after it)"
                    .to_owned(),
            ));
        }
        if let Some(alias) = field.strip_prefix('!') {
            let q = UrnQualifier::Alias(alias.to_owned());
            q.validate()?;
            return Ok(q);
        }
        if field == LATEST {
            return Ok(UrnQualifier::Latest);
        }
        let q = UrnQualifier::Version(field.to_owned());
        q.validate()?;
        Ok(q)
    }

    fn validate(&self) -> Result<()> {
        match self {
            UrnQualifier::None | UrnQualifier::Latest => Ok(()),
            UrnQualifier::Version(v) => {
                check_field("version", v)?;
                if v.starts_with('!') {
                    return Err(invalid(format!(
                        "URN version `{v}`: a version cannot start with `!` (that marks an alias)"
                    )));
                }
                Ok(())
            }
            UrnQualifier::Alias(a) => check_field("alias", a),
        }
    }
}

impl From<&Qualifier> for UrnQualifier {
    fn from(q: &Qualifier) -> Self {
        match q {
            Qualifier::Latest => UrnQualifier::Latest,
            Qualifier::Version(v) => UrnQualifier::Version(v.clone()),
            Qualifier::Alias(a) => UrnQualifier::Alias(a.clone()),
        }
    }
}

impl From<Qualifier> for UrnQualifier {
    fn from(q: Qualifier) -> Self {
        UrnQualifier::from(&q)
    }
}

impl fmt::Display for UrnQualifier {
    /// The qualifier field as it appears in a URN: empty, `latest`, `{version}` or `!{alias}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrnQualifier::None => Ok(()),
            UrnQualifier::Latest => f.write_str(LATEST),
            UrnQualifier::Version(v) => f.write_str(v),
            UrnQualifier::Alias(a) => write!(f, "!{a}"),
        }
    }
}

/// The written form of a [`FunctionUrn`] (how many fields it has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UrnForm {
    /// `{name}` (1 field).
    Name,
    /// `{package}:{name}` (2 fields).
    PackageName,
    /// `{project_id}:{package}:{name}[:{qualifier}]` (3 or 4 fields).
    Project,
    /// `urn:fss:{region}:{project_id}:function:{package}:{name}[:{qualifier}]` (7 or 8 fields).
    Full,
}

/// A function URN in any of its accepted forms.
///
/// The fields are private so that only writable combinations exist (a region needs a project id, a
/// qualifier needs at least a project id, ...); read them with the accessors, build one with
/// [`new`](FunctionUrn::new) / [`name_only`](FunctionUrn::name_only) /
/// [`in_package`](FunctionUrn::in_package) / [`in_project`](FunctionUrn::in_project) /
/// [`from_ref`](FunctionUrn::from_ref) or by parsing. Serialises as its string form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunctionUrn {
    region: Option<String>,
    project_id: Option<String>,
    /// `None` only in the one-field form, where the server's default package applies.
    package: Option<String>,
    name: String,
    qualifier: UrnQualifier,
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidArgument, message)
}

fn check_field(what: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(invalid(format!("URN {what}: empty")));
    }
    if value.contains(':') {
        return Err(invalid(format!(
            "URN {what} `{value}`: contains `:`, the URN field separator"
        )));
    }
    Ok(())
}

impl FunctionUrn {
    /// The full (7-field) URN of function `name` in `package` of `project_id` in `region`.
    pub fn new(
        region: impl Into<String>,
        project_id: impl Into<String>,
        package: impl Into<String>,
        name: impl Into<String>,
    ) -> Result<Self> {
        let urn = FunctionUrn {
            region: Some(region.into()),
            project_id: Some(project_id.into()),
            package: Some(package.into()),
            name: name.into(),
            qualifier: UrnQualifier::None,
        };
        urn.validate()?;
        Ok(urn)
    }

    /// The one-field form `{name}` (server's project, package `default`).
    pub fn name_only(name: impl Into<String>) -> Result<Self> {
        let urn = FunctionUrn {
            region: None,
            project_id: None,
            package: None,
            name: name.into(),
            qualifier: UrnQualifier::None,
        };
        urn.validate()?;
        Ok(urn)
    }

    /// The two-field form `{package}:{name}` (server's project).
    pub fn in_package(package: impl Into<String>, name: impl Into<String>) -> Result<Self> {
        let urn = FunctionUrn {
            region: None,
            project_id: None,
            package: Some(package.into()),
            name: name.into(),
            qualifier: UrnQualifier::None,
        };
        urn.validate()?;
        Ok(urn)
    }

    /// The three-field form `{project_id}:{package}:{name}`.
    pub fn in_project(
        project_id: impl Into<String>,
        package: impl Into<String>,
        name: impl Into<String>,
    ) -> Result<Self> {
        let urn = FunctionUrn {
            region: None,
            project_id: Some(project_id.into()),
            package: Some(package.into()),
            name: name.into(),
            qualifier: UrnQualifier::None,
        };
        urn.validate()?;
        Ok(urn)
    }

    /// The full, unqualified URN of the neutral function `f` (its namespace is the package).
    ///
    /// ```
    /// use cloudfn_core::{FunctionRef, Qualifier};
    /// use cloudfn_huawei::urn::FunctionUrn;
    ///
    /// let urn = FunctionUrn::from_ref("cn-north-4", "p1", &FunctionRef::new("default", "hello"))
    ///     .unwrap()
    ///     .with_qualifier(&Qualifier::version("v1"))
    ///     .unwrap();
    /// assert_eq!(urn.to_string(), "urn:fss:cn-north-4:p1:function:default:hello:v1");
    /// assert_eq!(urn.function_ref(), FunctionRef::new("default", "hello"));
    /// assert_eq!(urn.core_qualifier(), Qualifier::version("v1"));
    /// ```
    pub fn from_ref(
        region: impl Into<String>,
        project_id: impl Into<String>,
        f: &FunctionRef,
    ) -> Result<Self> {
        FunctionUrn::new(region, project_id, f.namespace.clone(), f.name.clone())
    }

    /// This URN with `qualifier` (replacing any). Fails for the one- and two-field forms, which cannot
    /// carry one (`{package}:{name}:{q}` would read as a project), and for an invalid version or alias.
    pub fn with_qualifier(mut self, qualifier: impl Into<UrnQualifier>) -> Result<Self> {
        let qualifier = qualifier.into();
        qualifier.validate()?;
        if !qualifier.is_none() && self.project_id.is_none() {
            return Err(invalid(format!(
                "URN `{self}`: the {} form cannot carry a qualifier; name the project id too",
                match self.form() {
                    UrnForm::Name => "one-field `{name}`",
                    _ => "two-field `{package}:{name}`",
                }
            )));
        }
        self.qualifier = qualifier;
        Ok(self)
    }

    /// This URN without qualifier.
    pub fn unqualified(&self) -> Self {
        FunctionUrn {
            qualifier: UrnQualifier::None,
            ..self.clone()
        }
    }

    /// The full form of this URN (§2.5 normalisation): the region and project id it names, else
    /// `region` / `project_id`; the package it names, else `default`; the same qualifier.
    pub fn to_full(&self, region: &str, project_id: &str) -> Result<Self> {
        let urn = FunctionUrn {
            region: Some(self.region.clone().unwrap_or_else(|| region.to_owned())),
            project_id: Some(
                self.project_id
                    .clone()
                    .unwrap_or_else(|| project_id.to_owned()),
            ),
            package: Some(self.package().to_owned()),
            name: self.name.clone(),
            qualifier: self.qualifier.clone(),
        };
        urn.validate()?;
        Ok(urn)
    }

    /// The region, in the full form.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The project id, in the 3-, 4-, 7- and 8-field forms.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The package (function group); `default` in the one-field form.
    pub fn package(&self) -> &str {
        self.package.as_deref().unwrap_or(DEFAULT_PACKAGE)
    }

    /// The function name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The qualifier.
    pub fn qualifier(&self) -> &UrnQualifier {
        &self.qualifier
    }

    /// The written form.
    pub fn form(&self) -> UrnForm {
        match (&self.region, &self.project_id, &self.package) {
            (Some(_), _, _) => UrnForm::Full,
            (None, Some(_), _) => UrnForm::Project,
            (None, None, Some(_)) => UrnForm::PackageName,
            (None, None, None) => UrnForm::Name,
        }
    }

    /// The number of colon-separated fields of the written form (1, 2, 3, 4, 7 or 8).
    pub fn field_count(&self) -> usize {
        let q = usize::from(!self.qualifier.is_none());
        match self.form() {
            UrnForm::Name => 1,
            UrnForm::PackageName => 2,
            UrnForm::Project => 3 + q,
            UrnForm::Full => 7 + q,
        }
    }

    /// The neutral function reference: namespace = package, name = name.
    pub fn function_ref(&self) -> FunctionRef {
        FunctionRef::new(self.package(), self.name.clone())
    }

    /// The neutral qualifier (no qualifier means `latest`).
    pub fn core_qualifier(&self) -> Qualifier {
        self.qualifier.to_core()
    }

    /// The URN as one URL path segment, encoded as the official SDK does (`quote(urn, safe='')`: only
    /// `A-Z a-z 0-9 - . _ ~` kept, so `:` → `%3A`, `!` → `%21`, space → `%20`, `/` → `%2F`).
    pub fn to_path_segment(&self) -> String {
        quote(&self.to_string())
    }

    fn validate(&self) -> Result<()> {
        if let Some(r) = &self.region {
            check_field("region", r)?;
            if self.project_id.is_none() {
                return Err(invalid(format!(
                    "URN with region `{r}`: a region needs a project id"
                )));
            }
        }
        if let Some(p) = &self.project_id {
            check_field("project id", p)?;
            if self.region.is_none() && p == "urn" {
                return Err(invalid(
                    "URN project id `urn`: would read as the start of a full URN".to_owned(),
                ));
            }
            if self.package.is_none() {
                return Err(invalid(format!(
                    "URN with project id `{p}`: a project id needs a package"
                )));
            }
        }
        if let Some(p) = &self.package {
            check_field("package", p)?;
        }
        check_field("function name", &self.name)?;
        self.qualifier.validate()?;
        if !self.qualifier.is_none() && self.project_id.is_none() {
            return Err(invalid(
                "URN: a qualifier needs a project id (the 4- or 8-field form)".to_owned(),
            ));
        }
        Ok(())
    }
}

impl fmt::Display for FunctionUrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form() {
            UrnForm::Full => write!(
                f,
                "urn:fss:{}:{}:function:{}:{}",
                self.region.as_deref().unwrap_or_default(),
                self.project_id.as_deref().unwrap_or_default(),
                self.package(),
                self.name
            )?,
            UrnForm::Project => write!(
                f,
                "{}:{}:{}",
                self.project_id.as_deref().unwrap_or_default(),
                self.package(),
                self.name
            )?,
            UrnForm::PackageName => write!(f, "{}:{}", self.package(), self.name)?,
            UrnForm::Name => f.write_str(&self.name)?,
        }
        if !self.qualifier.is_none() {
            write!(f, ":{}", self.qualifier)?;
        }
        Ok(())
    }
}

impl FromStr for FunctionUrn {
    type Err = Error;

    /// Parses any form of the module-level table (and the nine-field `:!:{alias}` spelling).
    fn from_str(s: &str) -> Result<Self> {
        parse(s).map_err(|e| {
            let msg = format!("function URN `{s}`: {}", e.message());
            e.with_message(msg)
        })
    }
}

fn parse(s: &str) -> Result<FunctionUrn> {
    if s.is_empty() {
        return Err(invalid("empty".to_owned()));
    }
    let fields: Vec<&str> = s.split(':').collect();
    let field = |i: usize, what: &str| -> Result<String> {
        let v = fields[i];
        if v.is_empty() {
            return Err(invalid(format!("{what} (field {}) is empty", i + 1)));
        }
        Ok(v.to_owned())
    };
    if fields[0] == "urn" && fields.len() >= 3 {
        let qualifier = match fields.len() {
            7 => UrnQualifier::None,
            8 => UrnQualifier::parse_field(fields[7])?,
            9 if fields[7] == "!" => {
                if fields[8].is_empty() {
                    return Err(invalid("alias (field 9) is empty".to_owned()));
                }
                UrnQualifier::parse_field(&format!("!{}", fields[8]))?
            }
            9 => {
                return Err(invalid(format!(
                    "9 fields: only `...:{{name}}:!:{{alias}}` has nine, but field 8 is `{}`, not `!`",
                    fields[7]
                )));
            }
            n => {
                return Err(invalid(format!(
                    "starts with `urn` but has {n} fields; a full URN has 7 \
                     (`urn:fss:{{region}}:{{project_id}}:function:{{package}}:{{name}}`) or 8 (plus a \
                     version or `!alias`)"
                )));
            }
        };
        if fields[1] != "fss" {
            return Err(invalid(format!(
                "field 2 must be `fss`, got `{}`",
                fields[1]
            )));
        }
        if fields[4] != "function" {
            return Err(invalid(format!(
                "field 5 must be `function`, got `{}`",
                fields[4]
            )));
        }
        let urn = FunctionUrn {
            region: Some(field(2, "region")?),
            project_id: Some(field(3, "project id")?),
            package: Some(field(5, "package")?),
            name: field(6, "function name")?,
            qualifier,
        };
        return Ok(urn);
    }
    let urn = match fields.len() {
        1 => FunctionUrn {
            region: None,
            project_id: None,
            package: None,
            name: field(0, "function name")?,
            qualifier: UrnQualifier::None,
        },
        2 => FunctionUrn {
            region: None,
            project_id: None,
            package: Some(field(0, "package")?),
            name: field(1, "function name")?,
            qualifier: UrnQualifier::None,
        },
        3 | 4 => FunctionUrn {
            region: None,
            project_id: Some(field(0, "project id")?),
            package: Some(field(1, "package")?),
            name: field(2, "function name")?,
            qualifier: match fields.get(3) {
                Some(q) => UrnQualifier::parse_field(q)?,
                None => UrnQualifier::None,
            },
        },
        n => {
            return Err(invalid(format!(
                "{n} fields is not a URN form; expected 1 (`{{name}}`), 2 (`{{package}}:{{name}}`), \
                 3 (`{{project_id}}:{{package}}:{{name}}`), 4 (plus a version or `!alias`), or a full \
                 URN of 7 or 8 fields starting with `urn:fss:`"
            )));
        }
    };
    Ok(urn)
}

impl Serialize for FunctionUrn {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FunctionUrn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> FunctionUrn {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn parse_err(s: &str) -> String {
        let e = s.parse::<FunctionUrn>().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        e.message().to_owned()
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn every_form_parses_and_prints_back() {
        let cases: &[(
            &str,
            UrnForm,
            Option<&str>,
            Option<&str>,
            &str,
            &str,
            UrnQualifier,
        )] = &[
            (
                "hello",
                UrnForm::Name,
                None,
                None,
                "default",
                "hello",
                UrnQualifier::None,
            ),
            (
                "pkg:hello",
                UrnForm::PackageName,
                None,
                None,
                "pkg",
                "hello",
                UrnQualifier::None,
            ),
            (
                "p:pkg:hello",
                UrnForm::Project,
                None,
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::None,
            ),
            (
                "p:pkg:hello:latest",
                UrnForm::Project,
                None,
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::Latest,
            ),
            (
                "p:pkg:hello:v1",
                UrnForm::Project,
                None,
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::Version("v1".into()),
            ),
            (
                "p:pkg:hello:!dev",
                UrnForm::Project,
                None,
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::Alias("dev".into()),
            ),
            (
                "urn:fss:r:p:function:pkg:hello",
                UrnForm::Full,
                Some("r"),
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::None,
            ),
            (
                "urn:fss:r:p:function:pkg:hello:latest",
                UrnForm::Full,
                Some("r"),
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::Latest,
            ),
            (
                "urn:fss:r:p:function:pkg:hello:v20191025-153727",
                UrnForm::Full,
                Some("r"),
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::Version("v20191025-153727".into()),
            ),
            (
                "urn:fss:r:p:function:pkg:hello:!a1",
                UrnForm::Full,
                Some("r"),
                Some("p"),
                "pkg",
                "hello",
                UrnQualifier::Alias("a1".into()),
            ),
            (
                "urn",
                UrnForm::Name,
                None,
                None,
                "default",
                "urn",
                UrnQualifier::None,
            ),
            (
                "urn:hello",
                UrnForm::PackageName,
                None,
                None,
                "urn",
                "hello",
                UrnQualifier::None,
            ),
        ];
        for (s, form, region, project, package, name, q) in cases {
            let urn = parse_ok(s);
            assert_eq!(urn.form(), *form, "{s}");
            assert_eq!(urn.region(), *region, "{s}");
            assert_eq!(urn.project_id(), *project, "{s}");
            assert_eq!(urn.package(), *package, "{s}");
            assert_eq!(urn.name(), *name, "{s}");
            assert_eq!(urn.qualifier(), q, "{s}");
            assert_eq!(urn.to_string(), *s);
            assert_eq!(urn.field_count(), s.split(':').count(), "{s}");
        }
    }

    #[test]
    fn nine_field_alias_spelling_is_accepted_and_normalised() {
        let urn = parse_ok("urn:fss:r:p:function:default:test:!:dev");
        assert_eq!(urn.qualifier(), &UrnQualifier::Alias("dev".into()));
        assert_eq!(urn.to_string(), "urn:fss:r:p:function:default:test:!dev");
    }

    #[test]
    fn errors_name_what_is_wrong() {
        assert!(parse_err("").contains("empty"));
        assert!(parse_err("a:b:c:d:e").contains("5 fields"));
        assert!(parse_err("a:b:c:d:e:f").contains("6 fields"));
        assert!(parse_err("urn:fss:r:p:fn:pkg:name").contains("field 5 must be `function`"));
        assert!(parse_err("urn:fsx:r:p:function:pkg:name").contains("field 2 must be `fss`"));
        assert!(parse_err("urn:fss:r:p:function:pkg").contains("6 fields"));
        assert!(parse_err("urn:fss:x").contains("starts with `urn` but has 3 fields"));
        assert!(parse_err("urn:fss::p:function:pkg:name").contains("region (field 3) is empty"));
        assert!(
            parse_err("urn:fss:r:p:function:pkg:").contains("function name (field 7) is empty")
        );
        assert!(parse_err("urn:fss:r:p:function:pkg:n:").contains("qualifier: empty"));
        assert!(parse_err("urn:fss:r:p:function:pkg:n:!").contains("alias: empty"));
        assert!(parse_err("urn:fss:r:p:function:pkg:n:!:").contains("alias (field 9) is empty"));
        assert!(parse_err("urn:fss:r:p:function:pkg:n:x:y").contains("field 8 is `x`"));
        assert!(parse_err(":hello").contains("package (field 1) is empty"));
        assert!(parse_err("p::hello").contains("package (field 2) is empty"));
        assert!(parse_err("p:pkg:n:!").contains("alias: empty"));
        // The message quotes the input.
        assert!(parse_err("a:b:c:d:e").starts_with("function URN `a:b:c:d:e`: "));
    }

    #[test]
    fn constructors_enforce_writable_combinations() {
        assert!(
            FunctionUrn::name_only("hello")
                .unwrap()
                .with_qualifier(UrnQualifier::Latest)
                .is_err()
        );
        assert!(
            FunctionUrn::in_package("pkg", "hello")
                .unwrap()
                .with_qualifier(Qualifier::alias("x"))
                .is_err()
        );
        assert!(FunctionUrn::name_only("a:b").is_err());
        assert!(FunctionUrn::new("r", "p", "", "n").is_err());
        assert!(FunctionUrn::in_project("urn", "pkg", "n").is_err());
        let urn = FunctionUrn::in_project("p", "pkg", "n").unwrap();
        assert!(
            urn.clone()
                .with_qualifier(UrnQualifier::Version("!x".into()))
                .is_err()
        );
        assert!(
            urn.clone()
                .with_qualifier(UrnQualifier::Alias(String::new()))
                .is_err()
        );
        let q = urn
            .with_qualifier(UrnQualifier::Alias("prod".into()))
            .unwrap();
        assert_eq!(q.to_string(), "p:pkg:n:!prod");
        assert_eq!(q.unqualified().to_string(), "p:pkg:n");
    }

    #[test]
    fn normalises_to_the_full_form() {
        let urn = parse_ok("hello").to_full("cn-north-4", "p1").unwrap();
        assert_eq!(
            urn.to_string(),
            "urn:fss:cn-north-4:p1:function:default:hello"
        );
        let urn = parse_ok("p0:pkg:hello:!dev")
            .to_full("cn-north-4", "p1")
            .unwrap();
        assert_eq!(
            urn.to_string(),
            "urn:fss:cn-north-4:p0:function:pkg:hello:!dev"
        );
    }

    #[test]
    fn core_conversions() {
        let urn = parse_ok("urn:fss:r:p:function:shop:checkout:!prod");
        assert_eq!(urn.function_ref(), FunctionRef::new("shop", "checkout"));
        assert_eq!(urn.core_qualifier(), Qualifier::alias("prod"));
        assert_eq!(parse_ok("p:pkg:n").core_qualifier(), Qualifier::Latest);
        assert_eq!(UrnQualifier::from(Qualifier::Latest), UrnQualifier::Latest);
        assert_eq!(
            UrnQualifier::from(&Qualifier::version("3")),
            UrnQualifier::Version("3".into())
        );
    }

    #[test]
    fn serde_as_string() {
        let urn = parse_ok("urn:fss:r:p:function:pkg:n:v1");
        let json = serde_json::to_string(&urn).unwrap();
        assert_eq!(json, "\"urn:fss:r:p:function:pkg:n:v1\"");
        assert_eq!(serde_json::from_str::<FunctionUrn>(&json).unwrap(), urn);
        assert!(serde_json::from_str::<FunctionUrn>("\"a:b:c:d:e\"").is_err());
    }
}
