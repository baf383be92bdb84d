//! Dialogs over the panes: a one-line text field, a yes/no question, the status picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthChar;

use super::app::{App, Confirm, Input};
use super::{centered, fit};
use crate::domain::plan::Status;
use crate::domain::roster::sanitize;

/// The text field: the text around the cursor, the cursor as a reversed cell, and under it
/// what the field takes or why the value was refused.
pub fn render_input(i: &Input, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 64, 5);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(format!(" {} · Enter apply · Esc cancel ", i.kind.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let (text, cursor) = i.line.window(w.saturating_sub(4));
    // Split the shown text at the cursor's column.
    let mut before = String::new();
    let mut at = String::new();
    let mut after = String::new();
    let mut col = 0;
    for c in text.chars() {
        if col < cursor {
            before.push(c);
        } else if at.is_empty() {
            at.push(c);
        } else {
            after.push(c);
        }
        col += c.width().unwrap_or(0);
    }
    if at.is_empty() {
        at.push(' ');
    }
    // A fresh value is shown selected: typing replaces it.
    let text_style = if i.line.is_fresh() {
        Style::new().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::new()
    };
    let field = Line::from(vec![
        Span::raw(" > "),
        Span::styled(before, text_style),
        Span::styled(at, Style::new().add_modifier(Modifier::REVERSED)),
        Span::styled(after, text_style),
    ]);
    let help = match &i.error {
        Some(e) => Line::from(Span::styled(
            fit(&format!(" ✗ {e}"), w),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        None => Line::from(fit(&format!(" {}", i.kind.help()), w)),
    };
    frame.render_widget(Paragraph::new(vec![field, help]), inner);
}

pub fn render_confirm(app: &App, c: &Confirm, frame: &mut Frame, area: Rect) {
    let (title, text) = match c {
        Confirm::Quit => (
            " Unsaved changes ",
            format!(
                "\"{}\" has changes that are not saved.\n\ny  save, then quit\nn  quit without saving\nEsc  back to the planner",
                sanitize(&app.plan().campaign.name)
            ),
        ),
        Confirm::Restore { summary } => (
            " Recover unsaved changes? ",
            format!(
                "scout did not close normally last time. Unsaved changes were kept:\n{}\n\ny  restore them\nn  discard them",
                sanitize(summary)
            ),
        ),
        Confirm::Overwrite { path, .. } => (
            " Replace the file? ",
            format!(
                "{} already exists.\n\ny  replace it (the old one is kept as .bak)\nn  choose another name",
                sanitize(&path.display().to_string())
            ),
        ),
    };
    let rect = centered(area, 62, 9);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(title);
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
        rect,
    );
}

pub fn render_status(app: &App, cursor: usize, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 40, Status::ALL.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let who = app
        .selected_entry()
        .map(|e| format!(" Status of @{} ", sanitize(&e.handle)))
        .unwrap_or_else(|| " Status ".into());
    let block = Block::bordered().title(fit(&who, 38));
    let current = app.selected_entry().map(|e| e.status);
    let lines: Vec<Line> = Status::ALL
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let mark = if Some(s) == current { "●" } else { " " };
            let note = if s == Status::Declined {
                "  (not counted)"
            } else {
                ""
            };
            let style = if k == cursor {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            Line::from(Span::styled(format!(" {mark} {}{note}", s.key()), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
