//! The planner's state, in parts that each own their data: the roster view, the session (the
//! plan and its file), the shortlist pane, the load, the overlay (each dialog with its own
//! state, the optimizer's search included), and the figures the results view charts.
//! [`App`](super::app::App) holds one of each and is the only place they change together
//! (`App::update`).

pub mod load;
pub mod mapping;
pub mod overlay;
pub mod results;
pub mod session;
pub mod shortlist;
pub mod view;

pub use load::LoadState;
pub use mapping::{LoadSetup, MappingScreen};
pub use overlay::{Confirm, CurveView, Input, Overlay, OverlayKind, PickItem, Picker};
pub use results::ResultsFigures;
pub use session::Session;
pub use shortlist::ShortlistState;
pub use view::RosterView;
