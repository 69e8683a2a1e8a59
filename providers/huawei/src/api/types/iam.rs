//! IAM bodies FunctionGraph clients need (§1.2, §1.5): the project list (project-id lookup by region)
//! and the password token request. The IAM token provider itself comes later.

use serde::{Deserialize, Serialize};

use super::Extra;
use crate::Secret;

wire_struct! {
    /// `links` of an IAM list or item.
    pub struct IamLinks {
        /// This resource.
        #[serde(rename = "self")]
        self_link: String,
        /// The next page.
        next: String,
        /// The previous page.
        previous: String,
    }
}

wire_struct! {
    /// A project (`GET /v3/projects` item); its `id` is the FunctionGraph project id.
    pub struct IamProject {
        /// The project id.
        id: String,
        /// The project name (a region id such as `cn-north-4`, or `{region}_{sub}`).
        name: String,
        /// The account (domain) id.
        domain_id: String,
        /// Whether it is a domain.
        is_domain: bool,
        /// The parent id.
        parent_id: String,
        /// The description.
        description: String,
        /// Whether it is enabled.
        enabled: bool,
        /// Links.
        links: IamLinks,
    }
}

wire_struct! {
    /// The response of `GET /v3/projects[?name={region}]`.
    pub struct IamProjectsResponse {
        /// The projects.
        projects: Vec<IamProject>,
        /// Links.
        links: IamLinks,
    }
}

wire_struct! {
    /// A reference by name or id (domain, project).
    pub struct NameOrId {
        /// The name.
        name: String,
        /// The id.
        id: String,
    }
}

/// The user of a password identity. `Debug` hides the password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordUser {
    /// The IAM user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The IAM user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The password.
    pub password: Secret,
    /// The account (domain) the user belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<NameOrId>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `identity.password` of a token request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordIdentity {
    /// The user.
    pub user: PasswordUser,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `auth.identity` of a token request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenIdentity {
    /// The methods (`["password"]`).
    pub methods: Vec<String>,
    /// The password identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordIdentity>,
    /// Additional members (other identity methods), sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

wire_struct! {
    /// `auth.scope` of a token request: FunctionGraph needs a **project** scope.
    pub struct TokenScope {
        /// The project.
        project: NameOrId,
        /// The domain.
        domain: NameOrId,
    }
}

/// `auth` of a token request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenAuth {
    /// Who authenticates.
    pub identity: TokenIdentity,
    /// What the token is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<TokenScope>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of `POST /v3/auth/tokens`. The token comes back in the `X-Subject-Token` response header.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenRequest {
    /// The authentication.
    pub auth: TokenAuth,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TokenRequest {
    /// A password token request for `user` of account `domain`, scoped to project `project_name` (the
    /// region id, e.g. `cn-north-4`).
    pub fn password(user: &str, password: Secret, domain: &str, project_name: &str) -> Self {
        TokenRequest {
            auth: TokenAuth {
                identity: TokenIdentity {
                    methods: vec!["password".to_owned()],
                    password: Some(PasswordIdentity {
                        user: PasswordUser {
                            name: Some(user.to_owned()),
                            id: None,
                            password,
                            domain: Some(NameOrId {
                                name: Some(domain.to_owned()),
                                ..NameOrId::default()
                            }),
                            extra: Extra::new(),
                        },
                        extra: Extra::new(),
                    }),
                    extra: Extra::new(),
                },
                scope: Some(TokenScope {
                    project: Some(NameOrId {
                        name: Some(project_name.to_owned()),
                        ..NameOrId::default()
                    }),
                    ..TokenScope::default()
                }),
                extra: Extra::new(),
            },
            extra: Extra::new(),
        }
    }
}

wire_struct! {
    /// An endpoint of the token's service catalog.
    pub struct CatalogEndpoint {
        /// The endpoint id.
        id: String,
        /// `public`, ...
        interface: String,
        /// The region.
        region: String,
        /// The region id.
        region_id: String,
        /// The URL.
        url: String,
    }
}

wire_struct! {
    /// A service of the token's catalog.
    pub struct CatalogEntry {
        /// The service type.
        r#type: String,
        /// The service id.
        id: String,
        /// The service name.
        name: String,
        /// Its endpoints.
        endpoints: Vec<CatalogEndpoint>,
    }
}

wire_struct! {
    /// The `token` member of the token response.
    pub struct Token {
        /// Expiry, e.g. `2019-02-13T06:52:13.855000Z` (24 h after issue).
        expires_at: String,
        /// Issue time.
        issued_at: String,
        /// The methods used.
        methods: Vec<String>,
        /// The service catalog.
        catalog: Vec<CatalogEntry>,
        /// The project the token is scoped to.
        project: serde_json::Value,
        /// The user.
        user: serde_json::Value,
    }
}

wire_struct! {
    /// The body of the `POST /v3/auth/tokens` response.
    pub struct TokenResponse {
        /// The token's description (the token itself is the `X-Subject-Token` header).
        token: Token,
    }
}
