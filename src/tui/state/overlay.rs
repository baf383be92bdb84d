//! The dialog over the panes, each variant owning its own state: a picker its items and
//! cursor, a text field its line and error, the optimizer's progress its running search.

use std::path::PathBuf;

use crate::domain::creator::Platform;
use crate::domain::curve::Curve;
use crate::domain::money::Money;
use crate::domain::outreach::Draft;
use crate::domain::proposal::{Problem, Proposal};

use super::super::action::{InputKind, PickerKind};
use super::super::jobs::{CurveJob, OptimizerJob};
use super::super::line_input::LineInput;

/// One line of a picker.
#[derive(Clone, Debug)]
pub struct PickItem {
    pub name: String,
    pub count: usize,
}

#[derive(Clone, Debug)]
pub struct Picker {
    pub kind: PickerKind,
    pub items: Vec<PickItem>,
    pub cursor: usize,
}

#[derive(Clone, Debug)]
pub struct Input {
    pub kind: InputKind,
    pub line: LineInput,
    pub error: Option<String>,
    /// The shortlist entry a fee, posts or note input edits.
    pub target: Option<(Platform, String)>,
    /// Quit once the plan is saved (a save path asked for on the way out).
    pub then_quit: bool,
}

/// A yes/no question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit with unsaved changes: save first?
    Quit,
    /// A recovery file with unsaved changes was found at start: restore it?
    Restore { summary: String },
    /// Saving would replace another file.
    Overwrite { path: PathBuf, then_quit: bool },
    /// The plan's file changed on disk since scout read or saved it (an editor, `git pull`):
    /// overwrite it, save elsewhere, or reload it and re-apply this session's edits.
    ChangedOnDisk { path: PathBuf, then_quit: bool },
}

/// The outreach message to one creator, filled in when the preview opens (drawing never
/// renders the template again).
#[derive(Clone, Debug)]
pub struct MessagePreview {
    pub platform: Platform,
    pub handle: String,
    /// `Name <address>` when the creator has a plausible address; else why not.
    pub to: Result<String, String>,
    /// Whether the creator is in the shortlist (a roster creator's message uses the
    /// deliverables a new entry would get).
    pub listed: bool,
    pub draft: Draft,
    pub scroll: usize,
}

/// The budget curve on screen: the points, the one under the cursor, and the problem they
/// were swept over (a point's proposal is built against it).
#[derive(Debug)]
pub struct CurveView {
    pub curve: Curve,
    pub cursor: usize,
    pub problem: Problem,
    /// The plan's budget when the curve was computed, marked on it.
    pub budget: Money,
}

/// A dialog over the panes.
#[derive(Debug)]
pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    Problems {
        scroll: usize,
    },
    Picker(Picker),
    Input(Input),
    Confirm(Confirm),
    /// Choosing the selected entry's outreach status.
    Status {
        cursor: usize,
    },
    Summary {
        scroll: usize,
    },
    /// The deliverables by due date.
    Timeline {
        scroll: usize,
    },
    /// Expected against actual, charted by tier and niche in one measure.
    Results {
        measure: Measure,
    },
    /// The optimizer is searching (progress; Esc cancels): the search belongs to the overlay
    /// that shows it, so closing the overlay stops it.
    Optimizing(OptimizerJob),
    /// The optimizer's answer, to accept or dismiss.
    Proposal {
        proposal: Box<Proposal>,
        scroll: usize,
    },
    /// Which column feeds each field of a roster file, with a preview; changes are read at
    /// once when accepted.
    Mapping(Box<super::MappingScreen>),
    /// The outreach message to the selected creator, to save or copy.
    Message(Box<MessagePreview>),
    /// The budget curve is being swept (progress; Esc cancels); the sweep belongs to it.
    Sweeping(CurveJob),
    /// The budget curve, with a cursor on one budget.
    Curve(Box<CurveView>),
}

impl Overlay {
    /// Which dialog this is, without its state.
    pub fn kind(&self) -> OverlayKind {
        match self {
            Overlay::None => OverlayKind::None,
            Overlay::Help { .. } => OverlayKind::Help,
            Overlay::Problems { .. } => OverlayKind::Problems,
            Overlay::Picker(_) => OverlayKind::Picker,
            Overlay::Input(_) => OverlayKind::Input,
            Overlay::Confirm(_) => OverlayKind::Confirm,
            Overlay::Status { .. } => OverlayKind::Status,
            Overlay::Summary { .. } => OverlayKind::Summary,
            Overlay::Timeline { .. } => OverlayKind::Timeline,
            Overlay::Results { .. } => OverlayKind::Results,
            Overlay::Optimizing(_) => OverlayKind::Optimizing,
            Overlay::Proposal { .. } => OverlayKind::Proposal,
            Overlay::Mapping(_) => OverlayKind::Mapping,
            Overlay::Message(_) => OverlayKind::Message,
            Overlay::Sweeping(_) => OverlayKind::Sweeping,
            Overlay::Curve(_) => OverlayKind::Curve,
        }
    }
}

/// Which dialog is open, for tests and for code that only needs to know that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayKind {
    None,
    Help,
    Problems,
    Picker,
    Input,
    Confirm,
    Status,
    Summary,
    Timeline,
    Results,
    Optimizing,
    Proposal,
    Mapping,
    Message,
    Sweeping,
    Curve,
}

/// What the results view charts, expected against actual.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    #[default]
    Engagements,
    Reach,
    CostPerEngagement,
}

impl Measure {
    /// The next one, round (Tab in the results view).
    pub fn next(self) -> Measure {
        match self {
            Measure::Engagements => Measure::Reach,
            Measure::Reach => Measure::CostPerEngagement,
            Measure::CostPerEngagement => Measure::Engagements,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::Engagements => "engagements",
            Measure::Reach => "reach",
            Measure::CostPerEngagement => "cost per engagement",
        }
    }
}
