//! The load problems panel: rejected rows, notices and unreadable files, dismissable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::centered;
use crate::tui::app::App;

/// `text` cut into lines of at most `width` columns, at spaces where it can be (a word
/// longer than a line is split); lines after the first are indented, so each problem
/// stays one block. A problem's fix (`use --set platform=NAME ...`) often ends a long line:
/// it must be read whole, never cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    const INDENT: &str = "  ";
    let width = width.max(INDENT.len() + 1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        let gap = usize::from(used > 0);
        if used > 0 && used + gap + w > width {
            lines.push(std::mem::take(&mut line));
            line.push_str(INDENT);
            used = INDENT.len();
        } else if gap == 1 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > INDENT.len() {
                lines.push(std::mem::take(&mut line));
                line.push_str(INDENT);
                used = INDENT.len();
            }
            line.push(c);
            used += cw;
        }
    }
    lines.push(line);
    lines
}

pub fn render(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    let rect_w = area.width.saturating_sub(4).min(120);
    let w = usize::from(rect_w.saturating_sub(2));
    let wrapped: Vec<Vec<String>> = app.load.problems.iter().map(|p| wrap(p, w)).collect();
    let total: usize = wrapped.iter().map(Vec::len).sum();
    // Borders and a blank line under the last problem.
    let h = (total.min(usize::from(u16::MAX)) as u16 + 3).min(area.height.saturating_sub(2));
    let rect = centered(area, rect_w, h);
    frame.render_widget(Clear, rect);
    let n = app.load.problems.len();
    let block = Block::bordered().title(format!(
        " {n} load problem{} · j/k scroll · Esc dismiss ",
        if n == 1 { "" } else { "s" }
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = usize::from(inner.height);
    // Scrolling is by problem; past the point where the last problems fill the panel, the
    // view stays put.
    let mut last_start = n;
    let mut below = 0;
    while last_start > 0 && below + wrapped[last_start - 1].len() <= rows {
        last_start -= 1;
        below += wrapped[last_start].len();
    }
    let start = scroll.min(last_start);
    let lines: Vec<Line> = wrapped
        .iter()
        .skip(start)
        .flatten()
        .take(rows)
        .map(|l| Line::from(l.clone()))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_indents_and_splits_only_overlong_words() {
        assert_eq!(wrap("short", 20), ["short"]);
        assert_eq!(
            wrap("no platform column; use --set platform=NAME", 20),
            ["no platform column;", "  use --set", "  platform=NAME"]
        );
        assert_eq!(wrap("abcdefghij", 6), ["abcdef", "  ghij"]);
        // Wide characters count two columns.
        assert_eq!(
            wrap("美食 美食家小王", 6),
            ["美食", "  美食", "  家小", "  王"]
        );
        for line in wrap(&"word ".repeat(50), 13) {
            assert!(line.chars().count() <= 13, "{line:?}");
        }
    }
}
