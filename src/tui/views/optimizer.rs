//! The optimizer's dialogs: its progress while it searches, and its proposal.

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit, pad, shown};
use crate::domain::money::Money;
use crate::domain::number::{compact_count, grouped};
use crate::domain::plan::{Objective, ShortlistEntry, Totals};
use crate::domain::proposal::Proposal;
use crate::tui::app::App;
use crate::tui::jobs::OptimizerJob;
use crate::tui::optimizer::TIME_LIMIT;
use solver::Status;

pub fn render_progress(app: &App, job: &OptimizerJob, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 64, 8);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Optimizing · Esc cancels ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let cur = app.plan().campaign.currency.as_str();
    let w = usize::from(inner.width);
    let p = job.problem();
    let mut lines = vec![
        Line::from(fit(
            &format!(
                " {} candidates: {} in view, {} from the shortlist",
                grouped(job.candidates() as u64),
                grouped(p.from_view as u64),
                grouped(p.from_shortlist as u64)
            ),
            w,
        )),
        Line::from(fit(
            &format!(
                " budget {} · limits: {}",
                Money::from_cents(p.constraints.budget).display(cur),
                if app.limits.to_text().is_empty() {
                    "none".to_string()
                } else {
                    app.limits.to_text()
                }
            ),
            w,
        )),
        Line::from(""),
    ];
    let elapsed = job.started().elapsed().as_secs_f64();
    let spinner =
        ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"][(elapsed * 10.0) as usize % 10];
    match job.progress() {
        Some(pr) => {
            let gap = if pr.upper_bound > 0 {
                (pr.upper_bound.saturating_sub(pr.best_value)) as f64 / pr.upper_bound as f64
            } else {
                0.0
            };
            lines.push(Line::from(fit(
                &format!(
                    " {spinner} {} nodes · best {} · bound {} · gap {:.2}%",
                    compact_count(pr.nodes),
                    grouped(pr.best_value),
                    grouped(pr.upper_bound),
                    gap * 100.0
                ),
                w,
            )));
        }
        None => lines.push(Line::from(format!(" {spinner} searching…"))),
    }
    lines.push(Line::from(format!(
        " {elapsed:.1} s (stops at {} s with its best and a bound)",
        TIME_LIMIT.as_secs()
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn value_of(t: &Totals, o: Objective) -> u64 {
    match o {
        Objective::Engagements => t.expected_engagements,
        Objective::Reach => t.expected_reach,
    }
}

/// The proposal's lines: status, before → after, then the added, removed and kept creators.
pub fn proposal_lines(app: &App, p: &Proposal, width: usize) -> Vec<Line<'static>> {
    let camp = &app.plan().campaign;
    let cur = camp.currency.as_str();
    let o = camp.objective;
    let bold = theme::strong();
    let mut out = Vec::new();
    let (head, detail) = match p.status {
        Status::Optimal => (
            " Proven optimal.".to_string(),
            format!(
                " No shortlist within the budget and limits has more expected {}.",
                o.key()
            ),
        ),
        Status::Bounded { upper_bound } => {
            let gap = upper_bound.saturating_sub(p.value);
            (
                " Stopped at the time limit with the best found so far.".to_string(),
                format!(
                    " The best possible has at most {} more expected {} ({:.2}%).",
                    grouped(gap),
                    o.key(),
                    if upper_bound > 0 {
                        gap as f64 * 100.0 / upper_bound as f64
                    } else {
                        0.0
                    }
                ),
            )
        }
    };
    out.push(Line::from(Span::styled(fit(&head, width), bold)));
    out.push(Line::from(fit(&detail, width)));
    if p.is_empty() {
        out.push(Line::from(
            " The current shortlist is already the best: nothing to change.",
        ));
    }
    out.push(Line::from(""));
    let row = |label: &str, a: String, b: String| {
        Line::from(format!(
            " {} {} → {}",
            pad(label, 14, false),
            pad(&a, 14, true),
            b
        ))
    };
    out.push(Line::from(Span::styled(
        format!(
            " {} {}   {}",
            pad("", 14, false),
            pad("now", 14, true),
            "proposed"
        ),
        bold,
    )));
    let (b, a) = (&p.before, &p.after);
    if let Some(budget) = p.budget {
        out.push(row("budget", camp.budget.display(cur), budget.display(cur)));
    }
    out.push(row("creators", b.active.to_string(), a.active.to_string()));
    out.push(row("spend", b.spend.display(cur), a.spend.display(cur)));
    out.push(row(
        "left",
        b.remaining.display(cur),
        a.remaining.display(cur),
    ));
    out.push(row(
        &format!("{} ", o.key()),
        grouped(value_of(b, o)),
        grouped(value_of(a, o)),
    ));
    out.push(row(
        "cost/eng.",
        b.cost_per_engagement.display(cur),
        a.cost_per_engagement.display(cur),
    ));
    let list = |out: &mut Vec<Line<'static>>, title: String, sign: &str, v: &[ShortlistEntry]| {
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(format!(" {title}"), bold)));
        for e in v {
            let value = match o {
                Objective::Engagements => e.expected_engagements,
                Objective::Reach => e.expected_reach,
            };
            let lock = if e.status.is_locked() {
                format!(" ({})", e.status.key())
            } else {
                String::new()
            };
            out.push(Line::from(fit(
                &format!(
                    " {sign} {} {} {} {} {}{lock}",
                    pad(&format!("@{}", shown(&e.handle)), 24, false),
                    pad(e.platform.label(), 9, false),
                    pad(&shown(&e.tier), 6, false),
                    pad(&e.fee.display(cur), 11, true),
                    pad(&compact_count(value), 7, true),
                ),
                width,
            )));
        }
    };
    list(
        &mut out,
        format!("Added ({})", p.added.len()),
        "+",
        &p.added,
    );
    list(
        &mut out,
        format!("Removed ({})", p.removed.len()),
        "−",
        &p.removed,
    );
    list(&mut out, format!("Kept ({})", p.kept.len()), "=", &p.kept);
    out
}

pub fn render_proposal(app: &App, p: &Proposal, scroll: usize, frame: &mut Frame, area: Rect) {
    super::render_scrolled(
        frame,
        area,
        96,
        " Optimizer proposal · y accept · n dismiss · j/k scroll ",
        |w| proposal_lines(app, p, w),
        scroll,
    );
}
