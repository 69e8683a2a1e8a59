//! AK/SK credential providers: environment, credentials file, chain — through `MapEnv`, never the
//! process environment.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use cloudfn_core::ErrorKind;
use cloudfn_huawei::credential::{
    ChainCredentialProvider, CredentialProvider, EnvCredentialProvider, MapEnv,
    ProfileCredentialProvider,
};

/// A unique temporary file with `text`, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(text: &str) -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "cloudfn-huawei-cred-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, text).expect("write the temporary file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test]
async fn env_provider_reads_all_variables() {
    let env = MapEnv::new()
        .with_var("HUAWEICLOUD_SDK_AK", "AKENV")
        .with_var("HUAWEICLOUD_SDK_SK", "sk-env-secret")
        .with_var("HUAWEICLOUD_SDK_PROJECT_ID", "p-env")
        .with_var("HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-token");
    let p = EnvCredentialProvider::with_env(env);
    let c = p.credentials().await.unwrap();
    assert_eq!(c.ak, "AKENV");
    assert_eq!(c.sk.expose(), "sk-env-secret");
    assert_eq!(c.project_id.as_deref(), Some("p-env"));
    assert_eq!(
        c.security_token
            .as_ref()
            .map(cloudfn_huawei::Secret::expose),
        Some("sts-token")
    );
    let shown = format!("{p:?} {c:?}");
    assert!(
        !shown.contains("sk-env-secret") && !shown.contains("sts-token"),
        "{shown}"
    );
}

#[tokio::test]
async fn env_provider_names_missing_variables_and_treats_empty_as_unset() {
    let only_ak = MapEnv::new()
        .with_var("HUAWEICLOUD_SDK_AK", "AK")
        .with_var("HUAWEICLOUD_SDK_SK", "")
        .with_var("HUAWEICLOUD_SDK_PROJECT_ID", "");
    let err = EnvCredentialProvider::with_env(only_ak)
        .credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.message().contains("HUAWEICLOUD_SDK_SK"), "{err}");
    assert!(!err.message().contains("HUAWEICLOUD_SDK_AK"), "{err}");

    let err = EnvCredentialProvider::with_env(MapEnv::new())
        .credentials()
        .await
        .unwrap_err();
    assert!(
        err.message()
            .contains("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"),
        "{err}"
    );

    let empty_project = MapEnv::new()
        .with_var("HUAWEICLOUD_SDK_AK", "AK")
        .with_var("HUAWEICLOUD_SDK_SK", "SK")
        .with_var("HUAWEICLOUD_SDK_PROJECT_ID", "")
        .with_var("HUAWEICLOUD_SDK_SECURITY_TOKEN", "");
    let c = EnvCredentialProvider::with_env(empty_project)
        .credentials()
        .await
        .unwrap();
    assert_eq!(c.project_id, None);
    assert!(c.security_token.is_none());
}

#[tokio::test]
async fn profile_provider_reads_the_file_named_by_the_variable() {
    let file = TempFile::new(
        "# cloudfn test\n[global]\nak = GLOBAL\nsk = GLOBALSK\n\n[basic]\nAK = FILEAK\nsk: file-secret\nproject_id = p-file\n",
    );
    let env = MapEnv::new().with_var(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        file.0.to_string_lossy().into_owned(),
    );
    let p = ProfileCredentialProvider::with_env(env);
    assert_eq!(p.path().as_deref(), Some(file.0.as_path()));
    let c = p.credentials().await.unwrap();
    assert_eq!(c.ak, "FILEAK");
    assert_eq!(c.sk.expose(), "file-secret");
    assert_eq!(c.project_id.as_deref(), Some("p-file"));
    assert!(c.security_token.is_none());
}

#[tokio::test]
async fn profile_provider_defaults_to_home_and_reports_problems() {
    let env = MapEnv::new().with_home("/home/tester").with_file(
        "/home/tester/.huaweicloud/credentials",
        "[basic]\nak = HOMEAK\nsk = HOMESK\nsecurity_token = tok\n",
    );
    let c = ProfileCredentialProvider::with_env(env)
        .credentials()
        .await
        .unwrap();
    assert_eq!(c.ak, "HOMEAK");
    assert!(c.security_token.is_some());

    // No home, no variable.
    let err = ProfileCredentialProvider::with_env(MapEnv::new())
        .credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(
        err.message().contains("HUAWEICLOUD_SDK_CREDENTIALS_FILE"),
        "{err}"
    );

    // Missing file.
    let env = MapEnv::new().with_var(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        "/nonexistent/cloudfn/credentials",
    );
    let err = ProfileCredentialProvider::with_env(env)
        .credentials()
        .await
        .unwrap_err();
    assert!(
        err.message().contains("/nonexistent/cloudfn/credentials"),
        "{err}"
    );

    // No [basic] section.
    let file = TempFile::new("[global]\nak = A\nsk = B\n");
    let env = MapEnv::new().with_var(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        file.0.to_string_lossy().into_owned(),
    );
    let err = ProfileCredentialProvider::with_env(env)
        .credentials()
        .await
        .unwrap_err();
    assert!(err.message().contains("[basic]"), "{err}");

    // Missing sk, whose value must not leak elsewhere.
    let file = TempFile::new("[basic]\nak = A\nsk =\n");
    let env = MapEnv::new().with_var(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        file.0.to_string_lossy().into_owned(),
    );
    let err = ProfileCredentialProvider::with_env(env)
        .credentials()
        .await
        .unwrap_err();
    assert!(err.message().ends_with("has no sk"), "{err}");
}

#[tokio::test]
async fn chain_prefers_env_then_file_and_lists_both_failures() {
    let file = TempFile::new("[basic]\nak = FILEAK\nsk = FILESK\n");
    let path = file.0.to_string_lossy().into_owned();
    let both = MapEnv::new()
        .with_var("HUAWEICLOUD_SDK_AK", "ENVAK")
        .with_var("HUAWEICLOUD_SDK_SK", "ENVSK")
        .with_var("HUAWEICLOUD_SDK_CREDENTIALS_FILE", path.clone());
    let c = ChainCredentialProvider::with_env(both)
        .credentials()
        .await
        .unwrap();
    assert_eq!(c.ak, "ENVAK");

    let file_only = MapEnv::new()
        .with_var("HUAWEICLOUD_SDK_AK", "ENVAK")
        .with_var("HUAWEICLOUD_SDK_CREDENTIALS_FILE", path);
    let c = ChainCredentialProvider::with_env(file_only)
        .credentials()
        .await
        .unwrap();
    assert_eq!(c.ak, "FILEAK");

    let err = ChainCredentialProvider::with_shared_env(Arc::new(MapEnv::new()))
        .credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.message().contains("HUAWEICLOUD_SDK_AK"), "{err}");
    assert!(
        err.message().contains("HUAWEICLOUD_SDK_CREDENTIALS_FILE"),
        "{err}"
    );
}
