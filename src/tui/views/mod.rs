//! The views: one function draws the whole screen from borrowed state, handing each pane and
//! dialog to its own file. Views read the state and never change it; every style comes from
//! [`theme`].

pub mod budget;
pub mod curve;
pub mod detail;
pub mod dialogs;
pub mod filters;
pub mod help;
pub mod mapping;
pub mod optimizer;
pub mod outreach;
pub mod problems;
pub mod results;
pub mod shortlist;
pub mod table;
pub mod timeline;

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::app::{self, App};
use crate::tui::keymap;
use crate::tui::layout::layout;

/// Roster or plan text as the screen shows it: control characters gone (see
/// [`sanitize`](crate::domain::roster::sanitize)), and emoji sequences in a form every
/// terminal draws in the columns measured here. Terminals give each code point its own width,
/// while a zero-width joiner, a variation selector or a skin-tone modifier asks some of them
/// (not others) to draw several code points as one glyph: a family emoji is 2 columns to one
/// terminal and 8 to another, and every column after it would shift. So joiners, variation
/// selectors, skin-tone modifiers and tag characters are dropped (a family shows as its
/// people, a toned thumb as a plain one), and a flag's two regional indicators show as the
/// country's letters (`🇸🇪` → `SE`). Only the screen sees this form: files keep the text as read.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    fn joined(c: char) -> bool {
        matches!(c,
            '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}'
            | '\u{e0000}'..='\u{e007f}' | '\u{1f1e6}'..='\u{1f1ff}')
    }
    let clean = crate::domain::roster::sanitize(text);
    if clean.is_ascii() || !clean.chars().any(joined) {
        return clean;
    }
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '\u{1f1e6}'..='\u{1f1ff}' => {
                out.push(char::from(b'A' + (u32::from(c) - 0x1f1e6) as u8));
            }
            c if joined(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `s` cut to `width` display columns, with `…` when cut. Wide characters (CJK, emoji) count
/// as two columns. The text is shown as [`shown`] makes it.
pub fn fit(s: &str, width: usize) -> String {
    let s = shown(s);
    let s = s.as_ref();
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `s` fitted and padded with spaces to exactly `width` columns, left or right aligned.
pub fn pad(s: &str, width: usize, right: bool) -> String {
    let s = fit(s, width);
    let gap = " ".repeat(width.saturating_sub(s.width()));
    if right { gap + &s } else { s + &gap }
}

/// Draws the whole screen from the state.
pub fn render(app: &App, frame: &mut Frame) {
    let areas = layout(frame.area());
    render_title(app, frame, areas.title);
    render_filter_line(app, frame, areas.filters);
    match app.focus {
        app::Focus::Table => {
            table::render(app, frame, areas.table);
            detail::render(app, frame, areas.side);
        }
        app::Focus::Shortlist => {
            shortlist::render(app, frame, areas.table);
            shortlist::render_side(app, frame, areas.side);
        }
        app::Focus::Filters => {
            table::render(app, frame, areas.table);
            filters::render_pane(app, frame, areas.side);
        }
    }
    budget::render_bar(app, frame, areas.budget);
    render_hint(app, frame, areas.hint);
    let full = frame.area();
    match &app.overlay {
        app::Overlay::None => {}
        app::Overlay::Help { scroll } => help::render(*scroll, frame, full),
        app::Overlay::Problems { scroll } => problems::render(app, *scroll, frame, full),
        app::Overlay::Picker(p) => filters::render_picker(app, p, frame, full),
        app::Overlay::Input(i) => dialogs::render_input(i, frame, full),
        app::Overlay::Confirm(c) => dialogs::render_confirm(app, c, frame, full),
        app::Overlay::Status { cursor } => dialogs::render_status(app, *cursor, frame, full),
        app::Overlay::Summary { scroll } => budget::render_summary(app, *scroll, frame, full),
        app::Overlay::Timeline { scroll } => timeline::render(app, *scroll, frame, full),
        app::Overlay::Results { measure } => results::render(app, *measure, frame, full),
        app::Overlay::Optimizing(job) => optimizer::render_progress(app, job, frame, full),
        app::Overlay::Sweeping(job) => curve::render_progress(app, job, frame, full),
        app::Overlay::Curve(view) => curve::render(app, view, frame, full),
        app::Overlay::Proposal { proposal, scroll } => {
            optimizer::render_proposal(app, proposal, *scroll, frame, full)
        }
        app::Overlay::Mapping(m) => mapping::render(m, frame, full),
        app::Overlay::Message(m) => outreach::render(m, frame, full),
    }
}

fn render_title(app: &App, frame: &mut Frame, area: Rect) {
    use crate::domain::number::grouped;
    let camp = &app.plan().campaign;
    let name = fit(&camp.name, 28);
    let mut spans = vec![
        Span::styled(" scout ", theme::badge()),
        Span::raw(" "),
        Span::styled(name, theme::strong()),
        Span::raw(if app.dirty() { " [+]" } else { "" }),
        Span::raw(" · "),
        Span::styled(
            format!(
                "{} of {} creators",
                grouped(app.view.rows.len() as u64),
                grouped(app.roster.len() as u64)
            ),
            theme::strong(),
        ),
        Span::styled(
            if app.load.loading {
                format!(" {}", loading_label(app))
            } else {
                String::new()
            },
            theme::strong(),
        ),
        Span::raw(format!(
            " · sort {} {}",
            app.view.sort.label(),
            if app.view.descending { "▼" } else { "▲" }
        )),
    ];
    if app.focus == app::Focus::Table && !app.load.loading {
        spans.push(Span::raw(" · fee * = own rate"));
    }
    if !app.load.problems.is_empty() {
        spans.push(Span::raw(format!(
            " · {} load problem{} (L)",
            app.load.problems.len(),
            if app.load.problems.len() == 1 {
                ""
            } else {
                "s"
            }
        )));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// What follows "X of N creators" in the title while a roster loads: `loaded · 14%`, the
/// share of the file's bytes whose rows are in (`loading…` when the size is unknown, as
/// for standard input or a pipe).
pub fn loading_label(app: &App) -> String {
    use std::sync::atomic::Ordering;
    let pct = app.load.progress.as_ref().and_then(|p| {
        let total = p.bytes_total.load(Ordering::Relaxed);
        let read = p.bytes_read.load(Ordering::Relaxed);
        (total > 0).then(|| (read.min(total) * 100 / total).min(99))
    });
    match pct {
        Some(pct) => format!("loaded · {pct}%…"),
        None => "loaded · loading…".into(),
    }
}

fn render_filter_line(app: &App, frame: &mut Frame, area: Rect) {
    let chips = app.view.filter_chips(&app.plan().campaign.currency);
    if let Some(line) = &app.view.search {
        let tail = "  (Enter keep, Esc clear)";
        let width = usize::from(area.width).saturating_sub(9 + tail.width());
        let mut spans = vec![Span::raw(" Search: ")];
        spans.extend(dialogs::field_spans(line, width.max(2)));
        spans.push(Span::raw(tail));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let text = if chips.is_empty() {
        " Filters: none  (n niche, t tier, p platform, c country, f/F followers, e engagement, $ fee)"
            .to_string()
    } else {
        format!(" Filters: {}  (X clears all)", chips.join(" · "))
    };
    frame.render_widget(Paragraph::new(fit(&text, usize::from(area.width))), area);
}

fn render_hint(app: &App, frame: &mut Frame, area: Rect) {
    // A sort running in the background says so while the table keeps its old order; a
    // message (what the last key did, or why it could not) takes the line until the next key.
    let sorting = app.view.sorting.as_ref().map(|_| {
        format!(
            "sorting {} creators by {}…",
            crate::domain::number::grouped(app.roster.len() as u64),
            app.view.sort.label()
        )
    });
    let saving = app.session.saving.as_ref().map(|job| {
        format!(
            "saving {} creators to {}…",
            crate::domain::number::grouped(job.entries as u64),
            job.path.display()
        )
    });
    if let Some(m) = saving
        .as_ref()
        .or(sorting.as_ref())
        .or(app.message.as_ref())
    {
        let text = fit(&format!(" {m}"), usize::from(area.width));
        frame.render_widget(Paragraph::new(Span::styled(text, theme::strong())), area);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = usize::from(area.width);
    for (keys, hint) in keymap::hints(app.context()) {
        let w = keys.width() + hint.width() + 3;
        if used + w > width {
            break;
        }
        used += w;
        spans.push(Span::raw(" "));
        spans.push(Span::styled(keys, theme::strong()));
        spans.push(Span::raw(format!(" {hint} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered box titled `title`, centred in `area` and at most `max_width` wide, showing `lines` from `scroll` (clamped so the
/// last page stays full). Used by the scrollable dialogs (summary, optimizer proposal).
pub fn render_scrolled(
    frame: &mut Frame,
    area: Rect,
    max_width: u16,
    title: &str,
    lines: impl FnOnce(usize) -> Vec<Line<'static>>,
    scroll: usize,
) {
    let rect = centered(
        area,
        area.width.saturating_sub(4).clamp(40, max_width),
        area.height.saturating_sub(2),
    );
    frame.render_widget(ratatui::widgets::Clear, rect);
    let block = ratatui::widgets::Block::bordered().title(title.to_string());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = lines(usize::from(inner.width));
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// A rectangle centred in `area`, at most `w` x `h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_sequences_are_shown_in_one_form_every_terminal_measures_alike() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(shown(family), "\u{1f468}\u{1f469}\u{1f467}");
        assert_eq!(shown("Lena \u{1f1f8}\u{1f1ea}"), "Lena SE");
        assert_eq!(shown("\u{1f44d}\u{1f3fd}"), "\u{1f44d}");
        assert_eq!(shown("\u{2764}\u{fe0f}"), "\u{2764}");
        // What the screen measures is what a per-code-point terminal draws.
        for s in [family, "Lena \u{1f1f8}\u{1f1ea}", "\u{1f44d}\u{1f3fd} ok"] {
            let per_code_point: usize = shown(s).chars().map(|c| c.width().unwrap_or(0)).sum();
            assert_eq!(shown(s).width(), per_code_point, "{s}");
        }
        // Plain and CJK text is left as it is, without a copy.
        assert!(matches!(
            shown("王小明 plain"),
            std::borrow::Cow::Borrowed(_)
        ));
        // Control characters never pass.
        assert_eq!(shown("a\u{1b}[2Jb"), "a[2Jb");
    }
}
