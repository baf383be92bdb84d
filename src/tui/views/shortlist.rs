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
use crate::domain::compensation::percent;
use crate::domain::fees::FeeSource;
use crate::domain::money::UnitCost;
use crate::domain::number::{compact_count, format_percent, grouped};
use crate::domain::plan::{FLAG_NOT_IN_ROSTER, ShortlistEntry, Status};
use crate::domain::results::{Outcome, ResultField, Results};
use crate::tui::app::App;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Mark,
    Handle,
    Platform,
    Tier,
    Posts,
    Fee,
    Product,
    Source,
    Status,
    Reach,
    Engagements,
    CostPerEngagement,
    /// `MM-DD` (`YYYY-MM-DD` when wide), `!` when overdue.
    Due,
    /// Actual engagements (and their share of the expected, when wide).
    Actual,
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
            Col::Product => ("Product", 9, true),
            Col::Source => ("Src", 3, false),
            Col::Status => ("Status", 11, false),
            Col::Reach => ("Reach", 6, true),
            Col::Engagements => ("Eng.", 6, true),
            Col::CostPerEngagement => ("/eng", 7, true),
            Col::Due => ("Due", 6, false),
            Col::Actual => ("Actual", 6, true),
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

/// What the plan holds beyond the basics decides two columns: a due date shows the Due
/// column (at every width: deadlines matter; the whole date from 160 columns), a gifted
/// product the Product column (from 140). A plan without them looks as it always did.
#[derive(Clone, Copy, Default)]
struct Extra {
    due: bool,
    product: bool,
    results: bool,
}

fn extra(app: &App) -> Extra {
    let list = &app.plan().shortlist;
    Extra {
        due: list.iter().any(|e| e.due.is_some()),
        product: list.iter().any(|e| e.product().cents() != 0),
        results: list.iter().any(|e| !e.results.is_empty()),
    }
}

fn columns(width: u16, x: Extra) -> Vec<Col> {
    let mut v = vec![Col::Mark, Col::Handle];
    if width >= 100 {
        v.extend([Col::Platform, Col::Tier]);
    }
    v.extend([Col::Posts, Col::Fee]);
    if x.product && width >= 140 {
        v.push(Col::Product);
    }
    // Narrow, the fee's source gives way to the due date (the detail pane still says it).
    if !((x.due || x.results) && width < 100) {
        v.push(Col::Source);
    }
    v.push(Col::Status);
    // Narrow, with due dates and results both, the expected reach gives way (the detail
    // pane still says it): the actual engagements sit beside the expected ones.
    if !(x.due && x.results && width < 100) {
        v.push(Col::Reach);
    }
    v.push(Col::Engagements);
    if x.results {
        v.push(Col::Actual);
    }
    v.push(Col::CostPerEngagement);
    if x.due {
        v.push(Col::Due);
    }
    if width >= 120 {
        v.push(Col::Note);
    }
    v
}

fn width_of(col: Col, total: u16) -> u16 {
    match col {
        Col::Due if total >= 160 => 11,
        Col::Actual if total >= 120 => 11,
        c => c.spec().1,
    }
}

fn widths(cols: &[Col], total: u16) -> Vec<u16> {
    let fixed: u16 = cols.iter().map(|&c| width_of(c, total)).sum::<u16>() + cols.len() as u16 - 1;
    let flex = cols.iter().filter(|&&c| width_of(c, total) == 0).count() as u16;
    let spare = total.saturating_sub(fixed);
    let mut seen = 0;
    let mut left = spare;
    cols.iter()
        .map(|&c| {
            let w = width_of(c, total);
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

/// The entry's cost to the brand (cash and product) per expected engagement (none with no
/// engagements).
pub fn cost_per_engagement(e: &ShortlistEntry) -> Option<UnitCost> {
    (e.expected_engagements > 0).then(|| UnitCost::new(e.cost(), e.expected_engagements))
}

/// The due date as the Due column shows it: `MM-DD` in `width` 6, the whole date wider; `!`
/// after it when overdue.
fn due_text(e: &ShortlistEntry, today: crate::domain::date::Date, width: u16) -> String {
    let Some(d) = e.due else {
        return String::new();
    };
    let date = if width >= 11 {
        d.to_string()
    } else {
        format!("{:02}-{:02}", d.month(), d.day())
    };
    if e.is_overdue(today) {
        date + "!"
    } else {
        date
    }
}

fn source_short(s: FeeSource) -> &'static str {
    match s {
        FeeSource::Rate => "own",
        FeeSource::Negotiated => "neg",
        _ => "est",
    }
}

fn cell(app: &App, col: Col, e: &ShortlistEntry, width: u16) -> String {
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
        Col::Product if e.product().cents() == 0 => String::new(),
        Col::Product => e.product().compact(cur),
        Col::Due => due_text(e, app.today(), width),
        Col::Source => source_short(e.fee_source).into(),
        Col::Status => e.status.key().into(),
        Col::Reach => compact_count(e.expected_reach),
        Col::Engagements => compact_count(e.expected_engagements),
        Col::CostPerEngagement => cost_per_engagement(e).map_or("–".into(), |c| c.compact(cur)),
        Col::Actual => super::results::actual_cell(&Outcome::of_entry(e), width >= 11),
        Col::Note => shown(&e.note).into_owned(),
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 20 {
        return;
    }
    let cols = columns(area.width, extra(app));
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
            let late = e.is_overdue(app.today());
            let row = Row::new(cols.iter().zip(&ws).map(|(&c, &w)| {
                let text = pad(&cell(app, c, e, w), usize::from(w), c.spec().2);
                let cell = ratatui::widgets::Cell::from(text);
                if c == Col::Due && late {
                    cell.style(theme::overdue())
                } else {
                    cell
                }
            }));
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
    // The plan's own contact first; the roster's name for an entry that has none.
    let roster_name = in_roster
        .map(|i| app.roster.name(i))
        .filter(|n| !n.is_empty());
    match (e.name.as_deref().or(roster_name), &e.country) {
        (Some(name), Some(c)) => out.push(("Name", format!("{} · {}", shown(name), shown(c)))),
        (Some(name), None) => out.push(("Name", shown(name).into_owned())),
        (None, Some(c)) => out.push(("Country", shown(c).into_owned())),
        (None, None) => {}
    }
    if let Some(m) = &e.email {
        out.push(("Email", shown(m).into_owned()));
    }
    if let Some(u) = e.profile_url() {
        out.push(("Profile", shown(&u).into_owned()));
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
    if e.product().cents() != 0 {
        let mut gift = format!("{} product", e.product_value.display(cur));
        if e.shipping.cents() != 0 {
            gift.push_str(&format!(" + {} shipping", e.shipping.display(cur)));
        }
        gift.push_str(&format!(" · cost {}", e.cost().display(cur)));
        out.push(("Gift", gift));
    }
    if let Some(r) = e.commission_rate {
        out.push(("Commission", format!("{} of sales, paid later", percent(r))));
    }
    out.push((
        "Status",
        if e.status == Status::Declined {
            "declined: kept here, not counted in spend or totals".into()
        } else {
            e.status.key().to_string()
        },
    ));
    let today = app.today();
    if let Some(d) = e.due {
        let w = super::timeline::when(e, today);
        out.push((
            "Due",
            if e.published.is_some() || w.is_empty() {
                d.to_string()
            } else {
                format!("{d} · {w}")
            },
        ));
    }
    match (e.published, &e.post_url) {
        (Some(p), Some(u)) => out.push(("Published", format!("{p} · {}", shown(u)))),
        (Some(p), None) => out.push(("Published", p.to_string())),
        (None, Some(u)) => out.push(("Post", shown(u).into_owned())),
        (None, None) => {}
    }
    if !e.results.is_empty() {
        out.push(("Results", results_text(&e.results, cur)));
        out.extend(super::results::comparison(&Outcome::of_entry(e), cur));
    }
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

/// `views 48,000 · likes 2,100 · revenue $719.40`: the recorded figures only.
fn results_text(r: &Results, cur: &str) -> String {
    ResultField::ALL
        .into_iter()
        .filter_map(|f| {
            let v = if f.is_money() {
                r.revenue.map(|m| m.display(cur))
            } else {
                r.count(f).map(grouped)
            };
            v.map(|v| format!("{} {v}", f.key()))
        })
        .collect::<Vec<_>>()
        .join(" · ")
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
