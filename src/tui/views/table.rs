//! The roster table. Only the visible slice of the view is turned into rows each frame.

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table};

use super::detail::DISAGREE;
use super::pad;
use crate::domain::fees::FeeSource;
use crate::domain::filter::SortKey;
use crate::domain::money::UnitCost;
use crate::domain::number::{compact_count, format_percent};
use crate::tui::app::{App, Focus};
use crate::tui::columns::Column as Col;

/// The columns that fit a table `width` wide: narrow screens drop name, then niches.
fn columns(width: u16) -> Vec<&'static Col> {
    crate::tui::columns::fitting(width).collect()
}

/// Width of each column: fixed ones as given, the rest share what is left.
fn widths(cols: &[&Col], total: u16) -> Vec<u16> {
    let fixed: u16 = cols.iter().map(|c| c.width).sum::<u16>() + cols.len() as u16 - 1;
    let flex = cols.iter().filter(|c| c.width == 0).count() as u16;
    let spare = total.saturating_sub(fixed);
    let mut left = spare;
    let mut seen = 0;
    cols.iter()
        .map(|c| {
            if c.width > 0 {
                c.width
            } else {
                seen += 1;
                let w = if seen == flex {
                    left
                } else {
                    spare / flex.max(1)
                };
                left -= w.min(left);
                w.max(4)
            }
        })
        .collect()
}

fn cell(app: &App, key: SortKey, i: u32) -> String {
    let r = &app.roster;
    match key {
        SortKey::Name => r.name(i).to_string(),
        SortKey::Handle => format!("@{}", r.handle(i)),
        SortKey::Platform => r.platform(i).label().to_string(),
        SortKey::Tier => r.scheme().name(r.tier(i)).to_string(),
        SortKey::Niches => r
            .niche_ids(i)
            .iter()
            .map(|&n| r.niches.name(n))
            .collect::<Vec<_>>()
            .join(", "),
        SortKey::Followers => compact_count(r.followers(i)),
        SortKey::Engagement => r.engagement(i).map_or("–".into(), rate_cell),
        SortKey::Fee => {
            let mark = match r.fee_source(i) {
                FeeSource::Rate => "*",
                _ => " ",
            };
            format!("{}{mark}", r.fee(i).compact(&app.plan().campaign.currency))
        }
        SortKey::Engagements => {
            // `?` in the column's first cell when the roster's figures disagree (more
            // engagements per post than views): the figures stay aligned.
            let n = compact_count(r.expected_engagements(i));
            if r.figures_disagree(i) {
                let w = crate::tui::columns::column(SortKey::Engagements)
                    .map_or(8, |c| usize::from(c.width) - 1);
                format!("{DISAGREE}{n:>w$}")
            } else {
                n
            }
        }
        SortKey::Country => r.country(i).unwrap_or("").to_string(),
        SortKey::Reach => compact_count(r.expected_reach(i)),
        SortKey::CostPerEngagement => cost_per_engagement(app, i),
    }
}

/// The fee of one post over its expected engagements, by the one rule for cost per
/// engagement ([`UnitCost`]).
fn cost_per_engagement(app: &App, i: u32) -> String {
    let r = &app.roster;
    match r.expected_engagements(i) {
        0 => "–".into(),
        e => UnitCost::new(r.fee(i), e).compact(&app.plan().campaign.currency),
    }
}

/// An engagement rate in the table's narrow column: whole percents from 100% on
/// (`131%`, `4000%`, `12.3k%`), so a viral creator's rate is never cut.
fn rate_cell(rate: f64) -> String {
    let percent = rate * 100.0;
    if rate < 1.0 {
        format_percent(rate)
    } else if percent < 9_999.5 {
        format!("{percent:.0}%")
    } else {
        format!("{}%", compact_count(percent.round() as u64))
    }
}

/// The first row shown so that the selected row is visible.
pub fn visible_offset(app: &App, rows: usize) -> usize {
    let mut off = app.view.offset;
    if app.view.selected < off {
        off = app.view.selected;
    } else if app.view.selected >= off + rows {
        off = app.view.selected + 1 - rows;
    }
    off.min(app.view.rows.len().saturating_sub(rows))
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 10 {
        return;
    }
    // One column on the left marks shortlisted creators.
    let cols = columns(area.width - 2);
    let mut ws = widths(&cols, area.width - 2);
    ws.insert(0, 1);
    let header = Row::new(
        std::iter::once(" ".to_string()).chain(cols.iter().zip(&ws[1..]).map(|(c, &w)| {
            let arrow = if c.key == app.view.sort {
                if app.view.descending { "▼" } else { "▲" }
            } else {
                ""
            };
            let title = format!("{}{arrow}", c.title);
            pad(&title, usize::from(w), c.right)
        })),
    )
    .style(theme::header());

    let visible = usize::from(area.height - 1);
    if app.view.rows.is_empty() {
        let text = if app.load.loading {
            "  loading…"
        } else if app.roster.is_empty() {
            "  The roster is empty."
        } else {
            "  No creator matches the filters. X clears them all; Esc clears the search."
        };
        frame.render_widget(
            Table::new(Vec::<Row>::new(), ws.iter().map(|&w| Constraint::Length(w))).header(header),
            area,
        );
        let msg = Rect::new(area.x, area.y + 1, area.width, 1);
        frame.render_widget(Paragraph::new(Line::from(text)), msg);
        return;
    }
    let offset = visible_offset(app, visible);
    let end = (offset + visible).min(app.view.rows.len());
    let rows = app.view.rows[offset..end]
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let mark = if app.shortlist.listed.contains(&i) {
                "✓"
            } else {
                " "
            };
            let row = Row::new(
                std::iter::once(mark.to_string()).chain(
                    cols.iter()
                        .zip(&ws[1..])
                        .map(|(c, &w)| pad(&cell(app, c.key, i), usize::from(w), c.right)),
                ),
            );
            if offset + k == app.view.selected {
                row.style(if app.focus == Focus::Table {
                    theme::selected_focused()
                } else {
                    theme::selected()
                })
            } else {
                row
            }
        });
    frame.render_widget(
        Table::new(rows, ws.iter().map(|&w| Constraint::Length(w))).header(header),
        area,
    );
}
