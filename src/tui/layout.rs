//! Where each part of the screen goes: shared by the views (to draw) and the state (to turn a
//! click into a row, and to know how many rows a page holds). Geometry only, no drawing.

use ratatui::layout::{Constraint, Layout, Rect};

/// Where each part of the screen goes. The table area holds the roster table or, when the
/// shortlist pane has the focus, the shortlist; the budget bar is always on screen.
#[derive(Clone, Copy, Debug)]
pub struct Areas {
    pub title: Rect,
    pub filters: Rect,
    pub table: Rect,
    pub side: Rect,
    pub budget: Rect,
    pub hint: Rect,
}

/// Screens at least this wide put the side pane to the right of the table; narrower ones
/// put it below.
pub const WIDE: u16 = 170;

pub fn layout(area: Rect) -> Areas {
    let [title, filters, body, budget, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (table, side) = if area.width >= WIDE {
        let [t, _gap, s] = Layout::horizontal([
            Constraint::Min(40),
            Constraint::Length(2),
            Constraint::Length(52),
        ])
        .areas(body);
        (t, s)
    } else {
        let side_h = if body.height >= 30 { 14 } else { 10 };
        let [t, s] = Layout::vertical([Constraint::Min(3), Constraint::Length(side_h)]).areas(body);
        (t, s)
    };
    Areas {
        title,
        filters,
        table,
        side,
        budget,
        hint,
    }
}

/// The table area on a screen `size` (columns, rows) big.
fn table_area(size: (u16, u16)) -> Rect {
    layout(Rect::new(0, 0, size.0, size.1)).table
}

/// Rows of the table (or the shortlist in its place) that fit on a screen `size` big, below
/// the header: what a page is.
pub fn table_rows(size: (u16, u16)) -> usize {
    usize::from(table_area(size).height.saturating_sub(1)).max(1)
}

/// The table row (0 = the first shown, below the header) at screen cell `x`, `y`; `None`
/// outside the table's rows.
pub fn table_row_at(size: (u16, u16), x: u16, y: u16) -> Option<usize> {
    let t = table_area(size);
    if x < t.x || x >= t.x + t.width || y <= t.y || y >= t.y + t.height {
        return None;
    }
    Some(usize::from(y - t.y - 1))
}
