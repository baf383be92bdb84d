//! Every style the planner draws with. A view asks for what a thing is (a header, the
//! selection, a declined entry, money over budget) and this file says how it looks, so a
//! light-terminal theme or another palette is a change here alone.
//!
//! Nearly everything is drawn with modifiers (bold, reversed, underlined, dim), which every
//! terminal shows in its own colours, light or dark; the selected row is reversed, so it shows
//! with colour off too. The few colours (the budget gauge, the summary's bars) are dropped
//! when `NO_COLOR` is set to anything non-empty (<https://no-color.org>): the same screen in
//! the terminal's own colours.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

/// Whether colours may be used: not when `NO_COLOR` is set and non-empty. Read once.
fn colors() -> bool {
    static COLORS: OnceLock<bool> = OnceLock::new();
    *COLORS.get_or_init(|| colors_allowed(std::env::var_os("NO_COLOR")))
}

/// `NO_COLOR` turns colours off when it is set and not empty.
fn colors_allowed(no_color: Option<std::ffi::OsString>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

fn fg(color: Color) -> Style {
    if colors() {
        Style::new().fg(color)
    } else {
        Style::new()
    }
}

/// Text as it is.
pub fn plain() -> Style {
    Style::new()
}

/// What the eye should find first: titles, totals, the message line, key names.
pub fn strong() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A table's or a section's header row.
pub fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// The app's name in the title bar.
pub fn badge() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// The selected line of a list or picker, and a text field's cursor.
pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// The selected row of the pane that has the keys.
pub fn selected_focused() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// A text field's value before the first key: typing replaces it.
pub fn fresh_value() -> Style {
    Style::new().add_modifier(Modifier::UNDERLINED)
}

/// A shortlist entry that declined: kept, not counted.
pub fn declined() -> Style {
    Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT)
}

/// The budget bar's head when the spend is over the budget.
pub fn over_budget() -> Style {
    fg(Color::Red).add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

/// A deliverable past its due date and not published.
pub fn overdue() -> Style {
    fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// The budget gauge: over budget, nearly spent (90% and more), or with room.
pub fn gauge(over: bool, nearly: bool) -> Style {
    if over {
        fg(Color::Red)
    } else if nearly {
        fg(Color::Yellow)
    } else {
        fg(Color::Green)
    }
}

/// The summary's spend bars.
pub fn spend_bar() -> Style {
    fg(Color::Cyan)
}

/// The summary's objective bars (expected engagements or reach).
pub fn value_bar() -> Style {
    fg(Color::Magenta)
}

/// The results view's expected bars (labelled `exp` too, for when colour is off).
pub fn expected_bar() -> Style {
    fg(Color::Blue)
}

/// The results view's actual bars (labelled `act`).
pub fn actual_bar() -> Style {
    fg(Color::Green)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_and_not_empty_turns_colours_off() {
        assert!(colors_allowed(None));
        assert!(colors_allowed(Some("".into())));
        assert!(!colors_allowed(Some("1".into())));
    }

    #[test]
    fn the_selection_shows_without_colour() {
        // Reversed video, not a colour: the selected row is visible under NO_COLOR too.
        assert!(selected().add_modifier.contains(Modifier::REVERSED));
        assert_eq!(selected().fg, None);
        assert_eq!(selected_focused().bg, None);
    }
}
