//! The mapping screen's state: one roster file's columns, the changes made on the screen
//! (as `--map`/`--set` over the command line's), and the preview they give.

use std::path::PathBuf;

use crate::domain::creator::Platform;
use crate::io::roster::{
    Feed, Field, FieldMap, FileMapping, PreviewRow, Profile, Source, merge_maps, remap,
};

/// What the planner's load reads and how: kept so the mapping screen can read it again.
#[derive(Clone, Debug, Default)]
pub struct LoadSetup {
    pub sources: Vec<Source>,
    /// `--map`/`--set` (from the command line or the plan).
    pub map: FieldMap,
    pub profiles: Vec<Profile>,
    /// Where a profile is saved.
    pub config_path: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct MappingScreen {
    /// The file as it was read.
    pub base: FileMapping,
    /// The load's flags: the screen's changes go over them.
    pub flags: FieldMap,
    pub profiles: Vec<Profile>,
    /// What the screen changed.
    pub changes: FieldMap,
    /// The mapping with the changes, and the sampled rows read with it.
    pub mapping: FileMapping,
    pub preview: Vec<PreviewRow>,
    /// The field row under the cursor (an index of [`Field::ALL`]).
    pub cursor: usize,
}

impl MappingScreen {
    pub fn new(base: FileMapping, flags: FieldMap, profiles: Vec<Profile>) -> MappingScreen {
        let mut screen = MappingScreen {
            mapping: base.clone(),
            base,
            flags,
            profiles,
            changes: FieldMap::default(),
            preview: Vec::new(),
            cursor: 0,
        };
        screen.recompute();
        // The cursor starts on the first required field that is missing, else the first guess.
        screen.cursor = Field::ALL
            .iter()
            .position(|f| screen.mapping.missing().contains(f))
            .or_else(|| {
                screen
                    .mapping
                    .fields
                    .iter()
                    .position(|m| m.field.is_required() && m.why.is_guess())
            })
            .unwrap_or(0);
        screen
    }

    /// The flags and the screen's changes together: what the roster is read with.
    pub fn map(&self) -> FieldMap {
        merge_maps(&self.flags, &self.changes)
    }

    fn recompute(&mut self) {
        let (mapping, preview) = remap(&self.base, &self.map(), &self.profiles);
        self.mapping = mapping;
        self.preview = preview;
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.cursor.min(Field::ALL.len() - 1)]
    }

    /// Rows of the sample that would load, and that would be rejected.
    pub fn counts(&self) -> (usize, usize) {
        let ok = self.preview.iter().filter(|r| r.read.is_ok()).count();
        (ok, self.preview.len() - ok)
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = Field::ALL.len() as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, n - 1) as usize;
    }

    /// Reads the field under the cursor from the next (or previous) column.
    pub fn step_column(&mut self, forward: bool) {
        let n = self.mapping.names.len();
        if n == 0 {
            return;
        }
        let field = self.field();
        let current = match self.mapping.get(field).map(|m| &m.feed) {
            Some(Feed::Columns(c)) => c.first().copied(),
            _ => None,
        };
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        self.changes.map.retain(|(f, _)| *f != field);
        self.changes.set.retain(|(f, _)| *f != field);
        self.changes
            .map
            .push((field, vec![self.mapping.names[next].clone()]));
        self.recompute();
    }

    /// Sets the next platform for every row; after the last, back to what the file gives.
    pub fn cycle_platform(&mut self) {
        self.cursor = Field::Platform as usize;
        let current = self
            .changes
            .set
            .iter()
            .find(|(f, _)| *f == Field::Platform)
            .and_then(|(_, v)| Platform::parse(v));
        let next = match current {
            None => Some(Platform::ALL[0]),
            Some(p) => Platform::ALL.get(p.index() + 1).copied(),
        };
        self.changes.map.retain(|(f, _)| *f != Field::Platform);
        self.changes.set.retain(|(f, _)| *f != Field::Platform);
        if let Some(p) = next {
            self.changes
                .set
                .push((Field::Platform, p.key().to_string()));
        }
        self.recompute();
    }
}
