//! Where a command's output goes ([`write_to`]: stdout, or `-o FILE` unless FILE is one of the
//! run's inputs) and the one way the tool writes a file ([`write_file`]): atomically where it
//! can, in place where a rename would lose something, never through what another user planted.
//! An output may be produced as it is written ([`Content`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::write_stdout_with;
use crate::source::Sources;

/// What a command writes, produced as it is written, so that an output of hundreds of
/// megabytes (a cohort report naming every pair) is never held whole. It is called once for
/// each place the output goes (a file written in place gets the bytes of the copy beside it).
pub(super) type Content<'a> = &'a dyn Fn(&mut dyn Write) -> std::io::Result<()>;

/// Writes a command's output to `-o FILE` ([`write_output`]), or to stdout when there is none
/// or it is `-`; whether it was written.
pub(super) fn write_to(output: Option<&Path>, text: &str, read: &Sources) -> bool {
    write_to_with(output, &|out| out.write_all(text.as_bytes()), read)
}

/// [`write_to`] for an output produced as it is written ([`Content`]).
pub(super) fn write_to_with(output: Option<&Path>, content: Content<'_>, read: &Sources) -> bool {
    match output.filter(|p| *p != Path::new("-")) {
        None => {
            write_stdout_with(content);
            true
        }
        Some(path) => write_output_with(path, content, read).is_ok(),
    }
}

/// Writes a command's output to `path`, unless `path` is one of the files the run read (a
/// program, a library, a log), under that name or any other (a symbolic or hard link): nothing
/// the user wrote is replaced by a report about it. Problems are printed on stderr; `Err` means
/// the output was not written (a device, or a file written in place, may have part of it).
pub(super) fn write_output(path: &Path, text: &str, read: &Sources) -> Result<(), ()> {
    write_output_with(path, &|out| out.write_all(text.as_bytes()), read)
}

/// [`write_output`] for an output produced as it is written ([`Content`]).
pub(super) fn write_output_with(
    path: &Path,
    content: Content<'_>,
    read: &Sources,
) -> Result<(), ()> {
    if let Some(input) = input_at(path, read) {
        let through = if input == STDIN_NAME {
            " (standard input is redirected from it)".to_owned()
        } else if Path::new(input) == path {
            String::new()
        } else {
            " (the same file under another name)".to_owned()
        };
        eprintln!(
            "error: not writing `{}`: it is one of the files this run read, `{}`{through}",
            super::shown_path(path),
            super::shown_path(Path::new(input))
        );
        return Err(());
    }
    write_file_with(path, content).map_err(|error| {
        eprintln!("error: cannot write `{}`: {error}", super::shown_path(path));
    })
}

/// The name of the file the run read that `path` is, if it is one: the same device and inode,
/// so a symbolic link or a hard link to an input is recognised. Only a regular file counts:
/// `-o /dev/null` is fine even when the run read `/dev/null`. When the run read standard input
/// (`-`, registered as `<stdin>`), the file standard input is redirected from counts too:
/// `mentor playbook - -o p.mentor < p.mentor` would otherwise replace the program it read.
fn input_at<'s>(path: &Path, read: &'s Sources) -> Option<&'s str> {
    let target = file_identity(path)?;
    read.ids().map(|id| read.name(id)).find(|input| {
        file_identity(Path::new(input)).as_ref() == Some(&target)
            || (*input == STDIN_NAME && stdin_identity().as_ref() == Some(&target))
    })
}

/// The name a source read from standard input is registered under (`check::load_stdin`,
/// `log::files`), even when it could not be read or decoded.
const STDIN_NAME: &str = "<stdin>";

/// [`file_identity`] of what standard input is, when it is a regular file (`< file`); a pipe
/// or a terminal is not a file an output could replace.
#[cfg(unix)]
fn stdin_identity() -> Option<(u64, u64)> {
    use std::os::fd::AsFd as _;
    use std::os::unix::fs::MetadataExt as _;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    let metadata = std::fs::File::from(fd)
        .metadata()
        .ok()
        .filter(|m| m.is_file())?;
    Some((metadata.dev(), metadata.ino()))
}

/// Without `fstat`, standard input cannot be told from a file by name: it never matches.
#[cfg(not(unix))]
fn stdin_identity() -> Option<PathBuf> {
    None
}

/// What makes a regular file itself, whatever it is called.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    let metadata = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    Some((metadata.dev(), metadata.ino()))
}

/// Without inode numbers, the canonical path: links are resolved, hard links are not seen.
#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<PathBuf> {
    std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    path.canonicalize().ok()
}

/// How many symbolic links `write_file` follows before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Marks a temporary file as ours: `.<name>.mentor-tmp-<pid>-<random>` beside `<name>`.
const TEMPORARY_MARK: &str = ".mentor-tmp-";

/// The one way the tool writes a file (`fmt`, `-o`, `--output`, `new`). What it does depends on
/// what `path` is:
///
/// - `/dev/stdout` (or `/dev/fd/1`) is standard output, as `-` is (a reader that stops early
///   is not an error); `/dev/stderr` likewise.
/// - A symbolic link is followed: the link stays a link and its target gets the output. In a
///   sticky directory anyone may write to (`/tmp`), a link or file of another user is refused
///   and hard links are not written through: they may have been planted to aim the run.
/// - A device, FIFO or socket is opened and written in place (never replaced by a regular
///   file); a write error such as `/dev/full`'s is returned.
/// - A regular file without any write permission bit is refused, even for root, and so is one
///   this user may not open for writing.
/// - Otherwise a temporary file in the target's directory gets the output, the replaced file's
///   owner, group and mode (a new file's mode is 0666 less the umask), and is renamed over the
///   target, so a crash or a full disk never leaves a truncated file where a good one was.
/// - Where a rename would lose something, the file is written in place instead: a file with
///   several hard links (the links would split), one whose owner this user cannot give to a new
///   file, one in a directory where no file can be created. The output is first written to a
///   temporary file beside it when the directory allows, so a full disk is found before the
///   original is touched, and the file gets that copy's bytes; a write error past that point
///   (or with no copy) leaves the file partly written.
///
/// Temporary files left by a killed run (their process is gone) are removed when a later run
/// writes into the same directory.
pub(super) fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    write_file_with(path, &|out| out.write_all(text.as_bytes()))
}

/// [`write_file`] for an output produced as it is written ([`Content`]).
pub(super) fn write_file_with(path: &Path, content: Content<'_>) -> std::io::Result<()> {
    if let Some(stream) = standard_stream(path) {
        return write_stream(stream, content);
    }
    let target = follow_links(path)?;
    // Devices are opened by `path` itself, letting the kernel follow /proc's magic links to
    // pipes (`--output json=>(jq .)` names /dev/fd/63), which have no path to follow by hand.
    match std::fs::metadata(path) {
        Ok(found) if is_special(&found) => write_special(path, content),
        Ok(found) if found.is_dir() => Err(std::io::Error::other("it is a directory")),
        _ => match std::fs::metadata(&target) {
            Ok(existing) if existing.is_file() => replace(&target, content, Some(&existing)),
            // Changed since it was looked at: the same answers as above.
            Ok(found) if is_special(&found) => write_special(&target, content),
            Ok(_) => Err(std::io::Error::other("it is not a file")),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                replace(&target, content, None)
            }
            Err(error) => Err(error),
        },
    }
    .map_err(without_temporary_path)
}

/// Creates the directory `path` and its missing parents (`mentor man --dir`), as `mkdir -p`.
pub(super) fn create_dir_all(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

/// Whether writing `path` would replace something the user has (`mentor new` asks for `--force`
/// first): a file, or a link even to nothing. Standard streams, devices and FIFOs are written
/// to, not replaced.
pub(super) fn would_replace(path: &Path) -> bool {
    if standard_stream(path).is_some() {
        return false;
    }
    match std::fs::metadata(path) {
        Ok(found) => !is_special(&found),
        Err(_) => std::fs::symlink_metadata(path).is_ok(),
    }
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// The names of the process's own output streams: writing them is writing to the stream, not
/// replacing whatever file the stream happens to be redirected to.
fn standard_stream(path: &Path) -> Option<Stream> {
    match path.to_str()? {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Stream::Stdout),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Stream::Stderr),
        _ => None,
    }
}

fn write_stream(stream: Stream, content: Content<'_>) -> std::io::Result<()> {
    let written = match stream {
        Stream::Stdout => write_buffered(std::io::stdout().lock(), content),
        Stream::Stderr => write_buffered(std::io::stderr().lock(), content),
    };
    match written {
        // A reader that stopped early (`-o /dev/stdout | head`) had what it wanted, as for `-o -`.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
}

/// Writes `content` to `out` through a buffer, so a content written in small pieces is not a
/// system call a piece.
pub(super) fn write_buffered(out: impl Write, content: Content<'_>) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    content(&mut buffered)?;
    buffered.flush()
}

#[cfg(unix)]
fn is_special(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    let kind = metadata.file_type();
    kind.is_char_device() || kind.is_block_device() || kind.is_fifo() || kind.is_socket()
}

#[cfg(not(unix))]
fn is_special(metadata: &std::fs::Metadata) -> bool {
    !metadata.is_file() && !metadata.is_dir()
}

/// A device or FIFO: opened (a FIFO waits for its reader, as a shell redirection does) and
/// written; never created, truncated or renamed over.
fn write_special(path: &Path, content: Content<'_>) -> std::io::Result<()> {
    write_buffered(std::fs::OpenOptions::new().write(true).open(path)?, content)
}

/// The path a chain of symbolic links ends at (which may not exist yet: writing through a
/// dangling link creates its target, as a shell redirection does). Each relative link is taken
/// from the directory of the link, and no path is normalised, so `..` means what the kernel
/// says it means.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(found) if found.file_type().is_symlink() => {
                refuse_planted(&current, &found, "a symbolic link")?;
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// A directory anyone may write to and only owners may delete from (sticky, like `/tmp`): what
/// sits there may have been planted by another user to aim a run (perhaps as root) at a file of
/// their choosing.
#[cfg(unix)]
fn in_shared_directory(path: &Path) -> Option<std::fs::Metadata> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(directory_of(path))
        .ok()
        .filter(|dir| dir.mode() & 0o1002 == 0o1002)
}

#[cfg(not(unix))]
fn in_shared_directory(_path: &Path) -> Option<std::fs::Metadata> {
    None
}

/// In a shared directory, a link or file that belongs neither to this user nor to the
/// directory's owner is not written through: the kernel's own `protected_symlinks` and
/// `protected_regular` rules, applied whatever the machine's settings.
#[cfg(unix)]
fn refuse_planted(path: &Path, found: &std::fs::Metadata, what: &str) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt as _;
    let owner = found.uid();
    match in_shared_directory(path) {
        Some(dir) if owner != rustix::process::geteuid().as_raw() && owner != dir.uid() => {
            Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "{what} belongs to another user (uid {owner}) in a directory anyone can \
                     write to; not writing through it"
                ),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(not(unix))]
fn refuse_planted(_path: &Path, _found: &std::fs::Metadata, _what: &str) -> std::io::Result<()> {
    Ok(())
}

/// Replaces the regular file `target` (or creates it, when `existing` is `None`).
fn replace(
    target: &Path,
    content: Content<'_>,
    existing: Option<&std::fs::Metadata>,
) -> std::io::Result<()> {
    let dir = directory_of(target);
    remove_stale_temporaries(dir);
    if let Some(existing) = existing {
        refuse_planted(target, existing, "the file")?;
        refuse_read_only(existing)?;
        // The kernel's own check of this user's right to write it: a rename only needs the
        // directory to be writable, and would replace a file the user may not change.
        std::fs::OpenOptions::new().write(true).open(target)?;
        // In a shared directory a second link may be another user's, made to a file of ours
        // they want overwritten (`protected_hardlinks` is not always on): there the link is
        // replaced, not written through.
        if hard_links(existing) > 1 && in_shared_directory(target).is_none() {
            return write_in_place(target, content);
        }
    }
    let name = target
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path does not name a file"))?;
    let prefix = temporary_prefix(name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(6);
    if let Some(permissions) = creation_permissions(existing) {
        builder.permissions(permissions);
    }
    let mut file = match builder.tempfile_in(dir) {
        Ok(file) => file,
        Err(error)
            if existing.is_some() && error.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            // A writable file in a directory where no file can be created.
            return write_in_place(target, content);
        }
        Err(error) => return Err(error),
    };
    if let Some(existing) = existing {
        if !keep_owner(file.as_file(), existing)? {
            drop(file);
            return write_in_place(target, content);
        }
        // After the owner: changing it clears the set-user-id and set-group-id bits.
        file.as_file().set_permissions(existing.permissions())?;
    }
    write_buffered(file.as_file_mut(), content)?;
    file.as_file().sync_all()?;
    file.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `.<name>.mentor-tmp-<pid>-`: recognisable beside its target, hidden from `ls`, and with the
/// process that owns it, so a later run can tell a dead run's file from a live one's. Long
/// names are shortened so the whole name stays within the 255 bytes a file name may have.
fn temporary_prefix(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let name = name.to_string_lossy();
    let mut end = name.len().min(200);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let shortened = name.get(..end).unwrap_or_default();
    format!(".{shortened}{TEMPORARY_MARK}{}-", std::process::id()).into()
}

/// Removes the temporary files of runs that were killed before they could rename or remove
/// them, once per directory and run. A file whose process still runs is left alone: it may be
/// another run writing beside us.
fn remove_stale_temporaries(dir: &Path) {
    use std::collections::HashSet;
    use std::sync::{Mutex, PoisonError};
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut cleaned = CLEANED.lock().unwrap_or_else(PoisonError::into_inner);
        if !cleaned
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temporary_owner(&name.to_string_lossy()) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        if is_file && pid != std::process::id() && !process_exists(pid) {
            // Best effort: a file we cannot remove is no worse than before.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file name `write_file` made, if `name` is one.
fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, after) = rest.rsplit_once(TEMPORARY_MARK)?;
    let (pid, random) = after.split_once('-')?;
    (!random.is_empty() && random.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| pid.parse().ok())
        .flatten()
}

#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // Signal 0 checks without sending: ESRCH means no such process; EPERM means one runs that
    // is not ours.
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(error) => error != rustix::io::Errno::SRCH,
    }
}

#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    // Cannot tell: keep the file rather than remove a live run's.
    true
}

/// Writes over the existing file itself, keeping its inode (so its hard links, owner and mode).
/// The output goes to a temporary file beside it first, when the directory allows one, so a full
/// disk fails the write before the original is touched; the file then gets that copy's bytes,
/// so the output is made once and what is written is what fitted.
fn write_in_place(target: &Path, content: Content<'_>) -> std::io::Result<()> {
    use std::io::Seek as _;
    let dir = directory_of(target);
    let probe = target.file_name().and_then(|name| {
        tempfile::Builder::new()
            .prefix(&temporary_prefix(name))
            .rand_bytes(6)
            .tempfile_in(dir)
            .ok()
    });
    let mut file = std::fs::OpenOptions::new().write(true).open(target)?;
    match probe {
        Some(mut probe) => {
            write_buffered(probe.as_file_mut(), content)?;
            probe.as_file().sync_all()?;
            probe.as_file_mut().rewind()?;
            std::io::copy(probe.as_file_mut(), &mut file)?;
        }
        None => write_buffered(&mut file, content)?,
    }
    // What was there beyond the new output's end goes.
    let end = file.stream_position()?;
    file.set_len(end)?;
    file.sync_all()
}

/// A file nobody may write is not replaced, whoever runs the tool: root passes every
/// permission check, so the mode bits are read rather than relying on the kernel to refuse.
#[cfg(unix)]
fn refuse_read_only(existing: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = existing.permissions().mode() & 0o7777;
    if mode & 0o222 == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("it is read-only (mode {mode:04o}); make it writable to replace it"),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_read_only(existing: &std::fs::Metadata) -> std::io::Result<()> {
    if existing.permissions().readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it is read-only; make it writable to replace it",
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn hard_links(existing: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt as _;
    existing.nlink()
}

#[cfg(not(unix))]
fn hard_links(_existing: &std::fs::Metadata) -> u64 {
    1
}

/// The mode the temporary file is created with: the replaced file's (the umask can only narrow
/// it; the exact mode is set once the owner is), or 0666 for a new file, which the kernel
/// narrows by the umask as for any new file.
#[cfg(unix)]
fn creation_permissions(existing: Option<&std::fs::Metadata>) -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = existing.map_or(0o666, |e| e.permissions().mode() & 0o777);
    Some(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn creation_permissions(_existing: Option<&std::fs::Metadata>) -> Option<std::fs::Permissions> {
    None
}

/// Gives the temporary file the owner and group of the file it replaces. `Ok(false)` when this
/// user may not (only root can give a file away): the caller then writes in place, which keeps
/// them.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, existing: &std::fs::Metadata) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt as _;
    let created = file.metadata()?;
    if (created.uid(), created.gid()) == (existing.uid(), existing.gid()) {
        return Ok(true);
    }
    match std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid())) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => Ok(false),
        Err(error) => Err(error),
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _existing: &std::fs::Metadata) -> std::io::Result<bool> {
    Ok(true)
}

/// tempfile names its temporary file in its errors (`… at path /dir/.x.mentor-tmp-…`); the
/// user asked for the target, which the caller names.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    let message = error.to_string();
    match message.split_once(" at path ") {
        Some((shown, _)) => std::io::Error::new(error.kind(), shown.to_owned()),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_name_is_recognised_as_ours_with_its_process() {
        for name in [
            "out.md",
            "mentor.sarif",
            ".hidden",
            "ü.md",
            &"x".repeat(255),
        ] {
            let temporary = format!(
                "{}Ab3xYz",
                temporary_prefix(std::ffi::OsStr::new(name)).to_string_lossy()
            );
            assert!(temporary.len() <= 255, "{name}: {} bytes", temporary.len());
            assert_eq!(
                temporary_owner(&temporary),
                Some(std::process::id()),
                "{name}"
            );
        }
        for other in [
            ".out.md.tmpAb3xYz",
            "out.md.mentor-tmp-12-Ab3xYz",
            ".out.md.mentor-tmp-12-",
            ".out.md.mentor-tmp-x-Ab3xYz",
        ] {
            assert_eq!(temporary_owner(other), None, "{other}");
        }
    }
}
