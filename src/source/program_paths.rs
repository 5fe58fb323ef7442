//! Which `.mentor` files the paths on a command line name: the programs `check`, `fmt` and
//! `--program` read.

use std::path::PathBuf;

use super::files::{canonical, is_directory, not_a_program_file};
use super::register::unreadable;
use super::walk::{WalkOptions, find_files};
use super::{Sources, Span};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};

/// [`expand_program_paths_with`] with no glob excluded.
pub(crate) fn expand_program_paths(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    expand_program_paths_with(paths, &WalkOptions::new(), sources, diagnostics)
}

/// The `.mentor` files `paths` name: files as given (whatever their name or the ignore files
/// say), directories walked as [`find_files`] does, with `walk`'s globs left out, for
/// `*.mentor` (sorted). Guarantees: a directory holding none, an unreadable directory and a
/// file that is not a `.mentor` file (see [`not_a_program_file`]) are each reported (`F001`)
/// and left out; a file named twice (or inside a directory also named) is listed once.
pub(crate) fn expand_program_paths_with(
    paths: &[PathBuf],
    walk: &WalkOptions,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if is_directory(path) {
            let (found, errors) = find_files(path, walk, &|p| {
                p.extension().is_some_and(|e| e == "mentor")
            });
            for (dir, error) in errors {
                let name = dir.display().to_string();
                diagnostics.push(unreadable(sources, &name, &error.to_string()));
            }
            if found.is_empty() {
                let name = path.display().to_string();
                let id = sources.add(name.clone(), "");
                diagnostics.push(
                    Diagnostic::new(
                        &crate::rules::UNREADABLE_FILE,
                        format!("no `.mentor` file in directory `{name}`"),
                        Label::bare(Span::new(id, 0..0)),
                    )
                    .with_help(
                        "a directory walk skips hidden files and what `.gitignore` and `.ignore` \
                     files leave out; name a file to read it anyway",
                    ),
                );
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    files.retain(|file| {
        if file.as_os_str() == "-" {
            return true;
        }
        let Some(reason) = not_a_program_file(file) else {
            return true;
        };
        let name = file.display().to_string();
        diagnostics.push(unreadable(sources, &name, &reason));
        false
    });
    // A file named twice (or inside a directory also named) is checked once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(canonical(f)));
    files
}
