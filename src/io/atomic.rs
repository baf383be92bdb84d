//! The one way scout writes a file (plans, exports, the recovery file): a crash, a kill or a
//! full disk at any moment leaves either the old file or the new one, never a torn one.
//!
//! - A regular file (or a new one) is written to a temporary file created exclusively, under
//!   a name no other writer uses, in the same folder; the data is synced, the old file's
//!   permissions are kept, and it is renamed over the target, then the folder is synced.
//! - `FILE.bak`, when asked for, is the previous version by a hard link (or, where links are
//!   not possible, a synced copy) renamed into place: it is never half written.
//! - A symbolic link is followed: its target is replaced and the link stays.
//! - Anything that is not a regular file (a device such as `/dev/null`, a FIFO, a terminal)
//!   is written through, never replaced by a regular file.
//! - Errors say what happened to the file the user named ("No space left on device"), not
//!   which temporary file failed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The backup of `path`: `FILE.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// Writes `bytes` to `path` as described in the module's notes; with `backup`, the previous
/// version of a regular file is kept as `FILE.bak`. The error says what went wrong with the
/// file (callers name the file in front of it).
pub fn write(path: &Path, bytes: &[u8], backup: bool) -> io::Result<()> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(io::Error::other("it is a folder")),
        // A device, FIFO or terminal: write through it, as a shell's `>` would.
        Ok(m) if !m.is_file() => write_through(path, bytes),
        _ => replace(&resolve_links(path)?, bytes, backup),
    }
}

fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new().write(true).truncate(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// The file a path names once symbolic links are followed (it may not exist yet: a link to a
/// file still to be made names that file).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Tries `make` on names beside `path` that no other writer uses (the process, a counter and
/// the clock) until one is free; `make` must fail with `AlreadyExists` on a taken name, never
/// open or follow what is there.
fn with_temp_name<T>(
    path: &Path,
    mut make: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = folder_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(
            ".{name}.{}-{n}-{nanos:x}.scout-tmp",
            std::process::id()
        ));
        match make(&tmp) {
            Ok(t) => return Ok((tmp, t)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(
        "no free temporary name in the folder after 100 tries",
    ))
}

/// Creates a new file beside `path`, exclusively (an existing file or link of that name is
/// never opened or followed).
fn create_temp(path: &Path) -> io::Result<(PathBuf, File)> {
    with_temp_name(path, |tmp| {
        OpenOptions::new().write(true).create_new(true).open(tmp)
    })
}

fn replace(target: &Path, bytes: &[u8], backup: bool) -> io::Result<()> {
    let old = fs::metadata(target).ok().filter(|m| m.is_file());
    let (tmp, mut f) = create_temp(target)?;
    let result = (|| {
        f.write_all(bytes)?;
        f.flush()?;
        if let Some(m) = &old {
            // A plan made private stays private.
            f.set_permissions(m.permissions())?;
        }
        f.sync_all()?;
        drop(f);
        if backup && old.is_some() {
            keep_backup(target).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "keeping the previous version as {}: {e}",
                        backup_path(target).display()
                    ),
                )
            })?;
        }
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    if let Ok(d) = File::open(folder_of(target)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Makes `FILE.bak` the current version of `target`, all at once: a hard link to it (or a
/// synced copy) under a temporary name, renamed over the old backup.
fn keep_backup(target: &Path) -> io::Result<()> {
    let bak = backup_path(target);
    // A hard link never opens or follows what is at its new name.
    let tmp = match with_temp_name(&bak, |tmp| fs::hard_link(target, tmp)) {
        Ok((tmp, ())) => tmp,
        Err(_) => {
            // No hard links here (some network or FAT folders): a copy, synced before it
            // counts.
            let (tmp, mut f) = create_temp(&bak)?;
            let copied = io::copy(&mut File::open(target)?, &mut f).and_then(|_| f.sync_all());
            if let Err(e) = copied {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
            tmp
        }
    };
    let result = fs::rename(&tmp, &bak);
    // Also after a success: when another save has just made `.bak` a link to the same
    // file, rename(2) does nothing and returns success, leaving the temporary link behind
    // (found by two saves at once to one path). The name is ours alone, so removing it is
    // safe either way.
    let _ = fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.toml");
        write(&p, b"one", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        assert!(
            !backup_path(&p).exists(),
            "nothing to back up the first time"
        );
        write(&p, b"two", true).unwrap();
        write(&p, b"three", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"three");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"two");
        // No temporary file is left behind.
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".scout-tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_stays_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.toml");
        write(&p, b"one", true).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        write(&p, b"two", true).unwrap();
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_saved_to_its_target_and_the_link_stays() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.toml", &link).unwrap();
        write(&link, b"new", true).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(fs::read(backup_path(&real)).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep me").unwrap();
        let p = dir.path().join("plan.toml");
        std::os::unix::fs::symlink(&victim, dir.path().join(".plan.toml.scout-tmp")).unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("plan.toml.tmp")).unwrap();
        write(&p, b"plan", true).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(fs::read(&p).unwrap(), b"plan");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success();
        assert!(ok);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(&fifo).unwrap())
        };
        write(&fifo, b"through", true).unwrap();
        assert_eq!(reader.join().unwrap(), b"through");
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(!backup_path(&fifo).exists());
        // A device too: /dev/null takes the bytes and stays a device.
        write(Path::new("/dev/null"), b"x", true).unwrap();
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn two_saves_at_once_both_succeed_and_leave_one_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.toml");
        write(&p, b"start", true).unwrap();
        let a = "a".repeat(100_000);
        let b = "b".repeat(100_000);
        for _ in 0..20 {
            let (pa, pb) = (p.clone(), p.clone());
            let (ta, tb) = (a.clone(), b.clone());
            let x = std::thread::spawn(move || write(&pa, ta.as_bytes(), true));
            let y = std::thread::spawn(move || write(&pb, tb.as_bytes(), true));
            x.join().unwrap().unwrap();
            y.join().unwrap().unwrap();
            let got = fs::read_to_string(&p).unwrap();
            assert!(got == a || got == b, "torn: {} bytes", got.len());
            let bak = fs::read_to_string(backup_path(&p)).unwrap();
            assert!(bak == a || bak == b || bak == "start", "torn backup");
        }
    }

    #[test]
    fn a_folder_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(dir.path(), b"x", true).unwrap_err();
        assert_eq!(err.to_string(), "it is a folder");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_says_so() {
        // /dev/full answers every write with ENOSPC.
        let err = write(Path::new("/dev/full"), b"x", true).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull, "{err}");
        assert!(err.to_string().contains("No space left on device"), "{err}");
    }
}
