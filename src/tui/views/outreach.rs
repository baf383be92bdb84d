//! The outreach message preview: who it goes to, the subject, the body as the creator will
//! read it, and the values that fell back (no first name, no due date).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::dialogs::word_wrap;
use super::{fit, render_scrolled, shown};
use crate::tui::state::overlay::MessagePreview;
use crate::tui::theme;

/// Every line of the preview at `width` columns.
pub fn lines(m: &MessagePreview, width: usize) -> Vec<Line<'static>> {
    let label = |l: &str| Span::styled(format!("{l:<9}"), theme::strong());
    let wrap = |text: &str, indent: usize| -> Vec<String> {
        word_wrap(
            &shown(&text.replace('\t', "    ")),
            width.saturating_sub(indent).max(8),
        )
    };
    let mut out = Vec::new();
    let (to, to_style) = match &m.to {
        Ok(to) => (to.clone(), theme::plain()),
        Err(why) => (format!("— {why}"), theme::strong()),
    };
    for (k, part) in wrap(&to, 9).into_iter().enumerate() {
        let head = label(if k == 0 { "To" } else { "" });
        out.push(Line::from(vec![
            head,
            Span::styled(fit(&part, width.saturating_sub(9)), to_style),
        ]));
    }
    for (k, part) in wrap(&m.draft.subject, 9).into_iter().enumerate() {
        let head = label(if k == 0 { "Subject" } else { "" });
        out.push(Line::from(vec![
            head,
            Span::raw(fit(&part, width.saturating_sub(9))),
        ]));
    }
    out.push(Line::from(""));
    for line in m.draft.body.trim_end_matches('\n').split('\n') {
        if line.trim().is_empty() {
            out.push(Line::from(""));
            continue;
        }
        // A list item's continuation lines keep its indent.
        let indent = line.len() - line.trim_start_matches([' ', '-', '*']).len();
        for (k, part) in wrap(line, indent).into_iter().enumerate() {
            let pad = if k == 0 {
                String::new()
            } else {
                " ".repeat(indent)
            };
            out.push(Line::from(fit(&format!("{pad}{part}"), width)));
        }
    }
    let mut notes = Vec::new();
    if let Some(report) = m.draft.fallback_report() {
        notes.push(format!("⚠ {report}"));
    }
    if !m.listed {
        notes.push(
            "Not shortlisted: the deliverables and fee are those Space would give them.".into(),
        );
    }
    if !notes.is_empty() {
        out.push(Line::from(""));
        for n in notes {
            for part in wrap(&n, 0) {
                out.push(Line::from(Span::styled(fit(&part, width), theme::strong())));
            }
        }
    }
    out
}

pub fn render(m: &MessagePreview, frame: &mut Frame, area: Rect) {
    let handle = crate::domain::creator::clean_handle(&m.handle);
    let title = format!(
        " Message to @{} · s save · c copy · Esc close ",
        shown(handle)
    );
    render_scrolled(frame, area, 100, &title, |w| lines(m, w), m.scroll);
}
