//! The load problems panel: rejected rows, notices and unreadable files, dismissable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::app::App;
use super::{centered, fit};

pub fn render(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    let h = (app.problems.len() as u16 + 3).min(area.height.saturating_sub(2));
    let rect = centered(area, area.width.saturating_sub(4).min(120), h);
    frame.render_widget(Clear, rect);
    let n = app.problems.len();
    let block = Block::bordered().title(format!(
        " {n} load problem{} · j/k scroll · Esc dismiss ",
        if n == 1 { "" } else { "s" }
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let rows = usize::from(inner.height);
    let start = scroll.min(n.saturating_sub(rows));
    let lines: Vec<Line> = app
        .problems
        .iter()
        .skip(start)
        .take(rows)
        .map(|p| Line::from(fit(p, w)))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
