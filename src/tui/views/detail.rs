//! The detail pane: every field of the selected creator and how its fee was reached.

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::fit;
use crate::domain::fees::{ExpectationSource, FeeSource};
use crate::domain::money::UnitCost;
use crate::domain::number::{compact_count, format_percent, grouped};
use crate::tui::app::App;

/// The detail lines for creator `i`: `(label, value)`.
pub fn lines(app: &App, i: u32) -> Vec<(&'static str, String)> {
    let r = &app.roster;
    let v = r.view(i);
    // Fees are priced in the plan's currency (converted from the config's when they differ).
    let cur = app.plan().campaign.currency.as_str();
    let conversion = r.model().conversion;
    let scheme = r.scheme();
    let mut out = vec![
        ("Platform", v.platform.label().to_string()),
        (
            "Tier",
            format!("{} ({})", scheme.name(v.tier), scheme.range_label(v.tier)),
        ),
        ("Followers", grouped(v.followers)),
    ];
    let er = match (v.engagement, v.engagement_source) {
        // Kept as the roster gives it; the fee adjustment stays within its band.
        (Some(e), _) if e > 1.0 => format!("{} {ABOVE_100}", format_percent(e)),
        (Some(e), Some(src)) => format!("{} ({})", format_percent(e), src.describe()),
        (Some(e), None) => format_percent(e),
        _ => format!(
            "unknown; the tier's typical {} is assumed",
            format_percent(r.model().engagement_norm(v.tier, v.platform))
        ),
    };
    out.push(("Engagement", er));
    out.push((
        "Niches",
        if v.niches.is_empty() {
            "–".into()
        } else {
            v.niches.join(", ")
        },
    ));
    let place = match (v.country, v.language) {
        (Some(c), Some(l)) => format!("{c} · {l}"),
        (Some(c), None) => c.to_string(),
        (None, Some(l)) => format!("– · {l}"),
        (None, None) => "–".into(),
    };
    out.push(("Country", place));
    out.push(("Contact", v.email.unwrap_or("–").to_string()));
    let est = r.fee_estimate(i);
    match v.fee_source {
        FeeSource::Rate => {
            out.push(("Fee/post", format!("{} * (own rate)", v.fee.display(cur))));
            out.push(("How", "the creator's own rate".into()));
            // The conversion on a line of its own, so a narrow pane still shows it.
            if let (Some(c), Some(rate)) = (conversion, v.rate) {
                out.push((
                    "Converted",
                    format!("{} {}", rate.display(c.from()), c.describe()),
                ));
            }
        }
        _ => {
            out.push(("Fee/post", format!("{} (estimate)", v.fee.display(cur))));
            out.push((
                "How",
                format!(
                    "{} followers × {} per 1,000 × {:.2} engagement adj.",
                    compact_count(v.followers),
                    est.per_thousand.display(cur),
                    est.adjustment
                ),
            ));
            if let Some(c) = conversion {
                out.push((
                    "Converted",
                    format!(
                        "{} {}",
                        r.model().per_thousand[v.platform.index()].display(c.from()),
                        c.describe()
                    ),
                ));
            }
        }
    }
    out.push(("Reach/post", grouped(v.expected_reach)));
    out.push(("Reach from", source_text(app, i, v.reach_source)));
    out.push(("Eng./post", grouped(v.expected_engagements)));
    out.push(("Eng. from", source_text(app, i, v.engagements_source)));
    if v.figures_disagree {
        // The figures themselves are on the lines around: Eng./post and Averages.
        out.push(("Figures", format!("{DISAGREE} engagements > views")));
    }
    let cpe = if v.expected_engagements > 0 {
        UnitCost::new(v.fee, v.expected_engagements).display(cur)
    } else {
        "–".into()
    };
    out.push(("Cost/eng.", cpe));
    let mut avg = Vec::new();
    if let Some(n) = v.avg_views {
        avg.push(format!("{} views", compact_count(n)));
    }
    if let Some(n) = v.avg_likes {
        avg.push(format!("{} likes", compact_count(n)));
    }
    if let Some(n) = v.avg_comments {
        avg.push(format!("{} comments", compact_count(n)));
    }
    if let Some(n) = v.avg_engagements {
        avg.push(format!("{} engagements", compact_count(n)));
    }
    if !avg.is_empty() {
        out.push(("Averages", avg.join(", ")));
    }
    out
}

/// The mark beside an engagement rate above 100% (kept: on TikTok and Reels a post often
/// reaches past the followers).
pub const ABOVE_100: &str = "⚠ engagements > followers";

/// The table's mark (beside engagements per post) for a row whose figures disagree; the
/// detail pane explains it.
pub const DISAGREE: char = '?';

/// Where an expected figure per post comes from, in words short enough for the narrow
/// right-hand column of an 80-column screen.
fn source_text(app: &App, i: u32, source: ExpectationSource) -> String {
    let r = &app.roster;
    // `25%`, not `25.0%`: every character counts here.
    let percent = |f: f64| {
        let p = format_percent(f);
        p.strip_suffix(".0%").map_or(p.clone(), |w| format!("{w}%"))
    };
    match source {
        ExpectationSource::AvgLikes => "avg likes + comments".into(),
        ExpectationSource::AvgEngagements => "avg engagements".into(),
        ExpectationSource::AvgViews => "avg views".into(),
        ExpectationSource::FollowersRate => format!(
            "followers × {} rate",
            r.engagement(i).map_or("–".into(), percent)
        ),
        ExpectationSource::TierNorm => "followers × tier norm".into(),
        ExpectationSource::ReachRate => format!(
            "followers × {} reach",
            percent(r.model().reach_rate[r.platform(i).index()])
        ),
    }
}

fn to_line(label: &str, value: &str, width: usize) -> Line<'static> {
    let value = fit(value, width.saturating_sub(12));
    Line::from(vec![
        Span::styled(format!("{label:<11} "), theme::strong()),
        Span::raw(value),
    ])
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(i) = app.selected_creator() else {
        let block = Block::new().borders(Borders::TOP).title(" Detail ");
        frame.render_widget(Paragraph::new("  no creator selected").block(block), area);
        return;
    };
    let r = &app.roster;
    let title = if r.name(i).is_empty() {
        format!(" @{} ", r.handle(i))
    } else {
        format!(" {} @{} ", r.name(i), r.handle(i))
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .title(fit(&title, usize::from(area.width.saturating_sub(4))));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    render_pairs(frame, inner, &lines(app, i));
}

/// `(label, value)` lines in `area`; when they do not fit and the area is wide, in two
/// columns.
pub fn render_pairs(frame: &mut Frame, area: Rect, all: &[(&str, String)]) {
    let rows = usize::from(area.height);
    if all.len() > rows && area.width >= 80 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(area);
        let half = all.len().div_ceil(2).max(rows.min(all.len()));
        let (a, b) = all.split_at(half.min(all.len()));
        for (part, rect) in [(a, left), (b, right)] {
            let w = usize::from(rect.width);
            let text: Vec<Line> = part.iter().map(|(l, v)| to_line(l, v, w)).collect();
            frame.render_widget(Paragraph::new(text), rect);
        }
    } else {
        let w = usize::from(area.width);
        let text: Vec<Line> = all.iter().map(|(l, v)| to_line(l, v, w)).collect();
        frame.render_widget(Paragraph::new(text), area);
    }
}
