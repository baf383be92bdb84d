//! The edge between the terminal and the planner's state: crossterm's events become
//! [`Action`]s (keys through the keymap), and only actions reach [`App::update`]. The state
//! itself never sees a terminal type.

use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::action::Action;
use super::app::App;
use super::keymap;

/// A key pressed in the planner: what the keymap says it means right now, applied.
pub fn press(app: &mut App, key: &KeyEvent) {
    if let Some(a) = keymap::action_for(app.context(), key) {
        app.update(a);
    }
}

/// What an event asks the planner to do right now (a key through the keymap, in the current
/// context), without doing it: the event loop handles `Suspend` itself.
pub fn action_of(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => keymap::action_for(app.context(), k),
        ev => pointer_action(ev),
    }
}

/// The action a mouse or resize event stands for (keys go through [`press`]).
fn pointer_action(ev: &Event) -> Option<Action> {
    match ev {
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::WheelDown),
            MouseEventKind::ScrollUp => Some(Action::WheelUp),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

/// One terminal event, applied to the planner. Only key presses count (not releases or
/// repeats reported separately); pasted text goes to the open text field as a whole.
pub fn handle(app: &mut App, ev: Event) {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => press(app, &k),
        Event::Paste(text) => app.paste(&text),
        ev => {
            if let Some(a) = pointer_action(&ev) {
                app.update(a);
            }
        }
    }
}
