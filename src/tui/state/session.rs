//! The session: the plan being edited with the file it came from and goes to, what was last
//! saved, the recovery file and how far it is behind, and whether the planner is done.

use std::path::{Path, PathBuf};

use crate::domain::plan::{Plan, RosterRef};
use crate::io::plan::PlanFile;
use crate::io::recovery;

pub struct Session {
    /// The campaign plan with the TOML document it was read from (kept for lossless saves).
    pub(in crate::tui) file: PlanFile,
    /// Where Ctrl-s saves; `None` asks for a path.
    pub(in crate::tui) path: Option<PathBuf>,
    /// The plan as last saved or opened: the plan is unsaved when it differs.
    pub(in crate::tui) saved: Plan,
    /// Roster files to record in the plan when it is saved (`None`: keep what it records).
    pub(in crate::tui) roster_refs: Option<Vec<RosterRef>>,
    /// The recovery file of this plan in the data directory (`None`: no recovery).
    pub(in crate::tui) recovery: Option<PathBuf>,
    /// Plan edits so far, and how many of them the recovery file has.
    pub(in crate::tui) generation: u64,
    pub(in crate::tui) recovered_generation: u64,
    /// Changes to the plan since the planner started, opened plans included: unlike
    /// `generation` it never goes back, so figures computed from the plan can be kept for
    /// the revision they were computed from.
    pub(in crate::tui) revision: u64,
    /// The planner is done: the event loop ends.
    pub(in crate::tui) quit: bool,
    /// What the plan's file held when scout last read or wrote it (a fingerprint of its
    /// bytes; `None`: there was no file), so a save can tell that another program changed it.
    pub(in crate::tui) on_disk: Option<u64>,
    /// A big plan being written on another thread (see [`BACKGROUND_SAVE_FROM`]).
    pub(in crate::tui) saving: Option<crate::tui::jobs::SaveJob>,
    /// Plans of at least this many entries are saved on another thread.
    pub(in crate::tui) background_save_from: usize,
}

/// Plans this big save on another thread, with "saving…" on screen: 30,000 entries took about
/// a second on a busy two-core machine, 5,000 a sixth of one.
pub const BACKGROUND_SAVE_FROM: usize = 5_000;

/// A fingerprint of a file's bytes; `None` when there is no file to read.
pub(in crate::tui) fn fingerprint(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

impl Session {
    /// A session on `file`, counted as saved as it is.
    pub fn new(file: PlanFile) -> Session {
        Session {
            saved: file.plan.clone(),
            file,
            path: None,
            roster_refs: None,
            recovery: None,
            generation: 0,
            recovered_generation: 0,
            revision: 0,
            quit: false,
            on_disk: None,
            saving: None,
            background_save_from: BACKGROUND_SAVE_FROM,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.file.plan
    }

    /// Whether the plan's file is no longer what scout read or wrote: changed, or made, by
    /// another program since. A file that went away is nothing to lose.
    pub(crate) fn changed_on_disk(&self, path: &Path) -> bool {
        match fingerprint(path) {
            None => false,
            now => now != self.on_disk,
        }
    }

    /// Whether the plan has changes not saved to its file.
    pub fn dirty(&self) -> bool {
        !self.file.plan.same_content(&self.saved)
    }

    /// A file name for a plan never saved: the campaign's name, in the current folder.
    pub(crate) fn proposed_plan_path(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => format!("{}.toml", slug(&self.file.plan.campaign.name)),
        }
    }

    pub(crate) fn proposed_export_path(&self) -> String {
        match &self.path {
            Some(p) => p.with_extension("md").display().to_string(),
            None => format!("{}.md", slug(&self.file.plan.campaign.name)),
        }
    }

    /// Saves the plan to `path`, recording the rosters relative to its folder: what to tell
    /// the user, or why it failed (nothing in memory changes then).
    pub(crate) fn save_to(&mut self, path: &Path) -> Result<String, String> {
        self.record_rosters(path);
        let mut file = self.file.clone();
        file.save(path)?;
        Ok(self.saved_as(path, file))
    }

    /// Starts writing the plan to `path` on another thread (a big plan): the rosters are
    /// recorded now, and [`Session::saved_as`] takes the result when it is done.
    pub(in crate::tui) fn start_save(&mut self, path: &Path, then_quit: bool) {
        self.record_rosters(path);
        self.saving = Some(crate::tui::jobs::SaveJob::start(
            self.file.clone(),
            path.to_path_buf(),
            then_quit,
        ));
    }

    /// Takes a finished save of `file` (the plan as it was written, and the document the file
    /// now holds) and says so. Edits made while it was written stay unsaved.
    pub(in crate::tui) fn saved_as(&mut self, path: &Path, file: PlanFile) -> String {
        let PlanFile { plan, doc } = file;
        self.file.doc = doc;
        self.saved = plan;
        self.on_disk = fingerprint(path);
        if !self.dirty() {
            if let Some(r) = &self.recovery {
                recovery::remove(r);
            }
            self.recovered_generation = self.generation;
        }
        let t = self.saved.totals();
        format!(
            "saved {} ({} creators, spend {})",
            path.display(),
            t.creators,
            t.spend_text(&self.saved.campaign.currency)
        )
    }

    /// Records the rosters in the plan relative to the folder of `path`, where it is saved.
    fn record_rosters(&mut self, path: &Path) {
        if let Some(refs) = &self.roster_refs {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let recorded: Vec<_> = refs
                .iter()
                .map(|r| crate::domain::plan::RosterRef {
                    path: crate::io::plan::relative_to(Path::new(&r.path), dir)
                        .to_string_lossy()
                        .into_owned(),
                    ..r.clone()
                })
                .collect();
            self.file.plan.campaign.rosters = recorded;
        }
    }

    /// Writes the plan as a CSV sheet, a Markdown brief or JSON, by the file's extension:
    /// what to tell the user, or why it failed.
    pub(crate) fn export_to(&self, path: &Path) -> Result<String, String> {
        let format = crate::io::export::ExportFormat::from_path(path)?;
        crate::io::plan::save_text(path, &format.write(&self.file.plan))?;
        Ok(format!(
            "exported the {} to {}",
            format.describe(),
            path.display()
        ))
    }

    /// Writes the recovery file when the plan changed since it was last written.
    pub(crate) fn sync_recovery(&mut self) -> Result<(), String> {
        if self.generation == self.recovered_generation {
            return Ok(());
        }
        let Some(path) = self.recovery.clone() else {
            return Ok(());
        };
        self.recovered_generation = self.generation;
        if !self.dirty() {
            recovery::remove(&path);
            return Ok(());
        }
        let text = crate::io::plan::render(&self.file.plan, Some(&self.file.doc));
        recovery::write(&path, self.path.as_deref(), &text)
            .map_err(|e| format!("cannot write the recovery file: {e}"))
    }

    /// Removes the recovery file (the plan is saved, or its changes were given up).
    pub(crate) fn discard_recovery(&self) {
        if let Some(r) = &self.recovery {
            recovery::remove(r);
        }
    }
}

/// A file name from a campaign name: `Spring protein launch` -> `spring-protein-launch`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "campaign".to_string()
    } else {
        out.chars().take(60).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_make_file_names() {
        assert_eq!(slug("Spring protein launch"), "spring-protein-launch");
        assert_eq!(slug("  Q3: Café & Co!! "), "q3-café-co");
        assert_eq!(slug("!!!"), "campaign");
    }
}
