//! The planner's keys, as data: each binding names its context, its keys, a short label for
//! the hint bar and a description for the help screen. Both are generated from this one list,
//! so neither can go stale.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Context, InputKind, PickerKind};

/// One key: a code plus the modifiers that must be held (Shift is ignored for characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = if matches!(ev.code, KeyCode::Char(_)) {
            ev.modifiers - KeyModifiers::SHIFT
        } else {
            ev.modifiers
        };
        self.code == ev.code && self.mods == mods
    }
}

/// A binding: keys, the action they send, and how to describe it.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    /// The keys as shown to people.
    pub label: &'static str,
    pub action: Action,
    /// A word or two for the hint bar; empty keeps the binding out of the hint bar.
    pub hint: &'static str,
    /// A sentence for the help screen.
    pub desc: &'static str,
}

const fn b(
    context: Context,
    keys: &'static [Key],
    label: &'static str,
    action: Action,
    hint: &'static str,
    desc: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        label,
        action,
        hint,
        desc,
    }
}

use Context as C;

/// Every binding of the planner.
pub const BINDINGS: &[Binding] = &[
    // Table
    b(
        C::Table,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "move",
        "select the next creator",
    ),
    b(
        C::Table,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "select the previous creator",
    ),
    b(
        C::Table,
        &[plain(KeyCode::PageDown), ctrl('d')],
        "PgDn ^d",
        Action::PageDown,
        "",
        "one page down",
    ),
    b(
        C::Table,
        &[plain(KeyCode::PageUp), ctrl('u')],
        "PgUp ^u",
        Action::PageUp,
        "",
        "one page up",
    ),
    b(
        C::Table,
        &[ch('g'), plain(KeyCode::Home)],
        "g Home",
        Action::Top,
        "",
        "first creator",
    ),
    b(
        C::Table,
        &[ch('G'), plain(KeyCode::End)],
        "G End",
        Action::Bottom,
        "",
        "last creator",
    ),
    b(
        C::Table,
        &[ch(' ')],
        "Space",
        Action::ToggleListed,
        "shortlist",
        "add the selected creator to the shortlist, or remove them",
    ),
    // Shortlist
    b(
        C::Shortlist,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "move",
        "select the next entry",
    ),
    b(
        C::Shortlist,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "select the previous entry",
    ),
    b(
        C::Shortlist,
        &[plain(KeyCode::PageDown), ctrl('d')],
        "PgDn ^d",
        Action::PageDown,
        "",
        "one page down",
    ),
    b(
        C::Shortlist,
        &[plain(KeyCode::PageUp), ctrl('u')],
        "PgUp ^u",
        Action::PageUp,
        "",
        "one page up",
    ),
    b(
        C::Shortlist,
        &[ch('g'), plain(KeyCode::Home)],
        "g Home",
        Action::Top,
        "",
        "first entry",
    ),
    b(
        C::Shortlist,
        &[ch('G'), plain(KeyCode::End)],
        "G End",
        Action::Bottom,
        "",
        "last entry",
    ),
    b(
        C::Shortlist,
        &[ch(' '), ch('x'), plain(KeyCode::Delete)],
        "Space x",
        Action::RemoveEntry,
        "remove",
        "remove the entry from the shortlist (u undoes)",
    ),
    b(
        C::Shortlist,
        &[plain(KeyCode::Enter)],
        "Enter",
        Action::PickStatus,
        "status",
        "choose the outreach status",
    ),
    b(
        C::Shortlist,
        &[ch('>')],
        ">",
        Action::StatusNext,
        "",
        "next status (shortlisted → contacted → negotiating → confirmed → declined → published)",
    ),
    b(
        C::Shortlist,
        &[ch('<')],
        "<",
        Action::StatusPrev,
        "",
        "previous status",
    ),
    b(
        C::Shortlist,
        &[ch('$')],
        "$",
        Action::OpenInput(InputKind::Fee),
        "fee",
        "type the negotiated fee for all of this creator's posts (empty: back to the rate or estimate)",
    ),
    b(
        C::Shortlist,
        &[ch('+'), ch('=')],
        "+",
        Action::MorePosts,
        "",
        "one more post",
    ),
    b(
        C::Shortlist,
        &[ch('-')],
        "-",
        Action::FewerPosts,
        "",
        "one post fewer",
    ),
    b(
        C::Shortlist,
        &[ch('f')],
        "f",
        Action::NextFormat,
        "format",
        "next deliverable format of the platform (feed post, story, reel...); the fee follows unless negotiated",
    ),
    b(
        C::Shortlist,
        &[ch('#')],
        "#",
        Action::OpenInput(InputKind::Posts),
        "posts",
        "type the number of posts",
    ),
    b(
        C::Shortlist,
        &[ch('i')],
        "i",
        Action::OpenInput(InputKind::Note),
        "note",
        "edit the note",
    ),
    b(
        C::Shortlist,
        &[ch('P')],
        "P",
        Action::OpenInput(InputKind::Gift),
        "",
        "gift: type the product's value and its shipping (120 + 15); they count toward the budget",
    ),
    b(
        C::Shortlist,
        &[ch('%')],
        "%",
        Action::OpenInput(InputKind::Commission),
        "",
        "affiliate: type a commission rate on sales (15%); paid later, nothing up front",
    ),
    b(
        C::Shortlist,
        &[ch('d')],
        "d",
        Action::OpenInput(InputKind::Due),
        "",
        "type the due date of the deliverables (YYYY-MM-DD); overdue ones are marked",
    ),
    b(
        C::Shortlist,
        &[ch('w')],
        "w",
        Action::OpenInput(InputKind::Published),
        "",
        "went live: type the published date and the post's URL",
    ),
    b(
        C::Shortlist,
        &[ch('r')],
        "r",
        Action::OpenInput(InputKind::Results),
        "",
        "record the results: views, reach, likes, comments, shares, saves, clicks, conversions, revenue",
    ),
    b(
        C::Shortlist,
        &[ch('C')],
        "C",
        Action::OpenInput(InputKind::Contact),
        "",
        "contact: type the name, email, country and profile URL (name; email; country; URL)",
    ),
    b(
        C::Shortlist,
        &[ch('a')],
        "a",
        Action::TakeFigures,
        "",
        "take the roster's new figures for a creator marked Δ (followers, rate, fee unless negotiated, expected reach and engagements); u undoes",
    ),
    // Everywhere
    b(
        C::Global,
        &[ch('/')],
        "/",
        Action::StartSearch,
        "search",
        "search as you type: every word must occur in the name, handle or a niche (substring, any case)",
    ),
    b(
        C::Global,
        &[plain(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        "",
        "clear the search",
    ),
    b(
        C::Global,
        &[ch('s')],
        "s",
        Action::SortNext,
        "sort",
        "sort by the next column",
    ),
    b(
        C::Global,
        &[ch('S')],
        "S",
        Action::SortReverse,
        "",
        "reverse the sort (ascending / descending)",
    ),
    b(
        C::Global,
        &[ch('n')],
        "n",
        Action::OpenPicker(PickerKind::Niche),
        "niche",
        "pick niches (several at once; counts are for the current view)",
    ),
    b(
        C::Global,
        &[ch('t')],
        "t",
        Action::OpenPicker(PickerKind::Tier),
        "tier",
        "toggle tiers",
    ),
    b(
        C::Global,
        &[ch('p')],
        "p",
        Action::OpenPicker(PickerKind::Platform),
        "platform",
        "pick platforms",
    ),
    b(
        C::Global,
        &[ch('c')],
        "c",
        Action::OpenPicker(PickerKind::Country),
        "country",
        "pick countries",
    ),
    b(
        C::Global,
        &[ch('f')],
        "f",
        Action::OpenInput(InputKind::MinFollowers),
        "",
        "minimum followers (48200, 48.2k, 1.3M)",
    ),
    b(
        C::Global,
        &[ch('F')],
        "F",
        Action::OpenInput(InputKind::MaxFollowers),
        "",
        "maximum followers",
    ),
    b(
        C::Global,
        &[ch('e')],
        "e",
        Action::OpenInput(InputKind::MinEngagement),
        "",
        "minimum engagement rate (3%, 0.03 or 3)",
    ),
    b(
        C::Global,
        &[ch('$')],
        "$",
        Action::OpenInput(InputKind::MaxFee),
        "",
        "maximum fee per post",
    ),
    b(
        C::Global,
        &[ch('X')],
        "X",
        Action::ClearFilters,
        "clear",
        "clear every filter and the search",
    ),
    b(
        C::Global,
        &[plain(KeyCode::Tab), plain(KeyCode::BackTab)],
        "Tab",
        Action::NextPane,
        "pane",
        "switch pane: roster table → shortlist → filters",
    ),
    b(
        C::Global,
        &[ch('L')],
        "L",
        Action::ShowProblems,
        "",
        "show load problems (rejected rows, notices, unreadable files)",
    ),
    b(
        C::Global,
        &[ch('M')],
        "M",
        Action::ShowMapping,
        "",
        "show how the roster file's columns are read, and change it",
    ),
    b(
        C::Global,
        &[ch('?')],
        "?",
        Action::Help,
        "help",
        "this help",
    ),
    b(
        C::Global,
        &[ch('u')],
        "u",
        Action::Undo,
        "undo",
        "undo the last change to the plan",
    ),
    b(
        C::Global,
        &[ctrl('r'), ctrl('y')],
        "^r ^y",
        Action::Redo,
        "",
        "redo",
    ),
    b(
        C::Global,
        &[ctrl('s')],
        "^s",
        Action::Save,
        "save",
        "save the plan (asks for a file the first time; the previous version is kept as .bak)",
    ),
    b(
        C::Global,
        &[ch('b')],
        "b",
        Action::OpenInput(InputKind::Budget),
        "budget",
        "set the campaign budget",
    ),
    b(
        C::Global,
        &[ch('N')],
        "N",
        Action::OpenInput(InputKind::CampaignName),
        "",
        "rename the campaign",
    ),
    b(
        C::Global,
        &[ch('O')],
        "O",
        Action::ToggleObjective,
        "",
        "switch the objective: expected engagements / expected reach",
    ),
    b(
        C::Global,
        &[ch('D')],
        "D",
        Action::OpenInput(InputKind::DefaultPosts),
        "",
        "deliverables a newly shortlisted creator starts with: 2, 1 story, 3 reels",
    ),
    b(
        C::Global,
        &[ch('v')],
        "v",
        Action::Summary,
        "summary",
        "summary: spend and expected engagements by tier, niche and status",
    ),
    b(
        C::Global,
        &[ch('T')],
        "T",
        Action::Timeline,
        "",
        "timeline: the deliverables by due date, overdue ones marked",
    ),
    b(
        C::Global,
        &[ch('R')],
        "R",
        Action::Results,
        "",
        "results: expected against actual, in totals and charted by tier and by niche",
    ),
    b(
        C::Global,
        &[ch('o')],
        "o",
        Action::Optimize,
        "optimize",
        "propose the best shortlist for the budget over the creators in view (proven optimal; limits optional)",
    ),
    b(
        C::Global,
        &[ch('B')],
        "B",
        Action::Curve,
        "",
        "budget curve: the proven optimum at budgets from a quarter to twice the budget, over the creators in view with the optimizer's limits",
    ),
    b(
        C::Global,
        &[ch('E')],
        "E",
        Action::Export,
        "",
        "export the plan: .csv sheet, .md brief or .json",
    ),
    b(
        C::Global,
        &[ch('m')],
        "m",
        Action::PreviewMessage,
        "message",
        "preview the outreach message to the selected creator (then save or copy it)",
    ),
    b(
        C::Global,
        &[ch('q'), ctrl('c')],
        "q",
        Action::Quit,
        "quit",
        "quit (asks first when the plan has unsaved changes)",
    ),
    b(
        C::Global,
        &[ctrl('z')],
        "^z",
        Action::Suspend,
        "",
        "suspend to the shell (the terminal is restored; `fg` comes back)",
    ),
    // Filters pane
    b(
        C::Filters,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "move",
        "next filter",
    ),
    b(
        C::Filters,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "previous filter",
    ),
    b(
        C::Filters,
        &[plain(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "edit",
        "edit the filter under the cursor",
    ),
    b(
        C::Filters,
        &[ch('x'), plain(KeyCode::Delete), plain(KeyCode::Backspace)],
        "x Del",
        Action::ClearOne,
        "clear one",
        "clear the filter under the cursor",
    ),
    // Search
    b(
        C::Search,
        &[plain(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "keep",
        "keep the search and go back to the table",
    ),
    b(
        C::Search,
        &[plain(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        "clear",
        "clear the search",
    ),
    b(
        C::Search,
        &[plain(KeyCode::Backspace)],
        "Bksp",
        Action::Backspace,
        "",
        "delete a character",
    ),
    b(
        C::Search,
        &[plain(KeyCode::Down)],
        "↓",
        Action::Down,
        "",
        "select the next creator",
    ),
    b(
        C::Search,
        &[plain(KeyCode::Up)],
        "↑",
        Action::Up,
        "",
        "select the previous creator",
    ),
    // Pickers
    b(
        C::Picker,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "move",
        "next item",
    ),
    b(
        C::Picker,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "previous item",
    ),
    b(
        C::Picker,
        &[plain(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        "",
        "one page down",
    ),
    b(
        C::Picker,
        &[plain(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        "",
        "one page up",
    ),
    b(
        C::Picker,
        &[ch(' ')],
        "Space",
        Action::Toggle,
        "toggle",
        "select or unselect the item (the view updates at once)",
    ),
    b(
        C::Picker,
        &[ch('x')],
        "x",
        Action::ClearOne,
        "none",
        "unselect every item of this picker",
    ),
    b(
        C::Picker,
        &[plain(KeyCode::Enter), plain(KeyCode::Esc)],
        "Enter Esc",
        Action::Confirm,
        "close",
        "close the picker",
    ),
    // Inputs
    b(
        C::Input,
        &[plain(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "apply",
        "apply; a value that does not parse is refused with the reason and the old value kept",
    ),
    b(
        C::Input,
        &[plain(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        "cancel",
        "close without changing anything",
    ),
    b(
        C::Input,
        &[plain(KeyCode::Backspace)],
        "Bksp",
        Action::Backspace,
        "",
        "delete the character before the cursor",
    ),
    b(
        C::Input,
        &[plain(KeyCode::Delete)],
        "Del",
        Action::Delete,
        "",
        "delete the character under the cursor",
    ),
    b(
        C::Input,
        &[plain(KeyCode::Left)],
        "←",
        Action::Left,
        "",
        "cursor left",
    ),
    b(
        C::Input,
        &[plain(KeyCode::Right)],
        "→",
        Action::Right,
        "",
        "cursor right",
    ),
    b(
        C::Input,
        &[plain(KeyCode::Home), ctrl('a')],
        "Home ^a",
        Action::Home,
        "",
        "cursor to the start",
    ),
    b(
        C::Input,
        &[plain(KeyCode::End), ctrl('e')],
        "End ^e",
        Action::End,
        "",
        "cursor to the end",
    ),
    b(
        C::Input,
        &[ctrl('u')],
        "^u",
        Action::ClearLine,
        "",
        "clear the field",
    ),
    // Help
    b(
        C::Help,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "scroll",
        "scroll down",
    ),
    b(
        C::Help,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "scroll up",
    ),
    b(
        C::Help,
        &[plain(KeyCode::Esc), ch('?'), ch('q')],
        "Esc ? q",
        Action::Cancel,
        "close",
        "close the help",
    ),
    // Problems
    b(
        C::Problems,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "scroll",
        "scroll down",
    ),
    b(
        C::Problems,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "scroll up",
    ),
    b(
        C::Problems,
        &[plain(KeyCode::Esc), plain(KeyCode::Enter), ch('q')],
        "Esc Enter",
        Action::Cancel,
        "dismiss",
        "dismiss the panel (L shows it again)",
    ),
    // Questions
    b(C::Confirm, &[ch('y')], "y", Action::Yes, "yes", "yes"),
    b(C::Confirm, &[ch('n')], "n", Action::No, "no", "no"),
    b(
        C::Confirm,
        &[ch('r')],
        "r",
        Action::Reload,
        "",
        "when the plan's file changed on disk: reload it and re-apply this session's edits",
    ),
    b(
        C::Confirm,
        &[plain(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        "cancel",
        "neither: back to the planner",
    ),
    // Status picker
    b(
        C::Status,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "move",
        "next status",
    ),
    b(
        C::Status,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "previous status",
    ),
    b(
        C::Status,
        &[plain(KeyCode::Enter), ch(' ')],
        "Enter",
        Action::Confirm,
        "set",
        "set this status",
    ),
    b(
        C::Status,
        &[plain(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        "cancel",
        "keep the status",
    ),
    // Summary
    b(
        C::Summary,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "scroll",
        "scroll down",
    ),
    b(
        C::Summary,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "scroll up",
    ),
    b(
        C::Summary,
        &[plain(KeyCode::Esc), ch('v'), ch('q')],
        "Esc v",
        Action::Cancel,
        "close",
        "close the summary",
    ),
    // Timeline
    b(
        C::Timeline,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "scroll",
        "scroll down",
    ),
    b(
        C::Timeline,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "scroll up",
    ),
    b(
        C::Timeline,
        &[plain(KeyCode::Esc), ch('T'), ch('q')],
        "Esc T",
        Action::Cancel,
        "close",
        "close the timeline",
    ),
    // Results
    b(
        C::Results,
        &[plain(KeyCode::Tab)],
        "Tab",
        Action::NextPane,
        "measure",
        "chart engagements, reach or cost per engagement",
    ),
    b(
        C::Results,
        &[plain(KeyCode::Esc), ch('R'), ch('q')],
        "Esc R",
        Action::Cancel,
        "close",
        "close the results",
    ),
    // Optimizer
    b(
        C::Busy,
        &[plain(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        "cancel",
        "stop the search",
    ),
    b(
        C::Proposal,
        &[ch('y'), plain(KeyCode::Enter)],
        "y Enter",
        Action::Yes,
        "accept",
        "make the proposal the shortlist (one edit: u undoes it)",
    ),
    b(
        C::Proposal,
        &[ch('n'), plain(KeyCode::Esc)],
        "n Esc",
        Action::No,
        "dismiss",
        "keep the shortlist as it is",
    ),
    b(
        C::Proposal,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "scroll",
        "scroll down",
    ),
    b(
        C::Proposal,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "scroll up",
    ),
    b(
        C::Proposal,
        &[plain(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        "",
        "one page down",
    ),
    b(
        C::Proposal,
        &[plain(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        "",
        "one page up",
    ),
    // Message preview
    b(
        C::Message,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "scroll",
        "scroll down",
    ),
    b(
        C::Message,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "scroll up",
    ),
    b(
        C::Message,
        &[ch('s')],
        "s",
        Action::SaveMessage,
        "save",
        "save the message to a file: .eml opens in a mail client as a draft, else text",
    ),
    b(
        C::Message,
        &[ch('c'), ch('y')],
        "c y",
        Action::CopyMessage,
        "copy",
        "copy the message's text to the clipboard (OSC 52: the terminal must allow it)",
    ),
    b(
        C::Message,
        &[plain(KeyCode::Esc), ch('m'), ch('q')],
        "Esc m q",
        Action::Cancel,
        "close",
        "close the preview",
    ),
    // Mapping screen
    b(
        C::Mapping,
        &[ch('j'), plain(KeyCode::Down)],
        "j ↓",
        Action::Down,
        "field",
        "next field",
    ),
    b(
        C::Mapping,
        &[ch('k'), plain(KeyCode::Up)],
        "k ↑",
        Action::Up,
        "",
        "previous field",
    ),
    b(
        C::Mapping,
        &[ch('l'), plain(KeyCode::Right)],
        "l →",
        Action::Right,
        "column",
        "read the field from the next column",
    ),
    b(
        C::Mapping,
        &[ch('h'), plain(KeyCode::Left)],
        "h ←",
        Action::Left,
        "",
        "read the field from the previous column",
    ),
    b(
        C::Mapping,
        &[ch('s')],
        "s",
        Action::CyclePlatform,
        "platform",
        "set one platform for every row (again: the next one; after the last, automatic)",
    ),
    b(
        C::Mapping,
        &[plain(KeyCode::Enter)],
        "Enter",
        Action::Confirm,
        "accept",
        "read the roster with this mapping now (recorded in the plan)",
    ),
    b(
        C::Mapping,
        &[ch('P')],
        "P",
        Action::SaveProfile,
        "save profile",
        "save this mapping in the config, for every file with this header",
    ),
    b(
        C::Mapping,
        &[plain(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        "close",
        "close, keeping the roster as it was read",
    ),
    // Budget curve
    b(
        C::Curve,
        &[ch('l'), plain(KeyCode::Right)],
        "l →",
        Action::Right,
        "move",
        "next budget",
    ),
    b(
        C::Curve,
        &[ch('h'), plain(KeyCode::Left)],
        "h ←",
        Action::Left,
        "",
        "previous budget",
    ),
    b(
        C::Curve,
        &[plain(KeyCode::Home), ch('g')],
        "Home g",
        Action::Home,
        "",
        "the smallest budget",
    ),
    b(
        C::Curve,
        &[plain(KeyCode::End), ch('G')],
        "End G",
        Action::End,
        "",
        "the largest budget",
    ),
    b(C::Curve, &[ch('K')], "K", Action::Top, "", "the knee"),
    b(
        C::Curve,
        &[plain(KeyCode::Enter), ch('t')],
        "Enter t",
        Action::Confirm,
        "take",
        "take this budget and its plan: the proposal first, then one edit (u undoes it)",
    ),
    b(
        C::Curve,
        &[plain(KeyCode::Esc), ch('B'), ch('q')],
        "Esc",
        Action::Cancel,
        "close",
        "close the curve",
    ),
];

/// The contexts whose bindings are live in `ctx`, most specific first.
fn live(ctx: Context) -> &'static [Context] {
    match ctx {
        Context::Table => &[Context::Table, Context::Global],
        Context::Shortlist => &[Context::Shortlist, Context::Global],
        Context::Filters => &[Context::Filters, Context::Global],
        // The search is a text field: the text fields' editing keys work in it too.
        Context::Search => &[Context::Search, Context::Input],
        Context::Picker => &[Context::Picker],
        Context::Input => &[Context::Input],
        Context::Help => &[Context::Help],
        Context::Problems => &[Context::Problems],
        Context::Confirm => &[Context::Confirm],
        Context::Status => &[Context::Status],
        Context::Summary => &[Context::Summary],
        Context::Timeline => &[Context::Timeline],
        Context::Results => &[Context::Results],
        Context::Busy => &[Context::Busy],
        Context::Proposal => &[Context::Proposal],
        Context::Mapping => &[Context::Mapping],
        Context::Message => &[Context::Message],
        Context::Curve => &[Context::Curve],
        Context::Global => &[Context::Global],
    }
}

/// The action a key sends in a context. Unbound characters type text where text is typed.
pub fn action_for(ctx: Context, key: &KeyEvent) -> Option<Action> {
    for &c in live(ctx) {
        for bnd in BINDINGS.iter().filter(|bd| bd.context == c) {
            if bnd.keys.iter().any(|k| k.matches(key)) {
                return Some(bnd.action);
            }
        }
    }
    if matches!(ctx, Context::Search | Context::Input)
        && let KeyCode::Char(c) = key.code
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return Some(Action::Type(c));
    }
    None
}

/// The hint bar's entries for a context: `(keys, hint)`.
pub fn hints(ctx: Context) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<&Binding> = live(ctx)
        .iter()
        .flat_map(|&c| BINDINGS.iter().filter(move |bd| bd.context == c))
        .filter(|bd| !bd.hint.is_empty())
        .collect();
    // Help and quit first, so a narrow hint bar never loses them.
    out.sort_by_key(|bd| !matches!(bd.action, Action::Help | Action::Quit));
    // A key bound in a more specific context hides the same key further down.
    let mut seen = std::collections::HashSet::new();
    out.retain(|bd| seen.insert(bd.label));
    out.into_iter().map(|bd| (bd.label, bd.hint)).collect()
}
