//! The recovery file: every unsaved change to a plan is also written to the data directory,
//! so a crash or a killed terminal loses nothing. One file per plan file (or one for a plan
//! never saved), named from the plan's absolute path, so two planners on two plans do not
//! overwrite each other's recovery.
//!
//! The file is the plan's TOML text after one comment line saying which plan it belongs to
//! and when it was written; that line is dropped before the plan is parsed, so restoring
//! never adds it to the plan.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::plan::{PlanFile, PlanFileError, parse};

const HEADER: &str = "# scout recovery of ";

/// FNV-1a: a hash that never changes between builds, so a recovery file written by one
/// version of scout is found by the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The plan path as an absolute path, so `plan.toml` and `./plan.toml` share one recovery.
fn absolute(plan: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(plan) {
        return p;
    }
    // Not saved yet: canonicalize the folder, keep the name.
    let dir = match plan.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match (fs::canonicalize(&dir), plan.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => plan.to_path_buf(),
    }
}

/// Where the recovery of `plan` (or of a never-saved plan) lives inside `data_dir`.
pub fn recovery_path(data_dir: &Path, plan: Option<&Path>) -> PathBuf {
    let name = match plan {
        Some(p) => {
            let abs = absolute(p);
            let stem: String = abs
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .take(40)
                .collect();
            format!(
                "{stem}-{:016x}.toml",
                fnv1a(abs.as_os_str().as_encoded_bytes())
            )
        }
        None => "unsaved-plan.toml".to_string(),
    };
    data_dir.join("recovery").join(name)
}

/// What a recovery file says about itself.
#[derive(Debug, Clone)]
pub struct Recovered {
    pub file: PlanFile,
    /// The plan file it belongs to, as recorded (`None`: a plan never saved).
    pub plan_path: Option<String>,
    /// Seconds since 1970 when it was written.
    pub written: u64,
}

/// Writes the recovery: a temp file beside it, then a rename, so a crash mid-write leaves
/// the previous recovery whole.
pub fn write(path: &Path, plan: Option<&Path>, plan_text: &str) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let owner = plan.map_or_else(
        || "an unsaved plan".to_string(),
        |p| absolute(p).display().to_string(),
    );
    // The owner goes on one line whatever the path holds.
    let owner: String = owner.chars().filter(|c| !c.is_control()).collect();
    let text = format!("{HEADER}{owner} @{now}\n{plan_text}");
    super::atomic::write(path, text.as_bytes(), false)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads a recovery file; `Ok(None)` when there is none.
pub fn read(path: &Path) -> Result<Option<Recovered>, PlanFileError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(PlanFileError {
                path: path.display().to_string(),
                at: None,
                message: format!("cannot read the recovery file: {e}"),
            });
        }
    };
    let (first, rest) = text.split_once('\n').unwrap_or((text.as_str(), ""));
    let (plan_path, written) = match first.strip_prefix(HEADER) {
        Some(h) => {
            let (owner, at) = h.rsplit_once(" @").unwrap_or((h, "0"));
            let owner = (owner != "an unsaved plan").then(|| owner.to_string());
            (owner, at.trim().parse().unwrap_or(0))
        }
        None => (None, 0),
    };
    let body = if first.starts_with(HEADER) {
        rest
    } else {
        &text
    };
    // Said to be the recovery file, so the planner's message tells what was not restored.
    let file = parse(body, &path.display().to_string()).map_err(|mut e| {
        e.message = format!("recovery file not restored: {}", e.message);
        e
    })?;
    Ok(Some(Recovered {
        file,
        plan_path,
        written,
    }))
}

/// Deletes the recovery (after a save, or when the user discards the changes).
pub fn remove(path: &Path) {
    let _ = fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::plan::{Campaign, Plan};
    use crate::io::plan::render;

    #[test]
    fn round_trip_keeps_the_plan_and_says_whose_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let plan_file = dir.path().join("spring.toml");
        let path = recovery_path(dir.path(), Some(&plan_file));
        assert!(path.starts_with(dir.path().join("recovery")));
        let plan = Plan::new(Campaign {
            name: "Spring".into(),
            budget: Money::from_units(1500),
            ..Campaign::default()
        });
        let text = render(&plan, None);
        write(&path, Some(&plan_file), &text).unwrap();
        let back = read(&path).unwrap().expect("a recovery");
        assert!(back.file.plan.same_content(&plan));
        assert_eq!(
            back.file.doc.to_string(),
            text,
            "the header line is not part of the plan"
        );
        assert!(back.plan_path.unwrap().ends_with("spring.toml"));
        assert!(back.written > 0);
        remove(&path);
        assert!(read(&path).unwrap().is_none());
    }

    /// The planner says why a recovery was not offered: every way it cannot be read is an
    /// error naming the file, never `Ok(None)` (which means there is none).
    #[test]
    fn an_unreadable_recovery_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = recovery_path(dir.path(), Some(Path::new("p.toml")));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(
            &path,
            b"# scout recovery of x @1\n[campaign]\nname = \"\xff\"\n",
        )
        .unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.starts_with(&path.display().to_string()), "{e}");
        assert!(e.contains("cannot read the recovery file"), "{e}");
        fs::write(&path, "# scout recovery of x @1\n[campaign]\nname = 3\n").unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains("recovery file not restored: "), "{e}");
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        assert!(read(&path).is_err(), "a folder where the file should be");
    }

    #[test]
    fn each_plan_has_its_own_recovery() {
        let dir = tempfile::tempdir().unwrap();
        let a = recovery_path(dir.path(), Some(Path::new("a.toml")));
        let b = recovery_path(dir.path(), Some(Path::new("b.toml")));
        let a2 = recovery_path(dir.path(), Some(Path::new("./a.toml")));
        let none = recovery_path(dir.path(), None);
        assert_ne!(a, b);
        assert_eq!(a, a2);
        assert_ne!(a, none);
    }
}
