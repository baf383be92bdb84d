//! The help screen, generated from the keymap so it can never go stale.

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit, pad};
use crate::tui::action::Context;
use crate::tui::keymap::BINDINGS;

/// Every line of the help, context by context.
pub fn lines(width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for ctx in Context::ALL {
        if !out.is_empty() {
            out.push(Line::from(""));
        }
        out.push(Line::from(Span::styled(ctx.title(), theme::header())));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            out.push(Line::from(vec![
                Span::styled(format!("  {}", pad(b.label, 11, false)), theme::strong()),
                Span::raw(fit(b.desc, width.saturating_sub(14))),
            ]));
        }
    }
    out.push(Line::from(""));
    out.push(Line::from(fit(
        "Fee column: * marks the creator's own rate; others are estimates (followers × price per 1,000 × engagement adjustment).",
        width,
    )));
    out.push(Line::from(fit(
        "Eng/post column: ? marks figures that disagree (more engagements per post than average views); the detail pane says which.",
        width,
    )));
    out.push(Line::from(fit(
        "Engagements per post are the roster's average likes + comments (or engagements) when it has them, else followers × rate.",
        width,
    )));
    out
}

pub fn render(scroll: usize, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 96, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(" Help · j/k scroll · Esc close ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let all = lines(usize::from(inner.width));
    let max = all.len().saturating_sub(usize::from(inner.height));
    let text: Vec<Line> = all.into_iter().skip(scroll.min(max)).collect();
    frame.render_widget(Paragraph::new(text), inner);
}
