//! The budget curve's dialogs: its progress while the budgets are swept, then the chart of
//! the objective against the budget, with the plan's budget, the knee and the cursor marked,
//! and what the budget under the cursor buys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Clear, Dataset, GraphType, Paragraph};

use super::{centered, fit};
use crate::domain::money::Money;
use crate::domain::number::{compact_count, grouped};
use crate::tui::app::App;
use crate::tui::curve::TIME_LIMIT_EACH;
use crate::tui::jobs::CurveJob;
use crate::tui::state::CurveView;
use crate::tui::theme;
use solver::Status;

pub fn render_progress(app: &App, job: &CurveJob, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 64, 7);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Budget curve · Esc cancels ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let cur = app.plan().campaign.currency.as_str();
    let p = job.progress();
    let elapsed = job.started().elapsed().as_secs_f64();
    let spinner =
        ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"][(elapsed * 10.0) as usize % 10];
    let bar_w = w.saturating_sub(4).max(1);
    let filled = (bar_w * p.done)
        .checked_div(p.total)
        .unwrap_or(0)
        .min(bar_w);
    let lines = vec![
        Line::from(fit(
            &format!(
                " {} creators in view · around the budget of {}",
                grouped(job.problem().from_view as u64),
                app.plan().campaign.budget.display(cur)
            ),
            w,
        )),
        Line::from(fit(
            &format!(
                " {spinner} {} of {} budgets proven · {elapsed:.1} s",
                p.done, p.total
            ),
            w,
        )),
        Line::from(format!(
            " {}{}",
            "█".repeat(filled),
            "░".repeat(bar_w - filled)
        )),
        Line::from(fit(
            &format!(
                " each budget stops at {} s with its best and a bound",
                TIME_LIMIT_EACH.as_secs()
            ),
            w,
        )),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Per 1,000: whole numbers, grouped; one decimal below 10.
fn per_thousand(m: f64) -> String {
    if m.abs() < 10.0 {
        format!("{m:.1}")
    } else {
        let sign = if m < 0.0 { "-" } else { "" };
        format!("{sign}{}", grouped(m.abs().round() as u64))
    }
}

pub fn render(app: &App, view: &CurveView, frame: &mut Frame, area: Rect) {
    let camp = &app.plan().campaign;
    let cur = camp.currency.as_str();
    let what = camp.objective.key();
    let rect = centered(
        area,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Budget curve · ←/→ move · Enter takes · Esc closes ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [chart_area, info_area] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(4)]).areas(inner);

    let curve = &view.curve;
    let units = |m: Money| m.cents() as f64 / 100.0;
    let line: Vec<(f64, f64)> = curve
        .points
        .iter()
        .filter_map(|p| p.objective().map(|v| (units(p.budget), v as f64)))
        .collect();
    let mark = |i: Option<usize>| -> Vec<(f64, f64)> {
        i.and_then(|i| curve.points.get(i))
            .and_then(|p| p.objective().map(|v| vec![(units(p.budget), v as f64)]))
            .unwrap_or_default()
    };
    let now = mark(curve.at(view.budget));
    let knee = mark(curve.knee);
    let at = mark(Some(view.cursor));
    let (x0, x1) = match (curve.points.first(), curve.points.last()) {
        (Some(a), Some(b)) => (units(a.budget), units(b.budget).max(units(a.budget) + 1.0)),
        _ => (0.0, 1.0),
    };
    let ymax = line.iter().map(|p| p.1).fold(1.0f64, f64::max);
    let mut sets = vec![
        Dataset::default()
            .name(what.to_string())
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::value_bar())
            .data(&line),
        Dataset::default()
            .name("now")
            .marker(Marker::Bar)
            .graph_type(GraphType::Scatter)
            .style(theme::spend_bar())
            .data(&now),
    ];
    if !knee.is_empty() {
        sets.push(
            Dataset::default()
                .name("knee")
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(theme::strong())
                .data(&knee),
        );
    }
    sets.push(
        Dataset::default()
            .name("cursor")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(theme::selected())
            .data(&at),
    );
    let money = |x: f64| Money::from_cents((x * 100.0).round() as i64).compact(cur);
    // The markers are named in the lines below the chart, so no legend covers the curve.
    let chart = Chart::new(sets)
        .hidden_legend_constraints((Constraint::Length(0), Constraint::Length(0)))
        .x_axis(Axis::default().title("budget").bounds([x0, x1]).labels([
            money(x0),
            money((x0 + x1) / 2.0),
            money(x1),
        ]))
        .y_axis(Axis::default().bounds([0.0, ymax * 1.05]).labels([
            "0".to_string(),
            compact_count((ymax / 2.0) as u64),
            compact_count(ymax as u64),
        ]));
    frame.render_widget(chart, chart_area);

    let w = usize::from(info_area.width);
    let p = &curve.points[view.cursor.min(curve.points.len().saturating_sub(1))];
    let thousand = Money::from_units(1_000).display(cur);
    let first = match &p.outcome {
        Ok(sol) => {
            let proof = match sol.status {
                Status::Optimal => "optimal".to_string(),
                Status::Bounded { upper_bound } => {
                    format!("stopped early, at most {}", grouped(upper_bound))
                }
            };
            format!(
                " █ at {}: {} {what} · {} creators · spend {} · {proof}",
                p.budget.display(cur),
                grouped(sol.value),
                grouped(sol.chosen.len() as u64),
                Money::from_cents(sol.cost).display(cur),
            )
        }
        Err(why) => format!(" at {}: {why}", p.budget.display(cur)),
    };
    let marginal = match curve.marginal.get(view.cursor).copied().flatten() {
        Some(m) => format!(
            "   the step to it bought {} {what} per extra {thousand}",
            per_thousand(m)
        ),
        None => "   the smallest budget: no step before it".to_string(),
    };
    let knee_text = match curve.knee {
        Some(k) => format!(
            "• knee {} (returns under half the first step's)",
            curve.points[k].budget.display(cur)
        ),
        None => "no knee: the return never halves".into(),
    };
    let info = vec![
        Line::from(Span::styled(fit(&first, w), theme::strong())),
        Line::from(fit(&marginal, w)),
        Line::from(fit(
            &format!(" ▄ now {} · {knee_text}", view.budget.display(cur)),
            w,
        )),
        Line::from(fit(
            " Enter: take this budget and its plan (proposal first; u undoes) · K: knee",
            w,
        )),
    ];
    frame.render_widget(Paragraph::new(info), info_area);
}
