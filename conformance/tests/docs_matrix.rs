//! The matrices in the docs are generated from `Capabilities`, not written by hand: every block between
//! `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in `docs/*.md` must equal what the renderer
//! produces now. Run with `CLOUDFN_UPDATE_DOCS=1` to rewrite the blocks after changing a capability.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use cloudfn_core::Capabilities;

/// The generated blocks by name.
fn generated(name: &str) -> Option<String> {
    let fc = Capabilities::alibaba_fc();
    let fg = Capabilities::huawei_functiongraph();
    let providers = [("Alibaba FC", &fc), ("Huawei FunctionGraph", &fg)];
    match name {
        "capability-matrix" => Some(cloudfn_conformance::capability_matrix(&providers)),
        "scenario-matrix" => Some(cloudfn_conformance::scenario_matrix(&providers)),
        _ => None,
    }
}

/// Replaces each generated block of `text`; returns the new text and the names of blocks that differed.
fn regenerate(text: &str) -> Result<(String, Vec<String>), String> {
    let mut out = String::new();
    let mut stale = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!-- generated:") {
        let open_end = rest[start..]
            .find("-->")
            .ok_or("an unterminated `<!-- generated:` marker")?
            + start
            + 3;
        let name = rest[start + "<!-- generated:".len()..open_end - 3]
            .trim()
            .to_owned();
        let close = format!("<!-- /generated:{name} -->");
        let close_at = rest[open_end..]
            .find(&close)
            .ok_or_else(|| format!("block `{name}` has no `{close}`"))?
            + open_end;
        let want = generated(&name).ok_or_else(|| format!("unknown generated block `{name}`"))?;
        let body = format!("\n{}\n", want.trim_end());
        if rest[open_end..close_at] != body {
            stale.push(name);
        }
        out.push_str(&rest[..open_end]);
        out.push_str(&body);
        out.push_str(&close);
        rest = &rest[close_at + close.len()..];
    }
    out.push_str(rest);
    Ok((out, stale))
}

#[test]
fn generated_blocks_in_the_docs_match_the_capabilities() {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let update = std::env::var("CLOUDFN_UPDATE_DOCS").is_ok_and(|v| v == "1");
    let mut blocks = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&docs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        blocks += text.matches("<!-- generated:").count();
        match regenerate(&text) {
            Ok((_, stale)) if stale.is_empty() => {}
            Ok((new, stale)) if update => {
                std::fs::write(&path, new).unwrap();
                eprintln!("rewrote {stale:?} in {}", path.display());
            }
            Ok((_, stale)) => problems.push(format!(
                "{}: {stale:?} out of date (run `CLOUDFN_UPDATE_DOCS=1 cargo test -p cloudfn-conformance --test docs_matrix`)",
                path.display()
            )),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        blocks >= 2,
        "docs/conformance.md should hold both generated matrices"
    );
}

#[test]
fn regenerate_finds_and_fixes_stale_blocks() {
    let text =
        "a\n<!-- generated:scenario-matrix -->\nold\n<!-- /generated:scenario-matrix -->\nb\n";
    let (new, stale) = regenerate(text).unwrap();
    assert_eq!(stale, ["scenario-matrix"]);
    let (again, stale) = regenerate(&new).unwrap();
    assert!(stale.is_empty());
    assert_eq!(again, new);
    assert!(new.starts_with("a\n<!-- generated:scenario-matrix -->\n| Scenario"));
    assert!(new.ends_with("<!-- /generated:scenario-matrix -->\nb\n"));
    assert!(regenerate("<!-- generated:nope -->x<!-- /generated:nope -->").is_err());
    assert!(regenerate("<!-- generated:capability-matrix -->x").is_err());
}
