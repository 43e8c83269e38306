//! Every byte briefing writes goes through here: single files are written
//! to a temporary name and renamed over the old one, so a reader (or a build
//! killed half-way) never sees a half-written file.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Writes to `path` atomically what `write` writes to the (buffered)
/// file it is given, creating parent folders: for large files made on
/// the fly, which need not be held in memory whole first.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "creating folder", e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".briefing-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "creating a temporary file in", e))?;
    let mut out = std::io::BufWriter::new(tmp);
    write(&mut out).and_then(|()| out.flush()).map_err(|e| Error::io(out.get_ref().path(), "writing", e))?;
    let tmp = out.into_inner().map_err(|e| Error::io(path, "writing", e.into_error()))?;
    tmp.persist(path).map_err(|e| Error::io(path, "replacing", e.error))?;
    Ok(())
}

/// Whether `name` is one of [`write_atomic_with`]'s temporary files.
fn is_temporary(name: &str) -> bool {
    name.starts_with(".briefing-") && name.ends_with(".tmp")
}

/// Removes the temporary files a build killed while writing left under
/// `dir`. Only a build holding the project's lock writes them, so for the
/// build that holds it now every one is debris.
pub fn remove_temporaries(dir: &Path) {
    let walker = walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !name.starts_with('.') || e.file_type().is_file() && is_temporary(&name)
    });
    for entry in walker.flatten() {
        if entry.file_type().is_file() && is_temporary(&entry.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_left_by_a_killed_build_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for file in [".briefing-a1.tmp", "sub/.briefing-b2.tmp", "page.md", ".notes.tmp", ".hidden/.briefing-c3.tmp"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        remove_temporaries(dir.path());
        let left = |f: &str| dir.path().join(f).exists();
        assert!(!left(".briefing-a1.tmp") && !left("sub/.briefing-b2.tmp"));
        assert!(left("page.md") && left(".notes.tmp") && left(".hidden/.briefing-c3.tmp"));
    }

    #[test]
    fn write_atomic_creates_folders_and_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }
}

/// Removes `rel` under `root`, then each parent folder left empty.
pub fn remove_with_empty_parents(root: &Path, rel: &str) -> Result<()> {
    let path = root.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&path, "removing", e)),
    }
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// A name no other folder made by this or any other process has: the
/// process id, the time in nanoseconds and a count within the process.
pub fn unique_name() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}-{n}", std::process::id())
}

/// A folder whose contents are being deleted. A build moves its old site
/// there with one rename and leaves the deletion (tens of thousands of
/// unlinks for a large site, a tenth of a one-seed rebuild) to a thread
/// it does not wait for; what a process leaves undeleted when it ends,
/// the next build deletes the same way.
///
/// It lives in the cache folder, so the project shows no half-deleted
/// sites; where a rename cannot reach it (an output folder on another
/// file system) things are deleted at once instead.
#[derive(Debug, Clone)]
pub struct Trash {
    dir: PathBuf,
}

impl Trash {
    /// The trash in `dir`, made when first used. Its name should start
    /// with a dot: [`remove_temporaries`] walks the cache folder and skips
    /// such folders.
    pub fn new(dir: PathBuf) -> Trash {
        Trash { dir }
    }

    /// Moves the folder at `path` into the trash, or deletes it now when
    /// it cannot be moved there.
    pub fn discard(&self, path: &Path) -> Result<()> {
        let to = self.dir.join(unique_name());
        if std::fs::create_dir_all(&self.dir).is_ok() && std::fs::rename(path, &to).is_ok() {
            return Ok(());
        }
        std::fs::remove_dir_all(path).map_err(|e| Error::io(path, "removing", e))
    }

    /// Starts deleting what the trash holds on a thread nobody waits for
    /// (one per trash at a time: it empties the trash until it finds it
    /// empty, so what is discarded meanwhile goes too).
    pub fn empty_in_background(&self) {
        static EMPTYING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
        let emptying = || EMPTYING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        {
            let mut busy = emptying();
            if busy.contains(&self.dir) || !self.dir.is_dir() {
                return;
            }
            busy.push(self.dir.clone());
        }
        let dir = self.dir.clone();
        std::thread::spawn(move || {
            loop {
                let doomed: Vec<PathBuf> =
                    std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
                // What cannot be deleted is left for the next build rather
                // than tried forever.
                if doomed.is_empty() || !doomed.iter().all(|path| std::fs::remove_dir_all(path).is_ok()) {
                    break;
                }
            }
            emptying().retain(|d| *d != dir);
        });
    }
}

/// A new site being written beside the old one, swapped in whole by
/// [`Staging::commit`]; dropped without committing, it is deleted and the
/// old site is untouched.
///
/// It starts empty ([`Staging::new`]), and then every file of the new site
/// is written or linked into it; or it starts as the site before the
/// current one ([`Staging::from_spare`]), and then only the files that
/// differ are touched. A one-seed change at 10,000 documents links some
/// 30,000 files into an empty start (and later unlinks as many from the
/// old site), but touches a few hundred of a spare.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    trash: Trash,
    /// When it started as a spare: the files in which it differs from the
    /// current site. Every other file is the current site's own (a hard
    /// link to it, or a copy of it).
    differs: Option<HashSet<String>>,
    committed: bool,
}

impl Staging {
    /// Starts an empty new site for `target`, first repairing what a
    /// killed build may have left: a missing site is restored from its
    /// parked copy, and half-written ones go to the `trash`.
    pub fn new(target: &Path, trash: Trash) -> Result<Staging> {
        let dir = Staging::prepare(target, &trash)?;
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "creating folder", e))?;
        Ok(Staging { target: target.to_path_buf(), dir, trash, differs: None, committed: false })
    }

    /// Starts the new site from `spare`, a folder that holds the current
    /// site except for the files in `differs` (the site a swap replaced,
    /// see [`Staging::commit`]). Starts empty when it cannot be moved.
    pub fn from_spare(target: &Path, trash: Trash, spare: &Path, differs: HashSet<String>) -> Result<Staging> {
        let dir = Staging::prepare(target, &trash)?;
        if std::fs::rename(spare, &dir).is_err() {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "creating folder", e))?;
            return Ok(Staging { target: target.to_path_buf(), dir, trash, differs: None, committed: false });
        }
        Ok(Staging { target: target.to_path_buf(), dir, trash, differs: Some(differs), committed: false })
    }

    /// Repairs what a killed build left and names the staging folder.
    fn prepare(target: &Path, trash: &Trash) -> Result<PathBuf> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "creating folder", e))?;
        let name = site_name(target);
        repair(target, trash)?;
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            trash.discard(&dir)?;
        }
        Ok(dir)
    }

    /// Writes one file of the new site. When the current site holds the
    /// same bytes, that file is linked instead, so it keeps its mtime.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let old = self.target.join(rel);
        let same = std::fs::metadata(&old).is_ok_and(|meta| meta.len() == bytes.len() as u64)
            && std::fs::read(&old).is_ok_and(|b| b == bytes);
        if same && self.keep(rel).is_ok() {
            return Ok(());
        }
        let path = self.dir.join(rel);
        match self.differs {
            // A spare's file may be a link to the current site's: it is
            // replaced, never written through.
            Some(_) => write_atomic(&path, bytes),
            None => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "creating folder", e))?;
                }
                std::fs::write(&path, bytes).map_err(|e| Error::io(&path, "writing", e))
            }
        }
    }

    /// Carries the current site's file at `rel` into the new one unchanged
    /// (a hard link: no copy, same mtime).
    pub fn keep(&self, rel: &str) -> Result<()> {
        if holds_current(self.differs.as_ref(), rel) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "creating folder", e))?;
        }
        if self.differs.is_some() {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&path, "replacing", e)),
                _ => {}
            }
        }
        let old = self.target.join(rel);
        if std::fs::hard_link(&old, &path).is_ok() {
            return Ok(());
        }
        std::fs::copy(&old, &path).map(drop).map_err(|e| Error::io(&old, "copying", e))
    }

    /// Replaces the current site with the new one in one step. A spare
    /// start first loses the files the new site must not have: the
    /// current site's `stale` ones, and those it differed in that are not
    /// `wanted`. The old site is then moved to `spare_at` for the next
    /// build to start from, or else to the trash, which is emptied in the
    /// background. Returns what was left at `spare_at`, if anything.
    pub fn commit(
        mut self,
        stale: &[String],
        wanted: &dyn Fn(&str) -> bool,
        spare_at: Option<&Path>,
    ) -> Result<Option<Spare>> {
        if let Some(differs) = &self.differs {
            for rel in stale.iter().chain(differs.iter().filter(|rel| !wanted(rel))) {
                remove_with_empty_parents(&self.dir, rel)?;
            }
        }
        swap_in(&self.dir, &self.target)?;
        self.committed = true;
        // `dir` now holds the old site, if there was one.
        if !self.dir.exists() {
            return Ok(spare_at.and_then(|spare| link_copy(&self.target, spare).then_some(Spare::Copy)));
        }
        if let Some(spare) = spare_at
            && std::fs::rename(&self.dir, spare).is_ok()
        {
            return Ok(Some(Spare::Old));
        }
        self.trash.discard(&self.dir)?;
        self.trash.empty_in_background();
        Ok(None)
    }
}

/// What [`Staging::commit`] left for the next build to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spare {
    /// The site it replaced, which differs from the new one in the files
    /// this build changed.
    Old,
    /// There was no site before: a copy of the new one, linked file by
    /// file. Making it costs the first site's build some 30,000 links at
    /// 10,000 documents (0.27-0.36 s on tmpfs); without it, the build
    /// after the first would make them, on the user's first edit.
    Copy,
}

/// Makes `to` a copy of the folder `from` whose files are hard links to
/// `from`'s; whether it could (a partial copy is removed).
fn link_copy(from: &Path, to: &Path) -> bool {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(from) {
        let Ok(entry) = entry else { return false };
        let Ok(rel) = entry.path().strip_prefix(from) else { return false };
        if entry.file_type().is_dir() {
            if std::fs::create_dir_all(to.join(rel)).is_err() {
                let _ = std::fs::remove_dir_all(to);
                return false;
            }
        } else {
            files.push(rel.to_path_buf());
        }
    }
    let linked = files.par_iter().all(|rel| std::fs::hard_link(from.join(rel), to.join(rel)).is_ok());
    if !linked {
        let _ = std::fs::remove_dir_all(to);
    }
    linked
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether a new site for `target` can [keep](Staging::keep) the current
/// site's file at `rel`: the file must be in the current site, or in the
/// spare the new site starts from (which differs from the current site in
/// `differs`; `None` for an empty start). Only the current site is asked
/// where it must be, which spares some 30,000 file lookups at 10,000
/// documents.
pub fn can_keep(target: &Path, differs: Option<&HashSet<String>>, rel: &str) -> bool {
    holds_current(differs, rel) || target.join(rel).is_file()
}

/// Whether a staging folder that started from a spare differing from the
/// current site in `differs` (`None`: it started empty) already holds the
/// current site's file at `rel`.
fn holds_current(differs: Option<&HashSet<String>>, rel: &str) -> bool {
    differs.is_some_and(|d| !d.contains(rel))
}

/// Puts `new` at `target`; afterwards `new` holds the old site (if any).
/// On Linux the two trade places atomically (`renameat2` with
/// `RENAME_EXCHANGE`): there is no moment without a site.
fn swap_in(new: &Path, target: &Path) -> Result<()> {
    if !target.exists() {
        return std::fs::rename(new, target).map_err(|e| Error::io(target, "moving the new site to", e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let parked = parked_path(target);
    std::fs::rename(target, &parked).map_err(|e| Error::io(target, "moving the old site aside", e))?;
    std::fs::rename(new, target).map_err(|e| Error::io(target, "moving the new site to", e))?;
    std::fs::rename(&parked, new).map_err(|e| Error::io(&parked, "moving the old site", e))
}

/// The output folder's own name ("public").
fn site_name(target: &Path) -> String {
    target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

fn parked_path(target: &Path) -> PathBuf {
    let name = site_name(target);
    target.with_file_name(format!(".{name}.previous"))
}

/// Repairs what a build killed mid-way left beside `target`. Builds hold
/// the project's lock ([`crate::build::lock`]) while they stage, so every
/// staging folder but this process's own is debris, whatever its number
/// says: process ids are reused (within minutes on a busy machine with
/// Linux's default of 32,768), so asking whether that process still runs
/// kept debris whenever its id had been given to another program.
///
/// What it finds goes to the `trash`, which it starts emptying. Every
/// build calls it, also one that finds nothing to write: a build killed
/// while moving its old site away may have saved everything else.
pub fn repair(target: &Path, trash: &Trash) -> Result<()> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = site_name(target);
    let parked = parked_path(target);
    if parked.exists() {
        if target.exists() {
            trash.discard(&parked)?;
        } else {
            std::fs::rename(&parked, target).map_err(|e| Error::io(target, "restoring the previous site to", e))?;
        }
    }
    let prefix = format!(".{name}.building-");
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let pid = file_name.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|pid| pid != std::process::id()) {
                trash.discard(&entry.path())?;
            }
        }
    }
    trash.empty_in_background();
    Ok(())
}

#[cfg(test)]
mod staging_tests {
    use super::*;

    /// A trash outside the folder the tests look at.
    fn trash() -> (tempfile::TempDir, Trash) {
        let dir = tempfile::tempdir().unwrap();
        let trash = Trash::new(dir.path().join(".trash"));
        (dir, trash)
    }

    #[test]
    fn commit_replaces_the_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (_trash_dir, trash) = trash();
        let target = dir.path().join("public");
        std::fs::create_dir_all(target.join("old")).unwrap();
        std::fs::write(target.join("old/index.html"), "old").unwrap();
        std::fs::write(target.join("same.txt"), "same").unwrap();
        let mtime = std::fs::metadata(target.join("same.txt")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));

        let staging = Staging::new(&target, trash.clone()).unwrap();
        staging.write("index.html", b"new").unwrap();
        staging.write("same.txt", b"same").unwrap();
        staging.commit(&[], &|_| true, None).unwrap();

        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "new");
        assert!(!target.join("old").exists(), "files of the earlier build are gone");
        assert_eq!(std::fs::metadata(target.join("same.txt")).unwrap().modified().unwrap(), mtime);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }

    /// The relative paths and contents of every file under `dir`.
    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    #[cfg(unix)]
    fn a_site_started_from_the_spare_is_the_new_site_exactly_and_the_old_one_becomes_the_spare() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (_trash_dir, trash) = trash();
        let target = dir.path().join("public");
        let spare = dir.path().join("spare");
        let inode = |path: PathBuf| std::fs::metadata(path).unwrap().ino();
        // Site 1, then site 2 from an empty start: site 1 becomes the spare.
        let first = Staging::new(&target, trash.clone()).unwrap();
        for (file, text) in [("same/index.html", "same"), ("changed.html", "1"), ("gone/index.html", "gone")] {
            first.write(file, text.as_bytes()).unwrap();
        }
        assert_eq!(first.commit(&[], &|_| true, None).unwrap(), None, "there was no old site to keep");
        let second = Staging::new(&target, trash.clone()).unwrap();
        second.keep("same/index.html").unwrap();
        second.write("changed.html", b"2").unwrap();
        second.write("added.html", b"added").unwrap();
        let stale = ["gone/index.html".to_string()];
        assert_eq!(second.commit(&stale, &|_| true, Some(&spare)).unwrap(), Some(Spare::Old));
        assert_eq!(files(&spare).len(), 3, "site 1 is the spare");

        // Site 3 from the spare, which differs from site 2 in what site 2 changed.
        let differs: HashSet<String> =
            ["changed.html", "added.html", "gone/index.html"].into_iter().map(String::from).collect();
        let wanted = ["same/index.html", "changed.html", "added.html", "new/index.html"];
        let third = Staging::from_spare(&target, trash.clone(), &spare, differs).unwrap();
        assert!(!spare.exists(), "the spare is the staging folder now");
        third.keep("same/index.html").unwrap();
        third.write("changed.html", b"3").unwrap();
        third.keep("added.html").unwrap();
        third.write("new/index.html", b"new").unwrap();
        let current_changed = inode(target.join("changed.html"));
        third.commit(&[], &|f| wanted.contains(&f), Some(&spare)).unwrap();

        let expected =
            [("added.html", "added"), ("changed.html", "3"), ("new/index.html", "new"), ("same/index.html", "same")];
        let expected: Vec<(String, String)> = expected.iter().map(|(f, t)| (f.to_string(), t.to_string())).collect();
        assert_eq!(files(&target), expected, "the new site has exactly its files: the spare's stale one is gone");
        assert!(!target.join("gone").exists(), "an emptied folder goes too");
        assert_eq!(inode(target.join("added.html")), inode(spare.join("added.html")), "kept files are links");
        assert_eq!(std::fs::read_to_string(spare.join("changed.html")).unwrap(), "2", "site 2 was not written through");
        assert_eq!(inode(spare.join("changed.html")), current_changed);
    }

    #[test]
    #[cfg(unix)]
    fn the_first_site_leaves_a_linked_copy_that_the_next_starts_from() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (_trash_dir, trash) = trash();
        let target = dir.path().join("public");
        let spare = dir.path().join("spare");
        let first = Staging::new(&target, trash.clone()).unwrap();
        first.write("a/index.html", b"a").unwrap();
        first.write("b.html", b"b").unwrap();
        assert_eq!(first.commit(&[], &|_| true, Some(&spare)).unwrap(), Some(Spare::Copy));
        assert_eq!(files(&spare), files(&target));
        let inode = |path: PathBuf| std::fs::metadata(path).unwrap().ino();
        assert_eq!(inode(spare.join("a/index.html")), inode(target.join("a/index.html")), "linked, not copied");

        // The copy differs from the current site in nothing.
        let second = Staging::from_spare(&target, trash.clone(), &spare, HashSet::new()).unwrap();
        second.keep("a/index.html").unwrap();
        second.write("b.html", b"b2").unwrap();
        assert_eq!(second.commit(&[], &|_| true, Some(&spare)).unwrap(), Some(Spare::Old));
        let expected = vec![("a/index.html".to_string(), "a".to_string()), ("b.html".to_string(), "b2".to_string())];
        assert_eq!(files(&target), expected);
        assert_eq!(
            std::fs::read_to_string(spare.join("b.html")).unwrap(),
            "b",
            "the first site was not written through"
        );
    }

    #[test]
    fn dropping_without_commit_leaves_the_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (_trash_dir, trash) = trash();
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&target, trash.clone()).unwrap();
            staging.write("index.html", b"new").unwrap();
        }
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_site_parked_by_a_killed_build_is_restored() {
        let dir = tempfile::tempdir().unwrap();
        let (_trash_dir, trash) = trash();
        let target = dir.path().join("public");
        let parked = parked_path(&target);
        std::fs::create_dir_all(&parked).unwrap();
        std::fs::write(parked.join("index.html"), "old").unwrap();
        let staging = Staging::new(&target, trash.clone()).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "old");
        drop(staging);
    }

    #[test]
    fn staging_left_by_a_killed_build_is_removed_even_when_its_process_id_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let (_trash_dir, trash) = trash();
        let target = dir.path().join("public");
        // Process 1 always runs: a liveness check would keep this debris.
        let debris = dir.path().join(".public.building-1");
        std::fs::create_dir_all(&debris).unwrap();
        std::fs::write(debris.join("index.html"), "half").unwrap();
        let staging = Staging::new(&target, trash.clone()).unwrap();
        assert!(!debris.exists());
        drop(staging);
    }

    #[test]
    fn a_discarded_folder_leaves_at_once_and_the_trash_empties_itself() {
        let dir = tempfile::tempdir().unwrap();
        let (_trash_dir, trash) = trash();
        for name in ["old-a", "old-b"] {
            std::fs::create_dir_all(dir.path().join(name).join("sub")).unwrap();
            std::fs::write(dir.path().join(name).join("sub/page.html"), "x").unwrap();
            trash.discard(&dir.path().join(name)).unwrap();
            assert!(!dir.path().join(name).exists());
        }
        assert_eq!(std::fs::read_dir(&trash.dir).unwrap().count(), 2, "both wait in the trash");
        trash.empty_in_background();
        trash.empty_in_background(); // a second call while the first empties is harmless
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::read_dir(&trash.dir).unwrap().count() > 0 {
            assert!(std::time::Instant::now() < deadline, "the trash was not emptied");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}
