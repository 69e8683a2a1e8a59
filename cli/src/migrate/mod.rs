//! `cloudfn migrate`: read a namespace from one provider, plan, and recreate it on another.

pub mod exec;
pub mod plan;
pub mod source;

use std::time::Duration;

use cloudfn_core::{Provider, Result};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

pub use exec::Outcome;
pub use plan::{Note, Plan, Severity};

/// Options of one migration.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only these namespaces (all when empty).
    pub namespaces: Vec<String>,
    /// Plan only.
    pub dry_run: bool,
    /// Functions worked on at once.
    pub concurrency: usize,
    /// Show progress bars.
    pub progress: bool,
    /// The API Gateway group HTTP triggers are created in on FunctionGraph (`--fg-apig-group`).
    pub fg_apig_group: Option<String>,
}

/// The final report of a real run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Source provider.
    pub from: String,
    /// Target provider.
    pub to: String,
    /// Per resource kind.
    pub counts: std::collections::BTreeMap<String, exec::Counts>,
    /// Every approximation and loss.
    pub notes: Vec<Note>,
    /// Every failure (a re-run resumes from them).
    pub errors: Vec<String>,
    /// True when nothing failed.
    pub complete: bool,
}

fn bar(multi: &MultiProgress, prefix: &'static str) -> ProgressBar {
    let b = multi.add(ProgressBar::new(0));
    b.set_style(
        ProgressStyle::with_template("{prefix:>8} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    b.set_prefix(prefix);
    b.enable_steady_tick(Duration::from_millis(200));
    b
}

/// What a migration produced: a plan (dry run) or a report.
#[derive(Debug)]
pub enum Migration {
    /// `--dry-run`.
    Planned(Plan),
    /// A real run.
    Done(Plan, Report),
}

/// Reads, plans and (unless dry-run) executes.
pub async fn migrate(
    from: &dyn Provider,
    to: &dyn Provider,
    options: &Options,
) -> Result<Migration> {
    let multi = MultiProgress::with_draw_target(if options.progress {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    });
    // Both ends must answer before anything is read or written: a wrong endpoint or credentials fail
    // here, with the argument named, instead of once per function.
    for (arg, p) in [("--from", from), ("--to", to)] {
        if let Err(e) = p
            .list_namespaces_page(cloudfn_core::ListRequest::new())
            .await
        {
            let msg = format!("{arg} ({}): {}", p.name(), e.message());
            return Err(e.with_message(msg));
        }
    }
    let read_bar = bar(&multi, "read");
    let namespaces = source::namespaces(from, &options.namespaces).await?;
    let mut read = Vec::new();
    for ns in namespaces {
        read.push(source::read_namespace(from, ns, options.concurrency, &read_bar).await?);
    }
    read_bar.finish();
    let plan = plan::build(
        &read,
        from.capabilities(),
        from.name(),
        to.capabilities(),
        to.name(),
        options.fg_apig_group.as_deref(),
    );
    if options.dry_run {
        return Ok(Migration::Planned(plan));
    }
    let write_bar = bar(&multi, "write");
    let outcome = exec::execute(&plan, to, options.concurrency, &write_bar).await;
    write_bar.finish();
    let report = Report {
        from: plan.from.clone(),
        to: plan.to.clone(),
        counts: outcome.counts,
        notes: plan.notes.clone(),
        complete: outcome.errors.is_empty(),
        errors: outcome.errors,
    };
    Ok(Migration::Done(plan, report))
}

/// The report as text.
pub fn report_text(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "migration {} -> {}: {}",
        r.from,
        r.to,
        if r.complete {
            "complete"
        } else {
            "INCOMPLETE (run again to resume)"
        }
    );
    let _ = writeln!(
        s,
        "{:<14} {:>8} {:>8} {:>10} {:>7}",
        "RESOURCE", "CREATED", "UPDATED", "UNCHANGED", "FAILED"
    );
    for (k, c) in &r.counts {
        let _ = writeln!(
            s,
            "{k:<14} {:>8} {:>8} {:>10} {:>7}",
            c.created, c.updated, c.unchanged, c.failed
        );
    }
    let _ = writeln!(s, "{} approximations and losses:", r.notes.len());
    for n in &r.notes {
        let sev = match n.severity {
            Severity::Approximated => "approximated",
            Severity::Dropped => "dropped",
            Severity::Unmovable => "cannot move",
        };
        let _ = writeln!(s, "  [{sev}] {}: {}", n.subject, n.message);
    }
    if !r.errors.is_empty() {
        let _ = writeln!(s, "{} errors:", r.errors.len());
        for e in &r.errors {
            let _ = writeln!(s, "  {e}");
        }
    }
    s
}
