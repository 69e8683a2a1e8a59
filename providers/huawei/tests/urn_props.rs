//! URN properties: format∘parse is the identity for every form of huawei-functiongraph.md §2.2,
//! parse∘format is idempotent, hostile valid names survive, path encoding is the SDK's, and no input
//! panics.
#![allow(clippy::unwrap_used)]

use cloudfn_core::{FunctionRef, Qualifier};
use cloudfn_huawei::signer::canonical_uri;
use cloudfn_huawei::urn::{FunctionUrn, UrnForm, UrnQualifier};
use proptest::prelude::*;

/// Hostile but valid field characters: everything except the `:` separator.
const FIELD_CHARS: &[&str] = &[
    "a", "Z", "9", "-", "_", ".", "~", " ", "!", "%", "+", "/", "?", "#", "&", "=", "*", "@", "\\",
    "ü", "函", "😀", "%3A", "\t", "latest", "urn", "fss",
];

fn field() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FIELD_CHARS), 1..6).prop_map(|v| v.concat())
}

/// A qualifier field as written: `latest`, a version (not starting with `!`) or `!alias`.
fn qualifier_field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("latest".to_owned()),
        field().prop_filter("a version cannot start with !", |v| !v.starts_with('!')),
        field().prop_map(|a| format!("!{a}")),
    ]
}

/// A valid URN string of each form of §2.2.
fn project() -> impl Strategy<Value = String> {
    field().prop_filter("a project id cannot be `urn`", |p| p != "urn")
}

fn urn_string() -> impl Strategy<Value = (String, UrnForm)> {
    prop_oneof![
        field().prop_map(|n| (n, UrnForm::Name)),
        (field(), field()).prop_map(|(p, n)| (format!("{p}:{n}"), UrnForm::PackageName)),
        (project(), field(), field())
            .prop_map(|(pr, p, n)| (format!("{pr}:{p}:{n}"), UrnForm::Project)),
        (project(), field(), field(), qualifier_field())
            .prop_map(|(pr, p, n, q)| (format!("{pr}:{p}:{n}:{q}"), UrnForm::Project)),
        (field(), field(), field(), field()).prop_map(|(r, pr, p, n)| (
            format!("urn:fss:{r}:{pr}:function:{p}:{n}"),
            UrnForm::Full
        )),
        (field(), field(), field(), field(), qualifier_field()).prop_map(|(r, pr, p, n, q)| (
            format!("urn:fss:{r}:{pr}:function:{p}:{n}:{q}"),
            UrnForm::Full
        )),
    ]
}

fn urn_qualifier() -> impl Strategy<Value = UrnQualifier> {
    prop_oneof![
        Just(UrnQualifier::None),
        Just(UrnQualifier::Latest),
        field()
            .prop_filter("versions: not `latest`, no leading !", |v| {
                v != "latest" && !v.starts_with('!')
            })
            .prop_map(UrnQualifier::Version),
        field().prop_map(UrnQualifier::Alias),
    ]
}

/// A URN built with the constructors.
fn built_urn() -> impl Strategy<Value = FunctionUrn> {
    prop_oneof![
        field().prop_map(|n| FunctionUrn::name_only(n).unwrap()),
        (field(), field()).prop_map(|(p, n)| FunctionUrn::in_package(p, n).unwrap()),
        (project(), field(), field(), urn_qualifier()).prop_map(|(pr, p, n, q)| {
            FunctionUrn::in_project(pr, p, n)
                .unwrap()
                .with_qualifier(q)
                .unwrap()
        }),
        (field(), field(), field(), field(), urn_qualifier()).prop_map(|(r, pr, p, n, q)| {
            FunctionUrn::new(r, pr, p, n)
                .unwrap()
                .with_qualifier(q)
                .unwrap()
        }),
    ]
}

/// An independent `unquote` for checking the path segment.
fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let h = u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap();
            out.push(h);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn format_of_parse_is_the_identity((s, form) in urn_string()) {
        let urn: FunctionUrn = s.parse().unwrap();
        prop_assert_eq!(urn.form(), form);
        prop_assert_eq!(urn.to_string(), s.clone());
        prop_assert_eq!(urn.field_count(), s.split(':').count());
    }

    #[test]
    fn parse_of_format_is_idempotent(urn in built_urn()) {
        let text = urn.to_string();
        let again: FunctionUrn = text.parse().unwrap();
        prop_assert_eq!(&again, &urn);
        prop_assert_eq!(again.to_string(), text);
    }

    #[test]
    fn path_segment_is_one_quoted_segment(urn in built_urn()) {
        let seg = urn.to_path_segment();
        prop_assert!(seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", seg);
        prop_assert_eq!(unquote(&seg), urn.to_string());
        // Signed as the SDK does: decoded, then each `/`-separated piece re-encoded.
        let curi = canonical_uri(&format!("/v2/p/fgs/functions/{seg}/config"));
        prop_assert!(curi.ends_with("/config/"));
    }

    #[test]
    fn nine_field_alias_spelling(r in field(), pr in field(), p in field(), n in field(), a in field()) {
        let nine: FunctionUrn = format!("urn:fss:{r}:{pr}:function:{p}:{n}:!:{a}").parse().unwrap();
        let eight: FunctionUrn = format!("urn:fss:{r}:{pr}:function:{p}:{n}:!{a}").parse().unwrap();
        prop_assert_eq!(nine, eight);
    }

    #[test]
    fn core_round_trip(r in field(), pr in field(), p in field(), n in field(), q in urn_qualifier()) {
        let f = FunctionRef::new(p, n);
        let urn = FunctionUrn::from_ref(r, pr, &f).unwrap().with_qualifier(q.clone()).unwrap();
        prop_assert_eq!(urn.function_ref(), f);
        let core = urn.core_qualifier();
        let expected = match &q {
            UrnQualifier::None | UrnQualifier::Latest => Qualifier::Latest,
            UrnQualifier::Version(v) => Qualifier::Version(v.clone()),
            UrnQualifier::Alias(a) => Qualifier::Alias(a.clone()),
        };
        prop_assert_eq!(&core, &expected);
        if !q.is_none() {
            prop_assert_eq!(UrnQualifier::from(&core), q);
        }
    }

    /// No input panics; whatever parses prints back to something that parses to the same URN.
    #[test]
    fn arbitrary_input_never_panics(s in "\\PC{0,60}|([a-z!:]{0,3}:){0,10}[a-z!]{0,3}") {
        if let Ok(urn) = s.parse::<FunctionUrn>() {
            let again: FunctionUrn = urn.to_string().parse().unwrap();
            prop_assert_eq!(again, urn);
        }
    }

    #[test]
    fn colons_in_fields_are_refused(a in field(), b in field()) {
        let bad = format!("{a}:{b}");
        prop_assert!(FunctionUrn::name_only(bad.as_str()).is_err());
        prop_assert!(FunctionUrn::new("r", "p", bad.as_str(), "n").is_err());
        prop_assert!(FunctionUrn::in_project("p", "pkg", "n").unwrap().with_qualifier(UrnQualifier::Alias(bad)).is_err());
    }
}

#[test]
fn every_urn_printed_in_the_spec() {
    let cases = [
        (
            "urn:fss:{region}:46b6f338fc3445b8846c71dfb1fbxxxx:function:default:xxxxx:!a1",
            UrnQualifier::Alias("a1".into()),
        ),
        (
            "urn:fss:xxxxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev",
            UrnQualifier::Alias("dev".into()),
        ),
        (
            "urn:fss:xxxxxxxx:c3b2459a6d5e4b548e6777e57852692d:function:default:TestCreateFunctionInPythonSdk:latest",
            UrnQualifier::Latest,
        ),
        (
            "urn:fss:cn-north-4:0531e14952000f742f3ec0088c4b25cf:function:default:subfun",
            UrnQualifier::None,
        ),
        (
            "urn:fss:xxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test",
            UrnQualifier::None,
        ),
        (
            "urn:fss:{project_name}:{project_id}:function:default:download_file_from_obs:latest",
            UrnQualifier::Latest,
        ),
        (
            "urn:fss:{region}:5691ba790e2b46ceb38316xxxxxxxx:function:default:testPython:latest",
            UrnQualifier::Latest,
        ),
        (
            "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:my fn/ü:latest",
            UrnQualifier::Latest,
        ),
    ];
    for (s, q) in cases {
        let urn: FunctionUrn = s.parse().unwrap();
        assert_eq!(urn.qualifier(), &q, "{s}");
        assert_eq!(urn.package(), "default");
        assert_eq!(urn.to_string(), s);
    }
    // HW-2's wire form.
    let urn: FunctionUrn =
        "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:hello:latest"
            .parse()
            .unwrap();
    assert_eq!(
        urn.to_path_segment(),
        "urn%3Afss%3Acn-north-4%3A0123456789abcdef0123456789abcdef%3Afunction%3Adefault%3Ahello%3Alatest"
    );
}
