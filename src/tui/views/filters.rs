//! The filters pane and the pickers (niche, tier, platform, country).

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{centered, pad};
use crate::domain::number::grouped;
use crate::tui::app::{App, FILTER_ROWS, Picker};

/// The filters pane: one row per kind of filter, with its value.
pub fn render_pane(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::new()
        .borders(Borders::TOP)
        .title(" Filters: Enter edit · x clear one · X clear all ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let rows = usize::from(inner.height).max(1);
    let start = app.view.filter_cursor.saturating_sub(rows - 1);
    let lines: Vec<Line> = FILTER_ROWS
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(k, label)| {
            let text = pad(
                &format!(
                    " {label:<15} {}",
                    app.view.filter_row_value(k, &app.plan().campaign.currency)
                ),
                w,
                false,
            );
            if k == app.view.filter_cursor {
                Line::from(Span::styled(text, theme::selected()))
            } else {
                Line::from(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A picker dialog: every item with its count in the current view and a check box.
pub fn render_picker(app: &App, p: &Picker, frame: &mut Frame, area: Rect) {
    // At least a border and one item where the screen has room, never more than it has
    // (`centered` cuts the box to the screen).
    let h = (p.items.len() as u16 + 2).min(area.height.saturating_sub(2).max(3));
    let rect = centered(area, 44, h);
    frame.render_widget(Clear, rect);
    let block =
        Block::bordered().title(format!(" {} · Space toggle · Enter close ", p.kind.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = usize::from(inner.height).max(1);
    let start = p.cursor.saturating_sub(rows - 1);
    let w = usize::from(inner.width);
    let lines: Vec<Line> = if p.items.is_empty() {
        vec![Line::from(" (none in this roster)")]
    } else {
        p.items
            .iter()
            .enumerate()
            .skip(start)
            .take(rows)
            .map(|(k, item)| {
                let mark = if app.view.is_picked(p.kind, &item.name) {
                    "[x]"
                } else {
                    "[ ]"
                };
                let count = grouped(item.count as u64);
                let name_w = w.saturating_sub(count.len() + 6);
                let text = format!(" {mark} {} {count} ", pad(&item.name, name_w, false));
                let style = if k == p.cursor {
                    theme::selected()
                } else {
                    theme::plain()
                };
                Line::from(Span::styled(text, style))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
