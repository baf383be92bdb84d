//! The outreach message preview: who it goes to, the subject, the body as the creator will
//! read it, and the values that fell back (no first name, no due date).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::dialogs::word_wrap;
use super::{centered, fit, shown};
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

/// A box as tall as the message (up to the screen), at most 100 columns wide, scrolled.
pub fn render(m: &MessagePreview, frame: &mut Frame, area: Rect) {
    let handle = crate::domain::creator::clean_handle(&m.handle);
    let title = format!(
        " Message to @{} · s save · c copy · Esc close ",
        shown(handle)
    );
    let width = area.width.saturating_sub(4).clamp(40, 100);
    let all = lines(m, usize::from(width.saturating_sub(2)));
    let height = u16::try_from(all.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2));
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let scroll = m
        .scroll
        .min(all.len().saturating_sub(usize::from(inner.height)));
    let shown: Vec<Line> = all
        .into_iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
