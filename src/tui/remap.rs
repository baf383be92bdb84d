//! The mapping screen's part of the planner: opening it when a roster file's columns are
//! missing or guessed, editing the mapping, and reading the roster again with it.

use std::path::Path;
use std::sync::Arc;

use crate::domain::roster::Roster;
use crate::io::roster::{FieldMap, Profile, RosterReader, Source};

use super::action::Action;
use super::app::App;
use super::state::{LoadSetup, MappingScreen, Overlay};

impl App {
    /// What the load reads and how, so the mapping screen can read it again with another
    /// mapping and save a profile to the config.
    pub fn set_load_setup(
        &mut self,
        sources: Vec<Source>,
        map: FieldMap,
        profiles: Vec<Profile>,
        config_path: Option<std::path::PathBuf>,
    ) {
        self.load.setup = Some(LoadSetup {
            sources,
            map,
            profiles,
            config_path,
        });
    }

    /// A new load the mapping screen asked for: the event loop (or a test) runs it in place
    /// of the old one.
    pub fn take_reader(&mut self) -> Option<RosterReader> {
        self.pending_reader.take()
    }

    /// The mapping screen for the first file whose columns need a look: a required field
    /// missing, or (until the user has seen it once) guessed.
    pub(super) fn mapping_to_review(&self) -> Option<Overlay> {
        let m = self
            .load
            .mappings
            .iter()
            .find(|m| !m.missing().is_empty() || (!self.load.reviewed && m.is_uncertain()))?;
        Some(self.mapping_screen(m.clone()))
    }

    fn mapping_screen(&self, base: crate::io::roster::FileMapping) -> Overlay {
        let (flags, profiles) = match &self.load.setup {
            Some(s) => (s.map.clone(), s.profiles.clone()),
            None => (FieldMap::default(), Vec::new()),
        };
        Overlay::Mapping(Box::new(MappingScreen::new(base, flags, profiles)))
    }

    /// `M`: the first file's mapping, to look at or change.
    pub(super) fn open_mapping(&mut self) -> Overlay {
        let m = self
            .load
            .mappings
            .iter()
            .find(|m| !m.missing().is_empty())
            .or_else(|| self.load.mappings.first());
        match m {
            Some(m) => self.mapping_screen(m.clone()),
            None => {
                self.message = Some(if self.load.loading {
                    "the roster is still loading".into()
                } else {
                    "no roster file's columns to show (the sample or a plan only)".into()
                });
                Overlay::None
            }
        }
    }

    pub(super) fn update_mapping(&mut self, mut m: Box<MappingScreen>, action: Action) -> Overlay {
        match action {
            Action::Down | Action::WheelDown => m.move_by(1),
            Action::Up | Action::WheelUp => m.move_by(-1),
            Action::Right => m.step_column(true),
            Action::Left => m.step_column(false),
            Action::CyclePlatform => m.cycle_platform(),
            Action::SaveProfile => self.save_profile(&m),
            Action::Cancel => {
                self.load.reviewed = true;
                return Overlay::None;
            }
            Action::Confirm => {
                let missing = m.mapping.missing();
                if !missing.is_empty() {
                    let names: Vec<&str> = missing.iter().map(|f| f.key()).collect();
                    self.message = Some(format!(
                        "still no {}: choose a column (h/l) or, for the platform, s",
                        names.join(", ")
                    ));
                    return Overlay::Mapping(m);
                }
                let stdin = self
                    .load
                    .setup
                    .as_ref()
                    .is_some_and(|s| s.sources.iter().any(|s| matches!(s, Source::Stdin)));
                if stdin {
                    self.message = Some(
                        "standard input cannot be read again: run scout with these --map/--set"
                            .into(),
                    );
                    return Overlay::Mapping(m);
                }
                self.accept_mapping(m.map());
                return Overlay::None;
            }
            _ => {}
        }
        Overlay::Mapping(m)
    }

    /// Saves the screen's mapping as a profile named after the file.
    fn save_profile(&mut self, m: &MappingScreen) {
        if !m.mapping.missing().is_empty() {
            self.message =
                Some("a profile needs every required field: fix the mapping first".into());
            return;
        }
        let Some(path) = self.load.setup.as_ref().and_then(|s| s.config_path.clone()) else {
            self.message = Some("no config file to save the profile in (use --config FILE)".into());
            return;
        };
        let name = profile_name(&m.mapping.label);
        let profile = m.mapping.profile_named(&name);
        match crate::io::config::save_profile(&path, &profile) {
            Ok(()) => {
                if let Some(setup) = &mut self.load.setup {
                    setup.profiles.retain(|p| p.name != name);
                    setup.profiles.push(profile);
                }
                self.message = Some(format!("saved profile `{name}` in {}", path.display()));
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// Reads the roster again with `map`, and records it where the plan records its
    /// rosters' `--map`/`--set`.
    fn accept_mapping(&mut self, map: FieldMap) {
        self.load.reviewed = true;
        let Some(setup) = &mut self.load.setup else {
            return;
        };
        setup.map = map.clone();
        let reader = RosterReader::new(setup.sources.clone(), map.clone())
            .with_profiles(setup.profiles.clone());
        if let Some(refs) = &mut self.session.roster_refs {
            for r in refs.iter_mut() {
                r.map = map.map_args();
                r.set = map.set_args();
            }
        }
        for r in &mut self.session.file.plan.campaign.rosters {
            r.map = map.map_args();
            r.set = map.set_args();
        }
        let scheme = self.roster.scheme().clone();
        let model = self.roster.model().clone();
        self.roster = Arc::new(Roster::new(scheme, model));
        self.view.orders = crate::domain::filter::OrderCache::default();
        self.load.loading = true;
        self.load.progress = None;
        self.load.problems.clear();
        self.load.mappings.clear();
        self.load.matched = false;
        self.load.refreshed = None;
        self.load.unseen_rows = false;
        self.pending_reader = Some(reader);
        self.refilter();
        self.message = Some("reading the roster with the new mapping…".into());
    }
}

/// A profile's name from a file's: its stem, with anything but letters, digits, `-` and
/// `_` made `-`.
fn profile_name(label: &str) -> String {
    let stem = Path::new(label)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if name.is_empty() {
        "roster".into()
    } else {
        name
    }
}
