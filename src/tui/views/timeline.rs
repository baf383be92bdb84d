//! The timeline: every deliverable by due date, overdue ones marked (in words, and in red
//! where colour is on), published ones with their date and post; then those with no date.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{pad, shown};
use crate::domain::date::Date;
use crate::domain::plan::{Plan, ShortlistEntry};
use crate::tui::app::App;
use crate::tui::theme;

/// Where an entry stands against `today`, in words.
pub fn when(e: &ShortlistEntry, today: Date) -> String {
    if let Some(p) = e.published {
        return format!("published {p}");
    }
    if e.status == crate::domain::plan::Status::Published {
        return "published".into();
    }
    let Some(due) = e.due else {
        return String::new();
    };
    match today.days_until(due) {
        n if n < 0 => format!("OVERDUE by {} day{}", -n, if n == -1 { "" } else { "s" }),
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        n => format!("in {n} days"),
    }
}

/// The timeline's lines for a dialog `width` cells wide.
pub fn timeline_lines(plan: &Plan, today: Date, width: usize) -> Vec<Line<'static>> {
    let entries = plan.timeline();
    let overdue = plan.overdue(today);
    let mut out = vec![Line::from(Span::styled(
        format!(" Deliverables by due date · today {today} · {overdue} overdue",),
        theme::strong(),
    ))];
    if entries.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(
            " No deliverables yet: shortlist creators, then d on an entry sets its due date.",
        ));
        return out;
    }
    // due, creator, platform, status, then what is left for where it stands.
    // The creator column as wide as the longest handle, within what leaves room for "when".
    let longest = entries
        .iter()
        .map(|e| unicode_width::UnicodeWidthStr::width(shown(&e.handle).as_ref()) + 1)
        .max()
        .unwrap_or(8);
    let room = width.saturating_sub(1 + 11 + 11 + 13 + 20);
    let creator_w = longest.clamp(8, 32).min(room.max(8));
    out.push(Line::from(""));
    out.push(Line::from(Span::styled(
        format!(
            " {} {} {} {} {}",
            pad("Due", 10, false),
            pad("Creator", creator_w, false),
            pad("Platform", 10, false),
            pad("Status", 12, false),
            "When"
        ),
        theme::header(),
    )));
    let mut undated_heading = false;
    for e in entries {
        if e.due.is_none() && !undated_heading {
            undated_heading = true;
            out.push(Line::from(""));
            out.push(Line::from(Span::styled(" No due date", theme::header())));
        }
        let late = e.is_overdue(today);
        let mut when_text = when(e, today);
        if let Some(u) = &e.post_url {
            when_text.push_str(&format!(" · {}", shown(u)));
        }
        let row = format!(
            " {} {} {} {} ",
            pad(&e.due.map(|d| d.to_string()).unwrap_or_default(), 10, false),
            pad(&format!("@{}", e.handle), creator_w, false),
            pad(e.platform.label(), 10, false),
            pad(e.status.key(), 12, false),
        );
        let used = unicode_width::UnicodeWidthStr::width(row.as_str());
        let rest = super::fit(&when_text, width.saturating_sub(used));
        let style = if late {
            theme::overdue()
        } else {
            theme::plain()
        };
        out.push(Line::from(vec![
            Span::styled(row, style),
            Span::styled(rest, style),
        ]));
    }
    out
}

pub fn render(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    super::render_scrolled(
        frame,
        area,
        120,
        " Timeline · j/k scroll · Esc close ",
        |w| timeline_lines(app.plan(), app.today(), w),
        scroll,
    );
}
