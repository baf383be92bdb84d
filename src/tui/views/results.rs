//! The results view (`R`): expected against actual for the plan, then bar charts of both by
//! tier and by niche, in one measure at a time (Tab: engagements, reach, cost per
//! engagement). The figures and their rules are `domain::results::Outcome`'s.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{centered, fit, shown};
use crate::domain::money::UnitCost;
use crate::domain::number::{compact_count, grouped};
use crate::domain::plan::Breakdown;
use crate::domain::results::{Outcome, Ratio};
use crate::tui::app::App;
use crate::tui::state::overlay::Measure;
use crate::tui::theme;

/// `expected / actual`, `–` for a side there is none of.
fn pair(expected: Option<String>, actual: Option<String>) -> String {
    format!(
        "{} / {}",
        expected.unwrap_or_else(|| "–".into()),
        actual.unwrap_or_else(|| "–".into())
    )
}

/// The actual figure as a share of the expected one: ` (32%)`; empty without both.
fn share(expected: u64, actual: Option<u64>) -> String {
    match (
        actual,
        Ratio::new(actual.unwrap_or(0).into(), expected.into()),
    ) {
        (Some(_), Some(r)) => format!(" ({})", r.whole_percent()),
        _ => String::new(),
    }
}

/// Expected against actual for one entry or the plan, as the detail pane and the results
/// view list them: `(label, value)`. With nothing recorded, none.
pub fn comparison(o: &Outcome, cur: &str) -> Vec<(&'static str, String)> {
    if o.reported == 0 {
        return Vec::new();
    }
    let money = |c: Option<UnitCost>| c.map(|c| c.display(cur));
    let mut out = Vec::new();
    if let Some(r) = o.reach.get() {
        out.push((
            "Reach e/a",
            format!(
                "{}{}",
                pair(Some(grouped(o.reach.expected)), Some(grouped(r))),
                share(o.reach.expected, Some(r))
            ),
        ));
    }
    if let Some(n) = o.engagements.get() {
        out.push((
            "Eng. e/a",
            format!(
                "{}{}",
                pair(Some(grouped(o.engagements.expected)), Some(grouped(n))),
                share(o.engagements.expected, Some(n))
            ),
        ));
    }
    if o.actual_rate().is_some() {
        out.push((
            "Rate e/a",
            pair(
                o.expected_rate().map(Ratio::percent),
                o.actual_rate().map(Ratio::percent),
            ),
        ));
    }
    if o.actual_cpe().is_some() {
        out.push((
            "$/eng. e/a",
            pair(money(o.expected_cpe()), money(o.actual_cpe())),
        ));
    }
    if o.actual_cpm().is_some() {
        out.push((
            "$/1k reach",
            pair(money(o.expected_cpm()), money(o.actual_cpm())),
        ));
    }
    let mut money_line = Vec::new();
    if let Some(r) = o.revenue_over_spend() {
        money_line.push(format!("revenue {} spend", r.times()));
    }
    if let Some(c) = money(o.cost_per_click()) {
        money_line.push(format!("{c}/click"));
    }
    if let Some(c) = money(o.cost_per_conversion()) {
        money_line.push(format!("{c}/conversion"));
    }
    if !money_line.is_empty() {
        out.push(("Paid back", money_line.join(" · ")));
    }
    out
}

/// The table column of actual engagements: `1.5k`, and the share of the expected when
/// `wide` (`1.5k 32%`); empty with none recorded.
pub fn actual_cell(o: &Outcome, wide: bool) -> String {
    match o.engagements.get() {
        None => String::new(),
        Some(n) if wide => match Ratio::new(n.into(), o.engagements.expected.into()) {
            Some(r) => format!("{} {}", compact_count(n), r.whole_percent()),
            None => compact_count(n),
        },
        Some(n) => compact_count(n),
    }
}

/// `pieces` joined with ` · ` into lines at most `width` wide, breaking between pieces.
fn pack(pieces: Vec<String>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut line = String::new();
    for p in pieces {
        if !line.is_empty() && line.width() + 3 + p.width() > width {
            out.push(Line::from(std::mem::take(&mut line)));
        }
        line.push_str(if line.is_empty() { " " } else { " · " });
        line.push_str(&p);
    }
    if !line.is_empty() {
        out.push(Line::from(line));
    }
    out
}

/// The text above the charts (`t` is the whole plan's outcome), for a view `width` wide
/// with room for `height` lines.
fn header_lines(
    t: &Outcome,
    cur: &str,
    measure: Measure,
    width: usize,
    height: u16,
) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(Span::styled(
        format!(
            " {} of {} creators reported · expected / actual, of the creators reporting",
            t.reported, t.creators
        ),
        theme::strong(),
    ))];
    if t.reported == 0 {
        out.push(Line::from(
            " No results recorded yet: r on a shortlist entry records a post's figures; `scout results PLAN FILE` imports an insights export. The charts show what is expected.",
        ));
    } else {
        let pieces = comparison(t, cur)
            .into_iter()
            .map(|(label, value)| format!("{} {value}", label.trim_end_matches(" e/a")))
            .collect();
        out.extend(pack(pieces, width));
        if height >= 30 {
            out.push(Line::from(
                " Engagements are likes + comments + shares + saves; rates are over reach (views where there is no reach); costs are fee + product.",
            ));
        }
    }
    out.push(Line::from(vec![
        Span::raw(format!(" Charted: {} · ", measure.label())),
        Span::styled("█", theme::expected_bar()),
        Span::raw(" exp(ected) "),
        Span::styled("█", theme::actual_bar()),
        Span::raw(" act(ual) · Tab: next measure"),
    ]));
    out
}

/// One group's two bars in `measure`: the value to draw and its text, expected then actual.
/// The expectation is that of the creators who reported the figure, or the whole group's
/// forecast when none did (see `Outcome`).
fn bars(o: &Outcome, measure: Measure, cur: &str) -> [(u64, String); 2] {
    let none = || (0, "–".to_string());
    match measure {
        Measure::Engagements => {
            let exp = o
                .engagements
                .get()
                .map_or(o.expected_engagements, |_| o.engagements.expected);
            [
                (exp, compact_count(exp)),
                o.engagements
                    .get()
                    .map_or_else(none, |n| (n, compact_count(n))),
            ]
        }
        Measure::Reach => {
            let exp = o.reach.get().map_or(o.expected_reach, |_| o.reach.expected);
            [
                (exp, compact_count(exp)),
                o.reach.get().map_or_else(none, |n| (n, compact_count(n))),
            ]
        }
        Measure::CostPerEngagement => {
            let c = |u: Option<UnitCost>| {
                u.map_or_else(none, |u| {
                    (u.to_cents().cents().max(0) as u64, u.compact(cur))
                })
            };
            [c(o.expected_cpe()), c(o.actual_cpe())]
        }
    }
}

/// A chart of expected against actual per tier or niche (`groups`, as
/// [`Outcome::by`] gives them), as many groups as fit `width`.
fn chart(
    groups: &[(String, Outcome)],
    by: Breakdown,
    measure: Measure,
    cur: &str,
    frame: &mut Frame,
    area: Rect,
) {
    let title = match by {
        Breakdown::Tier => "by tier",
        Breakdown::Niche => "by niche",
        Breakdown::Status => "by status",
    };
    let block = Block::bordered().title(format!(" {} {title} ", measure.label()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width < 4 || inner.height < 3 {
        return;
    }
    // Each group: two bars of `bw` and a gap of 1.
    let n = groups.len().max(1) as u16;
    let bw = ((inner.width / n).saturating_sub(1) / 2).clamp(1, 9);
    let fits = usize::from((inner.width / (2 * bw + 1)).max(1));
    let shown_groups = groups.len().min(fits);
    let (exp_label, act_label) = if bw >= 3 { ("exp", "act") } else { ("e", "a") };
    let data: Vec<BarGroup> = groups
        .iter()
        .take(shown_groups)
        .map(|(label, o)| {
            let [(ev, et), (av, at)] = bars(o, measure, cur);
            let label = fit(&shown(label), usize::from(2 * bw));
            BarGroup::default().label(Line::from(label)).bars(&[
                Bar::default()
                    .value(ev)
                    .text_value(et)
                    .label(Line::from(exp_label))
                    .style(theme::expected_bar()),
                Bar::default()
                    .value(av)
                    .text_value(at)
                    .label(Line::from(act_label))
                    .style(theme::actual_bar()),
            ])
        })
        .collect();
    let mut chart = BarChart::default()
        .bar_width(bw)
        .bar_gap(0)
        .group_gap(1)
        .value_style(theme::strong().add_modifier(ratatui::style::Modifier::REVERSED));
    for g in data {
        chart = chart.data(g);
    }
    let more = groups.len() - shown_groups;
    let chart_area = if more > 0 && inner.height > 4 {
        let [c, note] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!("+{more} more (wider shows more)")),
            note,
        );
        c
    } else {
        inner
    };
    frame.render_widget(chart, chart_area);
}

pub fn render(app: &App, measure: Measure, frame: &mut Frame, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(4).clamp(40, 160),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(fit(
        " Results · Tab measure · Esc close ",
        usize::from(rect.width.saturating_sub(2)),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let plan = app.plan();
    let cur = plan.campaign.currency.as_str();
    // Kept between frames: computed when the view opened or the plan last changed.
    let figures = app.results_figures();
    let head = header_lines(
        &figures.total,
        cur,
        measure,
        usize::from(inner.width.saturating_sub(1)),
        inner.height,
    );
    // Wrapped, the header takes about its width over the screen's, per line.
    let head_h: u16 = head
        .iter()
        .map(|l| {
            let w: usize = l.spans.iter().map(|s| s.content.width()).sum();
            w.div_ceil(usize::from(inner.width.max(1))).max(1) as u16
        })
        .sum();
    let head_h = head_h.min(inner.height);
    let [top, rest] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), top);
    if plan.shortlist.is_empty() {
        if rest.height > 1 {
            frame.render_widget(
                Paragraph::new(" The shortlist is empty: there is nothing to chart yet."),
                rest,
            );
        }
        return;
    }
    if rest.height < 6 {
        return;
    }
    let [tiers, niches] = if rest.width >= 100 {
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest)
    };
    chart(&figures.tiers, Breakdown::Tier, measure, cur, frame, tiers);
    chart(
        &figures.niches,
        Breakdown::Niche,
        measure,
        cur,
        frame,
        niches,
    );
}
