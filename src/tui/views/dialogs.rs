//! Dialogs over the panes: a one-line text field, a yes/no question, the status picker.

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthChar;

use super::shown;
use super::{centered, fit};
use crate::domain::plan::Status;
use crate::tui::app::{App, Confirm, Input};
use crate::tui::line_input::LineInput;

/// The text field: the text around the cursor, the cursor as a reversed cell, and under it
/// what the field takes or why the value was refused.
pub fn render_input(i: &Input, frame: &mut Frame, area: Rect) {
    // What the field takes, or why a value was refused, wrapped to at most four lines.
    let width = area.width.min(64);
    let w = usize::from(width.saturating_sub(2));
    let (note, style) = match &i.error {
        Some(e) => (format!("✗ {e}"), theme::strong()),
        None => (i.kind.help().to_string(), theme::plain()),
    };
    let mut notes = word_wrap(&note, w.saturating_sub(2).max(8));
    if notes.len() > 4 {
        notes.truncate(4);
        notes[3].push('…');
    }
    let rect = centered(area, width, 4 + notes.len() as u16);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(format!(" {} · Enter apply · Esc cancel ", i.kind.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut field = vec![Span::raw(" > ")];
    field.extend(field_spans(&i.line, w.saturating_sub(4)));
    let mut lines = vec![Line::from(field)];
    lines.extend(
        notes
            .iter()
            .map(|n| Line::from(Span::styled(fit(&format!(" {n}"), w), style))),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A text field in `width` columns: the text around the cursor, the cursor as a reversed
/// cell, a fresh value (which typing replaces) underlined.
pub fn field_spans(line: &LineInput, width: usize) -> Vec<Span<'static>> {
    let (text, cursor) = line.window(width);
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
    let text_style = if line.is_fresh() {
        theme::fresh_value()
    } else {
        theme::plain()
    };
    vec![
        Span::styled(before, text_style),
        Span::styled(at, theme::selected()),
        Span::styled(after, text_style),
    ]
}

/// Greedy word wrap by display width; a word longer than the width gets a line of its own
/// (cut by the caller's `fit`).
pub(super) fn word_wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

pub fn render_confirm(app: &App, c: &Confirm, frame: &mut Frame, area: Rect) {
    let (title, text) = match c {
        Confirm::Quit => (
            " Unsaved changes ",
            format!(
                "\"{}\" has changes that are not saved.\n\ny  save, then quit\nn  quit without saving\nEsc  back to the planner",
                shown(&app.plan().campaign.name)
            ),
        ),
        Confirm::Restore { summary } => (
            " Recover unsaved changes? ",
            format!(
                "scout did not close normally last time. Unsaved changes were kept:\n{}\n\ny  restore them\nn  discard them",
                shown(summary)
            ),
        ),
        Confirm::ChangedOnDisk { path, .. } => (
            " The plan changed on disk ",
            format!(
                "{} changed since scout read it (an editor, a git pull?).\n\ny  overwrite it (that version is kept as .bak)\nn  save this plan under another name\nr  reload it and re-apply your edits\nEsc  back to the planner",
                shown(&path.display().to_string())
            ),
        ),
        Confirm::Overwrite { path, .. } => (
            " Replace the file? ",
            format!(
                "{} already exists.\n\ny  replace it (the old one is kept as .bak)\nn  choose another name",
                shown(&path.display().to_string())
            ),
        ),
    };
    // As tall as the text wrapped inside the box needs (at least the usual nine rows).
    let rows: usize = text.lines().map(|l| word_wrap(l, 60).len()).sum();
    let rect = centered(area, 62, (rows as u16 + 2).max(9));
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
        .map(|e| format!(" Status of @{} ", shown(&e.handle)))
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
                theme::selected()
            } else {
                theme::plain()
            };
            Line::from(Span::styled(format!(" {mark} {}{note}", s.key()), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

#[cfg(test)]
mod tests {
    use super::word_wrap;

    #[test]
    fn words_wrap_at_the_width_and_long_words_keep_a_line() {
        assert_eq!(
            word_wrap("one two three four", 9),
            ["one two", "three", "four"]
        );
        assert_eq!(word_wrap("", 9), [""]);
        assert_eq!(
            word_wrap("a averyveryverylongword b", 6),
            ["a", "averyveryverylongword", "b"]
        );
        assert_eq!(word_wrap("café 東京 x", 7), ["café", "東京 x"]);
    }
}
