//! The shortlist pane: one row per shortlisted creator with deliverables, fee (and where it
//! came from), outreach status, expected figures, cost per engagement and note; beside it,
//! everything about the selected entry, including what changed since the plan was saved.

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Wrap};

use super::shown;
use super::{fit, pad};
use crate::domain::fees::FeeSource;
use crate::domain::money::UnitCost;
use crate::domain::number::{compact_count, format_percent, grouped};
use crate::domain::plan::{FLAG_NOT_IN_ROSTER, ShortlistEntry, Status};
use crate::tui::app::App;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Mark,
    Handle,
    Platform,
    Tier,
    Posts,
    Fee,
    Source,
    Status,
    Reach,
    Engagements,
    CostPerEngagement,
    Note,
}

impl Col {
    /// Title, width (0 = shares what is left), right-aligned.
    fn spec(self) -> (&'static str, u16, bool) {
        match self {
            Col::Mark => ("", 1, false),
            Col::Handle => ("Handle", 0, false),
            Col::Platform => ("Platform", 9, false),
            Col::Tier => ("Tier", 6, false),
            Col::Posts => ("Posts", 12, false),
            Col::Fee => ("Fee", 10, true),
            Col::Source => ("Src", 3, false),
            Col::Status => ("Status", 11, false),
            Col::Reach => ("Reach", 6, true),
            Col::Engagements => ("Eng.", 6, true),
            Col::CostPerEngagement => ("/eng", 7, true),
            Col::Note => ("Note", 0, false),
        }
    }
}

/// A column's title; cost per engagement names the plan's currency (`€/eng`, `SEK/eng`).
fn title(col: Col, currency: &str) -> String {
    match col {
        Col::CostPerEngagement => {
            let sym = crate::domain::money::currency_symbol(currency).unwrap_or(currency);
            format!("{}{}", sym.trim(), col.spec().0)
        }
        _ => col.spec().0.to_string(),
    }
}

fn columns(width: u16) -> Vec<Col> {
    let mut v = vec![Col::Mark, Col::Handle];
    if width >= 100 {
        v.extend([Col::Platform, Col::Tier]);
    }
    v.extend([
        Col::Posts,
        Col::Fee,
        Col::Source,
        Col::Status,
        Col::Reach,
        Col::Engagements,
        Col::CostPerEngagement,
    ]);
    if width >= 120 {
        v.push(Col::Note);
    }
    v
}

fn widths(cols: &[Col], total: u16) -> Vec<u16> {
    let fixed: u16 = cols.iter().map(|c| c.spec().1).sum::<u16>() + cols.len() as u16 - 1;
    let flex = cols.iter().filter(|c| c.spec().1 == 0).count() as u16;
    let spare = total.saturating_sub(fixed);
    let mut seen = 0;
    let mut left = spare;
    cols.iter()
        .map(|c| {
            let w = c.spec().1;
            if w > 0 {
                return w;
            }
            seen += 1;
            // The handle gets at most 24 columns; the note takes the rest.
            let share = if seen == flex {
                left
            } else {
                (spare / flex.max(1)).min(24)
            };
            left -= share.min(left);
            share.max(6)
        })
        .collect()
}

/// `2×story`, or just the count for a platform's standard post.
pub fn posts_text(e: &ShortlistEntry) -> String {
    match &e.format {
        Some(f) => format!("{}×{}", e.posts, f),
        None => e.posts.to_string(),
    }
}

/// The entry's cost per expected engagement (none with no engagements).
pub fn cost_per_engagement(e: &ShortlistEntry) -> Option<UnitCost> {
    (e.expected_engagements > 0).then(|| UnitCost::new(e.fee, e.expected_engagements))
}

fn source_short(s: FeeSource) -> &'static str {
    match s {
        FeeSource::Rate => "own",
        FeeSource::Negotiated => "neg",
        _ => "est",
    }
}

fn cell(app: &App, col: Col, e: &ShortlistEntry) -> String {
    let cur = app.plan().campaign.currency.as_str();
    match col {
        Col::Mark => {
            if e.has_flag(FLAG_NOT_IN_ROSTER) {
                "!".into()
            } else if app.entry_changed(e) {
                "Δ".into()
            } else {
                String::new()
            }
        }
        Col::Handle => format!("@{}", shown(&e.handle)),
        Col::Platform => e.platform.label().to_string(),
        Col::Tier => shown(&e.tier).into_owned(),
        Col::Posts => shown(&posts_text(e)).into_owned(),
        Col::Fee => e.fee.compact(cur),
        Col::Source => source_short(e.fee_source).into(),
        Col::Status => e.status.key().into(),
        Col::Reach => compact_count(e.expected_reach),
        Col::Engagements => compact_count(e.expected_engagements),
        Col::CostPerEngagement => cost_per_engagement(e).map_or("–".into(), |c| c.compact(cur)),
        Col::Note => shown(&e.note).into_owned(),
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 20 {
        return;
    }
    let cols = columns(area.width);
    let ws = widths(&cols, area.width);
    let header = Row::new(cols.iter().zip(&ws).map(|(&c, &w)| {
        let t = title(c, &app.plan().campaign.currency);
        pad(&t, usize::from(w), c.spec().2)
    }))
    .style(theme::header());
    let list = &app.plan().shortlist;
    if list.is_empty() {
        frame.render_widget(
            Table::new(Vec::<Row>::new(), ws.iter().map(|&w| Constraint::Length(w))).header(header),
            area,
        );
        let msg = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from("  The shortlist is empty."),
                Line::from(
                    "  Tab back to the roster table and press Space on a creator to add them.",
                ),
            ])
            .wrap(Wrap { trim: false }),
            msg,
        );
        return;
    }
    let visible = usize::from(area.height - 1);
    let offset = app.shortlist.offset.min(list.len().saturating_sub(visible));
    let rows = list
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(k, e)| {
            let row = Row::new(
                cols.iter()
                    .zip(&ws)
                    .map(|(&c, &w)| pad(&cell(app, c, e), usize::from(w), c.spec().2)),
            );
            let mut style = theme::plain();
            if e.status == Status::Declined {
                style = style.patch(theme::declined());
            }
            if k == app.shortlist.entry {
                style = style.patch(theme::selected_focused());
            }
            row.style(style)
        });
    frame.render_widget(
        Table::new(rows, ws.iter().map(|&w| Constraint::Length(w))).header(header),
        area,
    );
}

/// The selected entry's detail lines: `(label, value)`.
pub fn entry_lines(app: &App, e: &ShortlistEntry) -> Vec<(&'static str, String)> {
    let cur = app.plan().campaign.currency.as_str();
    let in_roster = app.roster.find(e.platform, &e.handle);
    let mut out = Vec::new();
    if let Some(i) = in_roster {
        let name = app.roster.name(i);
        if !name.is_empty() {
            out.push(("Name", name.to_string()));
        }
    }
    out.push(("Platform", e.platform.label().to_string()));
    out.push(("Tier", shown(&e.tier).into_owned()));
    out.push(("Followers", grouped(e.followers)));
    out.push((
        "Engagement",
        e.engagement_rate.map_or("unknown".into(), format_percent),
    ));
    if !e.niches.is_empty() {
        out.push(("Niches", shown(&e.niches.join(", ")).into_owned()));
    }
    out.push((
        "Posts",
        match &e.format {
            Some(f) => format!("{} × {}", e.posts, shown(f)),
            None => format!("{} × standard post", e.posts),
        },
    ));
    let fee_note = match e.fee_source {
        FeeSource::Negotiated => "negotiated",
        FeeSource::Rate => "own rate",
        _ => "estimate",
    };
    out.push(("Fee", format!("{} · {fee_note}", e.fee.display(cur))));
    out.push((
        "Status",
        if e.status == Status::Declined {
            "declined: kept here, not counted in spend or totals".into()
        } else {
            e.status.key().to_string()
        },
    ));
    out.push(("Reach", grouped(e.expected_reach)));
    out.push(("Engagements", grouped(e.expected_engagements)));
    if let Some(c) = cost_per_engagement(e) {
        out.push(("Cost/eng.", c.display(cur)));
    }
    if !e.note.is_empty() {
        out.push(("Note", shown(&e.note).into_owned()));
    }
    if e.has_flag(FLAG_NOT_IN_ROSTER) {
        out.push((
            "!",
            "not in the loaded roster: kept from the plan with its saved figures".into(),
        ));
    }
    for c in app
        .shortlist
        .changes
        .iter()
        .filter(|c| c.platform == e.platform && c.handle == e.handle)
    {
        let num = |s: &str| {
            s.parse::<u64>()
                .map_or_else(|_| shown(s).into_owned(), grouped)
        };
        out.push((
            "Δ changed",
            format!(
                "{} {} in the plan → {} now",
                c.field.replace('_', " "),
                num(&c.in_plan),
                num(&c.in_roster)
            ),
        ));
    }
    out
}

pub fn render_side(app: &App, frame: &mut Frame, area: Rect) {
    let Some(e) = app.selected_entry() else {
        let block = Block::new().borders(Borders::TOP).title(" Shortlist ");
        let lines = vec![
            Line::from(" No creator shortlisted yet."),
            Line::from(" In the roster table, Space adds the selected creator;"),
            Line::from(" b sets the budget, v shows the summary, Ctrl-s saves."),
        ];
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
        return;
    };
    let title = format!(
        " @{} · {} of {} ",
        shown(&e.handle),
        app.shortlist.entry + 1,
        app.plan().shortlist.len()
    );
    let block = Block::new()
        .borders(Borders::TOP)
        .title(fit(&title, usize::from(area.width.saturating_sub(4))));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    super::detail::render_pairs(frame, inner, &entry_lines(app, e));
}
