//! What the planner can be asked to do, and the kinds that name its modes: the one vocabulary
//! shared by the keymap (keys -> actions), the state (`App::update`) and the help screen. No
//! terminal types here: the event loop turns crossterm's keys into these.

/// What a key (or mouse, or resize) asks the planner to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    WheelUp,
    WheelDown,
    Click(u16, u16),
    Resize(u16, u16),
    SortNext,
    SortReverse,
    StartSearch,
    Type(char),
    Backspace,
    Confirm,
    Cancel,
    Toggle,
    OpenPicker(PickerKind),
    OpenInput(InputKind),
    ClearFilters,
    ClearOne,
    NextPane,
    ShowProblems,
    Help,
    Quit,
    /// Hand the terminal back to the shell and stop (`Ctrl-z`); the event loop does it.
    Suspend,
    /// Reload the plan's file, changed on disk, and re-apply this session's edits.
    Reload,
    // Text fields
    Left,
    Right,
    Home,
    End,
    Delete,
    ClearLine,
    // The shortlist and the plan
    /// Add the selected creator to the shortlist, or remove them.
    ToggleListed,
    /// Remove the selected shortlist entry.
    RemoveEntry,
    /// Take the roster's new figures for the selected entry (Δ).
    TakeFigures,
    MorePosts,
    FewerPosts,
    NextFormat,
    StatusNext,
    StatusPrev,
    PickStatus,
    ToggleObjective,
    Undo,
    Redo,
    Save,
    Export,
    Summary,
    /// The deliverables by due date.
    Timeline,
    /// Expected against actual: totals and charts by tier and niche.
    Results,
    Optimize,
    /// Preview the outreach message to the selected creator.
    PreviewMessage,
    /// Save the previewed message to a file.
    SaveMessage,
    /// Copy the previewed message to the terminal's clipboard (OSC 52).
    CopyMessage,
    /// The budget curve: the optimum at budgets around the plan's.
    Curve,
    Yes,
    No,
    // The mapping screen
    /// Open the mapping screen: how the roster file's columns are read.
    ShowMapping,
    /// Set a platform for every row (cycles through the platforms, then back to automatic).
    CyclePlatform,
    /// Save the mapping as a profile in the config.
    SaveProfile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickerKind {
    Niche,
    Tier,
    Platform,
    Country,
}

impl PickerKind {
    pub fn title(self) -> &'static str {
        match self {
            PickerKind::Niche => "Niches",
            PickerKind::Tier => "Tiers",
            PickerKind::Platform => "Platforms",
            PickerKind::Country => "Countries",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    MinFollowers,
    MaxFollowers,
    MinEngagement,
    MaxFee,
    Budget,
    CampaignName,
    /// Deliverables a newly added creator starts with.
    DefaultPosts,
    /// The selected entry's fee (negotiated price).
    Fee,
    /// The selected entry's number of deliverables.
    Posts,
    /// The selected entry's note.
    Note,
    /// The selected entry's gifted product value and shipping.
    Gift,
    /// The selected entry's commission rate on sales.
    Commission,
    /// The selected entry's due date.
    Due,
    /// The selected entry's published date and post URL.
    Published,
    /// The selected entry's actual results.
    Results,
    /// The selected entry's name, email, country and profile URL.
    Contact,
    SavePath,
    ExportPath,
    /// The optimizer's side constraints, typed as one line.
    OptimizeLimits,
    /// Where to save the previewed outreach message.
    MessagePath,
}

impl InputKind {
    pub fn title(self) -> &'static str {
        match self {
            InputKind::MinFollowers => "Minimum followers",
            InputKind::MaxFollowers => "Maximum followers",
            InputKind::MinEngagement => "Minimum engagement rate",
            InputKind::MaxFee => "Maximum fee per post",
            InputKind::Budget => "Campaign budget",
            InputKind::CampaignName => "Campaign name",
            InputKind::DefaultPosts => "Deliverables per new creator",
            InputKind::Fee => "Negotiated fee (all posts)",
            InputKind::Posts => "Posts for this creator",
            InputKind::Note => "Note",
            InputKind::Gift => "Gifted product (value + shipping)",
            InputKind::Commission => "Commission on sales",
            InputKind::Due => "Due date",
            InputKind::Published => "Published (date and post URL)",
            InputKind::Results => "Results of the published posts",
            InputKind::Contact => "Contact details",
            InputKind::SavePath => "Save the plan as",
            InputKind::ExportPath => "Export the plan to",
            InputKind::OptimizeLimits => "Optimize over the view: limits",
            InputKind::MessagePath => "Save the message as",
        }
    }

    /// What the field takes, shown under it until an error replaces it.
    pub fn help(self) -> &'static str {
        match self {
            InputKind::MinFollowers | InputKind::MaxFollowers => {
                "48200, 48.2k or 1.3M; empty clears the filter"
            }
            InputKind::MinEngagement => "3%, 0.03 or 3; empty clears the filter",
            InputKind::MaxFee => "an amount; empty clears the filter",
            InputKind::Budget => {
                "an amount: 15000, 15,000 or 15k; 15k EUR sets the currency (empty shortlist)"
            }
            InputKind::CampaignName => "any text",
            InputKind::DefaultPosts => {
                "posts and format: 1, 2 stories, 1 reel (none: standard post)"
            }
            InputKind::Posts => "a whole number, 1 or more",
            InputKind::Fee => "the agreed price; empty goes back to the rate or estimate",
            InputKind::Note => "free text; empty clears the note",
            InputKind::Gift => {
                "product value, then + shipping: 120 or 120 + 15; counts toward the budget; empty: none"
            }
            InputKind::Commission => {
                "a rate on sales: 15% or 0.15; paid later, not up front; empty: none"
            }
            InputKind::Due => "YYYY-MM-DD, e.g. 2026-12-15; empty clears it",
            InputKind::Published => "YYYY-MM-DD, then the post's URL; empty clears both",
            InputKind::Results => {
                "views 48000 reach 30k likes 2100 comments 88 shares 5 saves 140 clicks 310 conversions 12 revenue 719.40"
            }
            InputKind::Contact => {
                "name; email; country; profile URL, e.g. Lena; lena@example.com; DE · empty: none"
            }
            InputKind::SavePath => "a .toml file; the previous version is kept as .bak",
            InputKind::ExportPath => ".csv sheet, .md brief or .json, by the file's extension",
            InputKind::OptimizeLimits => {
                "max 20 · min 5 · share 25% · micro=3 · fitness=2 · empty: budget only"
            }
            InputKind::MessagePath => {
                ".eml opens in a mail client as a draft; .txt or .md is the text"
            }
        }
    }

    /// Inputs that edit the selected shortlist entry (and need one).
    pub fn edits_entry(self) -> bool {
        matches!(
            self,
            InputKind::Fee
                | InputKind::Posts
                | InputKind::Note
                | InputKind::Gift
                | InputKind::Commission
                | InputKind::Due
                | InputKind::Published
                | InputKind::Results
                | InputKind::Contact
        )
    }

    /// Filter inputs edit the view; the others edit the plan.
    pub fn is_filter(self) -> bool {
        matches!(
            self,
            InputKind::MinFollowers
                | InputKind::MaxFollowers
                | InputKind::MinEngagement
                | InputKind::MaxFee
        )
    }
}

/// Where a binding applies. `Global` bindings work in the table and in the filters pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Global,
    Table,
    Shortlist,
    Filters,
    Search,
    Picker,
    Input,
    Help,
    Problems,
    Confirm,
    Status,
    Summary,
    Timeline,
    Results,
    Busy,
    Proposal,
    Mapping,
    Message,
    Curve,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere (roster table, shortlist and filters pane)",
            Context::Table => "Roster table",
            Context::Shortlist => "Shortlist pane",
            Context::Filters => "Filters pane",
            Context::Search => "Search (typing; the text fields' editing keys work too)",
            Context::Picker => "Picker (niche, tier, platform, country)",
            Context::Input => "Text fields (filters, budget, fee, posts, note, name, file)",
            Context::Help => "Help",
            Context::Problems => "Load problems",
            Context::Confirm => "Questions (yes / no)",
            Context::Status => "Status picker",
            Context::Summary => "Summary",
            Context::Timeline => "Timeline",
            Context::Results => "Results (expected against actual)",
            Context::Busy => "Optimizer or budget curve running",
            Context::Proposal => "Optimizer proposal",
            Context::Mapping => "Column mapping (which column feeds each field)",
            Context::Message => "Outreach message preview",
            Context::Curve => "Budget curve",
        }
    }

    /// The order contexts appear in the help screen.
    pub const ALL: [Context; 19] = [
        Context::Global,
        Context::Table,
        Context::Shortlist,
        Context::Filters,
        Context::Search,
        Context::Picker,
        Context::Input,
        Context::Help,
        Context::Problems,
        Context::Confirm,
        Context::Status,
        Context::Summary,
        Context::Timeline,
        Context::Results,
        Context::Busy,
        Context::Proposal,
        Context::Mapping,
        Context::Message,
        Context::Curve,
    ];
}
