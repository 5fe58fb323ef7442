//! The one directory walk: which files under a directory are read, as git would see them,
//! in an order that does not depend on the file system.
//!
//! With [`super::files`], the only module that reads the file system (here: directories, and
//! what an entry's link leads to).

use std::path::{Path, PathBuf};

use super::files::{canonical, canonical_if_found};

/// What a directory walk leaves out besides what git would not see: gitignore-style globs
/// (`--exclude`, and later a config file's `exclude`), each matched relative to the directory
/// walked. Globs from several places combine: every one added excludes what it matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkOptions {
    exclude: Vec<String>,
    /// Files the run reads for another purpose (its exceptions file, its baseline), by
    /// canonical path: a walk that meets one does not read it as a log too.
    read_otherwise: Vec<PathBuf>,
    /// A directory with no log in it is no mistake (`mentor match --existing` before the first
    /// cohort has a log).
    empty_is_fine: bool,
}

impl WalkOptions {
    /// This walk, for which a directory with no log in it is no mistake.
    pub fn allowing_empty_directories(mut self) -> WalkOptions {
        self.empty_is_fine = true;
        self
    }

    /// Whether a directory with no log in it is no mistake.
    pub fn allows_empty_directories(&self) -> bool {
        self.empty_is_fine
    }

    /// A walk that leaves out nothing but what every walk does (see [`find_files`]).
    pub fn new() -> WalkOptions {
        WalkOptions::default()
    }

    /// A walk excluding `globs`, or why one of them is not a glob ([`exclude_glob`]).
    pub fn excluding<S: AsRef<str>>(
        globs: impl IntoIterator<Item = S>,
    ) -> Result<WalkOptions, String> {
        let mut walk = WalkOptions::new();
        for glob in globs {
            walk.exclude(glob.as_ref())?;
        }
        Ok(walk)
    }

    /// Adds one more glob to leave out; an invalid glob is refused with the reason.
    pub fn exclude(&mut self, glob: &str) -> Result<(), String> {
        let glob = exclude_glob(glob)?;
        if !self.exclude.contains(&glob) {
            self.exclude.push(glob);
        }
        Ok(())
    }

    /// The globs left out, in the order added.
    pub fn excluded(&self) -> &[String] {
        &self.exclude
    }

    /// Leaves `path` out of the walk: the run reads it as something else (an exceptions file,
    /// a baseline). A path that does not exist changes nothing.
    pub fn read_otherwise(&mut self, path: &Path) {
        if let Some(path) = canonical_if_found(path) {
            self.read_otherwise.push(path);
        }
    }

    /// Whether `path` is one of the files [`WalkOptions::read_otherwise`] names.
    pub fn is_read_otherwise(&self, path: &Path) -> bool {
        !self.read_otherwise.is_empty()
            && canonical_if_found(path).is_some_and(|p| self.read_otherwise.contains(&p))
    }

    /// The globs as the walker's overrides, rooted at `dir`: `!GLOB` leaves out what it matches
    /// and, with no glob that is not negated, includes nothing it would not include anyway.
    fn overrides(&self, dir: &Path) -> Result<ignore::overrides::Override, ignore::Error> {
        let mut builder = ignore::overrides::OverrideBuilder::new(dir);
        for glob in &self.exclude {
            builder.add(&format!("!{glob}"))?;
        }
        builder.build()
    }
}

/// `glob` checked as an `--exclude` value (clap's value parser, so a bad glob is a usage
/// error, exit 2): gitignore syntax (`drafts/`, `*.bak`, `2024/**/old`), relative to the
/// directory walked. A leading `!` (re-include, in a `.gitignore`) is refused: `--exclude` only
/// leaves out.
pub fn exclude_glob(glob: &str) -> Result<String, String> {
    if glob.trim().is_empty() {
        return Err("an empty glob excludes nothing".to_owned());
    }
    if glob.starts_with('!') {
        return Err(
            "a glob to exclude cannot start with `!`: `--exclude` only leaves files out".to_owned(),
        );
    }
    let mut builder = ignore::overrides::OverrideBuilder::new("");
    match builder.add(&format!("!{glob}")).and_then(|b| b.build()) {
        Ok(_) => Ok(glob.to_owned()),
        Err(error) => Err(glob_error(&error)),
    }
}

/// The reason of a glob error, without the glob (which the usage error already quotes).
fn glob_error(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Glob { err, .. } => err.clone(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => glob_error(err),
        other => other.to_string(),
    }
}

/// Directories no walk enters, at any depth, even when no ignore file names them: other tools'
/// dependencies, which hold `package.json` files and JSON or TOML data by the thousand and never
/// a program or a log (the non-hidden ones of ruff's default excludes that hold installed
/// packages; `.git`, `.venv` and other tool directories are hidden, and hidden entries are never
/// walked). A directory named on the command line is walked whatever its name.
pub const SKIPPED_DIRECTORIES: &[&str] = &[
    "node_modules",
    "bower_components",
    "__pypackages__",
    "site-packages",
    "venv",
];

/// Where a walk could not read (a directory, an entry), and why.
pub(crate) type WalkErrors = Vec<(PathBuf, std::io::Error)>;

/// Every file under `dir` that `wanted` accepts, sorted, and the directories that could not be
/// read (the walk goes on past them). The walk sees the tree as git would, wherever it is (in
/// a repository or not), and the same on every machine:
///
/// - hidden files and directories (a name starting with `.`: `.git/`, `.venv/`) are skipped;
/// - `.gitignore` and `.ignore` files are honoured in `dir` and below it, in a repository or
///   not, and in `dir`'s parents up to the root of the repository holding it (the nearest
///   directory with a `.git`), as git reads them; outside a repository no parent's file is read;
/// - the user's global git excludes (`core.excludesFile`), a clone's own `.git/info/exclude`
///   and ignore files above the repository (a `~/.ignore`) are not read: none is committed,
///   so CI and a laptop would disagree;
/// - [`SKIPPED_DIRECTORIES`] and the globs `walk` excludes are left out.
///
/// `dir` itself is walked whatever its name or the ignore files say: a path named on the command
/// line always wins. Symbolic links to directories are not followed, so a link cycle cannot
/// loop; a link to nothing is kept when `wanted` accepts its name, so reading it reports `F001`
/// instead of the file vanishing silently.
pub fn find_files(
    dir: &Path,
    walk: &WalkOptions,
    wanted: &dyn Fn(&Path) -> bool,
) -> (Vec<PathBuf>, WalkErrors) {
    let (found, errors) = find_files_with_identity(dir, walk, wanted);
    (found.into_iter().map(|(path, _)| path).collect(), errors)
}

/// [`find_files`], each path with its canonical path (a file named twice is read once). The
/// walk is of the canonical `dir` and follows no link to a directory, so only a link to a file
/// needs resolving: asking the kernel for each of 19,100 files cost more than reading them.
pub fn find_files_with_identity(
    dir: &Path,
    walk: &WalkOptions,
    wanted: &dyn Fn(&Path) -> bool,
) -> (Vec<(PathBuf, PathBuf)>, WalkErrors) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    // The walk runs over the absolute path, so the ignore files of the parents (rooted at
    // their own directories) match the paths it yields; each is shown as `dir` joined with
    // the rest, as named on the command line.
    let root = canonical(dir);
    let shown = |path: &Path| match below(&root, path) {
        Some(rest) if rest.as_os_str().is_empty() => dir.to_path_buf(),
        Some(rest) => dir.join(rest),
        None => path.to_path_buf(),
    };
    let overrides = match walk.overrides(&root) {
        Ok(overrides) => overrides,
        // Globs are checked when they are given (`exclude_glob`); this cannot happen.
        Err(error) => {
            errors.push((dir.to_path_buf(), std::io::Error::other(glob_error(&error))));
            return (found, errors);
        }
    };
    let mut builder = ignore::WalkBuilder::new(&root);
    builder
        .hidden(true)
        .parents(false)
        .ignore(true)
        .git_ignore(true)
        .require_git(false)
        .git_global(false)
        .git_exclude(false)
        .follow_links(false)
        // Unsorted: the walk's own sort asks each entry's name of its path at every comparison
        // (a third of the walk's time on 19,100 files); the paths found are sorted once below.
        .overrides(overrides);
    // The parents' ignore files, nearest first; each matches paths relative to its own
    // directory. A file that cannot be read or parsed is passed over, as git does.
    let parents: Vec<ignore::gitignore::Gitignore> = repository_parents(&root)
        .iter()
        .rev()
        .flat_map(|parent| [parent.join(".ignore"), parent.join(".gitignore")])
        .filter(|file| file.is_file())
        .filter_map(|file| {
            let mut builder = ignore::gitignore::GitignoreBuilder::new(file.parent()?);
            let _ = builder.add(&file);
            builder.build().ok()
        })
        .collect();
    builder.filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if is_dir
            && entry
                .file_name()
                .to_str()
                .is_some_and(|name| SKIPPED_DIRECTORIES.contains(&name))
        {
            return false;
        }
        // The nearest file with a rule for the path decides (`!` re-includes). The ignore files
        // inside `dir` were asked first: what they leave out never reaches here.
        !parents
            .iter()
            .map(|parent| parent.matched(entry.path(), is_dir))
            .find(|m| !m.is_none())
            .is_some_and(|m| m.is_ignore())
    });
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                if file_type.is_dir() {
                    continue;
                }
                let path = shown(entry.path());
                if !wanted(&path) {
                    continue;
                }
                if file_type.is_file() {
                    found.push((path, entry.into_path()));
                } else if file_type.is_symlink() && (path.is_file() || !path.exists()) {
                    let identity = canonical(&path);
                    found.push((path, identity));
                }
            }
            // A directory (or entry) that could not be read. An ignore file that could not be
            // read or parsed has no depth: like git, the walk goes on without its bad lines.
            Err(error) if error.depth().is_some() => {
                let path = error_path(&error).map_or_else(|| dir.to_path_buf(), shown);
                let message = error.to_string();
                let error = error
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other(message));
                errors.push((path, error));
            }
            Err(_) => {}
        }
    }
    // Every path found is `dir` joined with a path the walk built, and no two are the same.
    sort_walked(&mut found);
    // By message too: errors about one path (or none, shown as `dir`) come in the order the
    // directory listed its entries.
    errors.sort_by_cached_key(|(path, error)| (path.clone(), error.to_string()));
    (found, errors)
}

/// `path` without the leading `root`, when it is below it (or is it).
fn below<'p>(root: &Path, path: &'p Path) -> Option<&'p Path> {
    // The walk builds each path as `root` joined with names, so the bytes tell: comparing
    // component by component costs more than the walk's own work on 19,100 files.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let rest = path
            .as_os_str()
            .as_bytes()
            .strip_prefix(root.as_os_str().as_bytes())?;
        match rest {
            [] => Some(Path::new("")),
            [b'/', rest @ ..] => Some(Path::new(std::ffi::OsStr::from_bytes(rest))),
            // `root` is `/`: its separator was stripped with it.
            _ if root.as_os_str().as_bytes().ends_with(b"/") => {
                Some(Path::new(std::ffi::OsStr::from_bytes(rest)))
            }
            _ => None,
        }
    }
    #[cfg(not(unix))]
    path.strip_prefix(root).ok()
}

/// Sorts what a walk found by path, as `Path`'s own comparison does (component by component).
fn sort_walked(found: &mut [(PathBuf, PathBuf)]) {
    // Compared as keys of bytes at once, where `Path` parses components at each comparison.
    #[cfg(unix)]
    found.sort_by_cached_key(|(path, _)| walk_key(path));
    #[cfg(not(unix))]
    found.sort_by(|(a, _), (b, _)| a.cmp(b));
}

/// The bytes of `path` with each separator made a zero byte, which no name holds: compared as
/// bytes, such keys sort as `Path` does for the paths a walk finds. Each is the directory as
/// named (which may hold `./` or `//`: the same bytes in every path, so they never decide) joined
/// with names by single separators; a name holds no separator, so comparing names one by one is
/// comparing bytes with the separator before any other byte (`a/b` before `a.toml`, as `a` is
/// before `a.toml`).
#[cfg(unix)]
fn walk_key(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    bytes
        .iter()
        .map(|&b| if b == b'/' { 0 } else { b })
        .collect()
}

/// The directories above `dir` whose ignore files git reads for it, from the repository's root
/// down: none when `dir` holds its own `.git` or is in no repository.
fn repository_parents(dir: &Path) -> Vec<PathBuf> {
    let mut parents = Vec::new();
    if dir.join(".git").exists() {
        return parents;
    }
    for parent in dir.ancestors().skip(1) {
        parents.push(parent.to_path_buf());
        if parent.join(".git").exists() {
            parents.reverse();
            return parents;
        }
    }
    Vec::new()
}

/// The path a walk error is about.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_walk_finds_is_in_paths_own_order() {
        // Names that sort one way as bytes and another as paths: `.`, `-` and ` ` come before
        // `/`, and a name may be the start of another.
        let parts = ["a", "a.toml", "a-b", "a b", "ab", "b", "é", "a0", "\u{1}"];
        let mut paths: Vec<PathBuf> = Vec::new();
        for first in parts {
            paths.push(PathBuf::from("logs").join(first));
            for second in parts {
                paths.push(PathBuf::from("logs").join(first).join(second));
                paths.push(PathBuf::from("logs").join(first).join(second).join("c"));
            }
        }
        let mut by_path = paths.clone();
        by_path.sort();
        paths.reverse();
        let mut found: Vec<(PathBuf, PathBuf)> =
            paths.into_iter().map(|p| (p, PathBuf::new())).collect();
        sort_walked(&mut found);
        let walked: Vec<PathBuf> = found.into_iter().map(|(p, _)| p).collect();
        assert_eq!(walked, by_path);
        assert_eq!(
            below(Path::new("/srv/logs"), Path::new("/srv/logs/a/b.toml")),
            Some(Path::new("a/b.toml"))
        );
        assert_eq!(
            below(Path::new("/"), Path::new("/a.toml")),
            Some(Path::new("a.toml"))
        );
        assert_eq!(
            below(Path::new("/srv/logs"), Path::new("/srv/logs")),
            Some(Path::new(""))
        );
        assert_eq!(below(Path::new("/srv/log"), Path::new("/srv/logs/a")), None);
    }

    fn names(dir: &Path, walk: &WalkOptions) -> Vec<String> {
        let (found, errors) =
            find_files(dir, walk, &|p| p.extension().is_some_and(|e| e == "toml"));
        assert!(errors.is_empty(), "{errors:?}");
        found
            .iter()
            .filter_map(|p| p.strip_prefix(dir).ok())
            .map(|p| p.display().to_string())
            .collect()
    }

    #[test]
    fn a_walk_skips_hidden_ignored_dependency_and_excluded_entries() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        for name in [
            "a.toml",
            ".b.toml",
            ".git/c.toml",
            "node_modules/d/e.toml",
            "drafts/f.toml",
            "keep/drafts/g.toml",
            "old/h.toml",
            "sub/i.toml",
            "sub/j.bak.toml",
        ] {
            let path = root.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, "")?;
        }
        std::fs::write(root.join(".gitignore"), "/drafts/\n")?;
        std::fs::write(root.join("sub/.ignore"), "*.bak.toml\n")?;
        assert_eq!(
            names(root, &WalkOptions::new()),
            ["a.toml", "keep/drafts/g.toml", "old/h.toml", "sub/i.toml"]
        );
        let walk = WalkOptions::excluding(["old", "keep/"]).map_err(std::io::Error::other)?;
        assert_eq!(names(root, &walk), ["a.toml", "sub/i.toml"]);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_kept_and_a_linked_directory_is_not_followed() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir(root.join("real"))?;
        std::fs::write(root.join("real/a.toml"), "")?;
        std::os::unix::fs::symlink(root.join("real"), root.join("loop"))?;
        std::os::unix::fs::symlink(root.join("nowhere.toml"), root.join("dangling.toml"))?;
        assert_eq!(
            names(root, &WalkOptions::new()),
            ["dangling.toml", "real/a.toml"]
        );
        Ok(())
    }

    #[test]
    fn only_the_parents_inside_the_repository_give_ignore_files() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = canonical(dir.path());
        std::fs::create_dir_all(root.join("repo/.git"))?;
        std::fs::create_dir_all(root.join("repo/a/b"))?;
        assert_eq!(
            repository_parents(&root.join("repo/a/b")),
            [root.join("repo"), root.join("repo/a")]
        );
        assert!(repository_parents(&root.join("repo")).is_empty());
        Ok(())
    }

    #[test]
    fn an_exclude_glob_is_checked_when_given() {
        assert_eq!(exclude_glob("drafts/"), Ok("drafts/".to_owned()));
        assert_eq!(
            exclude_glob("**/*.bak.toml"),
            Ok("**/*.bak.toml".to_owned())
        );
        assert_eq!(
            exclude_glob("[a-"),
            Err("unclosed character class; missing ']'".to_owned())
        );
        assert!(exclude_glob("!drafts").is_err());
        assert!(exclude_glob(" ").is_err());
        let mut walk = WalkOptions::new();
        assert!(walk.exclude("a/").is_ok() && walk.exclude("a/").is_ok());
        assert_eq!(walk.excluded(), ["a/"]);
    }
}
