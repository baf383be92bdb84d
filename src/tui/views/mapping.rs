//! The mapping screen: each field with the column it is read from (or none) and why, the
//! first rows as scout would read them, and how many of them would load.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit, pad};
use crate::domain::number::grouped;
use crate::io::roster::Field;
use crate::tui::state::MappingScreen;
use crate::tui::theme;

/// Preview rows shown when there is room for them all.
const PREVIEW_ROWS: usize = 8;

pub fn render(m: &MappingScreen, frame: &mut Frame, area: Rect) {
    // As tall as its content (every field, the ignored columns, the preview), at most the
    // screen less the title and hint lines.
    let content = 3
        + Field::ALL.len()
        + usize::from(!m.mapping.ignored.is_empty())
        + m.preview.len().clamp(1, PREVIEW_ROWS)
        + 2;
    let rect = centered(
        area,
        area.width.min(140),
        area.height
            .saturating_sub(2)
            .min(u16::try_from(content).unwrap_or(u16::MAX)),
    );
    frame.render_widget(Clear, rect);
    let name = std::path::Path::new(&m.mapping.label)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| m.mapping.label.clone());
    let block = Block::bordered().title(fit(
        &format!(" Columns of {name} "),
        usize::from(rect.width.saturating_sub(2)),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if width == 0 || height == 0 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    let (ok, bad) = m.counts();
    let missing = m.mapping.missing();
    let status = if missing.is_empty() {
        let of = match m.preview.len() {
            1 => "Of the only row read ahead".to_string(),
            n => format!("Of the first {} rows", grouped(n as u64)),
        };
        format!(
            "{of}: {} would load, {} rejected",
            grouped(ok as u64),
            grouped(bad as u64)
        )
    } else {
        let names: Vec<&str> = missing.iter().map(|f| f.key()).collect();
        format!(
            "No {}: every row is rejected. h/l picks a column, s sets a platform",
            names.join(", ")
        )
    };
    lines.push(Line::from(Span::styled(
        fit(&status, width),
        theme::strong(),
    )));
    // Fields, then the preview: the preview keeps at least its header and three rows.
    let ignored = ignored_line(m, width);
    let fixed = 1 + 1 + 1 + usize::from(ignored.is_some());
    let preview_want = m.preview.len().clamp(1, PREVIEW_ROWS);
    let room = height.saturating_sub(fixed);
    let field_rows = Field::ALL
        .len()
        .min(room.saturating_sub(preview_want.min(3)))
        .max(1);
    let preview_rows = room.saturating_sub(field_rows).min(preview_want);
    let key_w = 17;
    let src_w = (width.saturating_sub(key_w + 2) * 11 / 20).max(8);
    let why_w = width.saturating_sub(key_w + 2 + src_w + 1);
    lines.push(Line::from(Span::styled(
        fit(
            &format!(
                "  {}{} {}",
                pad("field", key_w, false),
                pad("column", src_w, false),
                "from"
            ),
            width,
        ),
        theme::header(),
    )));
    let first = m
        .cursor
        .saturating_sub(field_rows.saturating_sub(1))
        .min(Field::ALL.len().saturating_sub(field_rows));
    for (i, field) in Field::ALL.iter().enumerate().skip(first).take(field_rows) {
        let fm = m.mapping.get(*field);
        let read = !missing.contains(field)
            && fm.is_some_and(|f| f.feed != crate::io::roster::Feed::None)
            || (*field == Field::Platform && m.mapping.urls.is_some());
        let source = if read {
            m.mapping.source_text(*field)
        } else if field.is_required() {
            "MISSING".to_string()
        } else {
            "-".to_string()
        };
        let mut why = fm.map(|f| f.why.describe()).unwrap_or_default();
        if read && why.is_empty() {
            why = "its name".into();
        }
        if !read {
            why.clear();
        }
        let marker = if i == m.cursor { "› " } else { "  " };
        let text = format!(
            "{marker}{}{} {}",
            pad(field.key(), key_w, false),
            pad(&source, src_w, false),
            fit(&why, why_w)
        );
        let style = if i == m.cursor {
            theme::selected_focused()
        } else if !read && field.is_required() {
            theme::strong()
        } else {
            theme::plain()
        };
        lines.push(Line::from(Span::styled(pad(&text, width, false), style)));
    }
    if let Some(l) = ignored {
        lines.push(Line::from(l));
    }
    lines.push(Line::from(Span::styled(
        fit(
            &format!(
                "{} {} {} {} {}",
                pad("line", 6, true),
                pad("handle", 20, false),
                pad("platform", 10, false),
                pad("followers", 11, true),
                "name"
            ),
            width,
        ),
        theme::header(),
    )));
    for row in m.preview.iter().take(preview_rows) {
        let text = match &row.read {
            Ok(c) => format!(
                "{} {} {} {} {}",
                pad(&row.line.to_string(), 6, true),
                pad(&c.handle, 20, false),
                pad(c.platform.key(), 10, false),
                pad(&grouped(c.followers), 11, true),
                c.name
            ),
            Err(reason) => format!("{} rejected: {reason}", pad(&row.line.to_string(), 6, true)),
        };
        lines.push(Line::from(fit(&text, width)));
    }
    if m.preview.is_empty() && preview_rows > 0 {
        lines.push(Line::from(fit("   (no rows to preview)", width)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn ignored_line(m: &MappingScreen, width: usize) -> Option<String> {
    let names: Vec<String> = m
        .mapping
        .ignored
        .iter()
        .filter_map(|&i| m.mapping.names.get(i))
        .map(|n| crate::domain::text::quote_data(n))
        .collect();
    (!names.is_empty()).then(|| fit(&format!("  ignored: {}", names.join(", ")), width))
}
