//! Every `.mentor` file in `programs/` (found by walking it, so new files are covered) checks
//! clean, one at a time and all together.

use crate::support::{check_json, crate_root, mentor_files};

fn program_files() -> Vec<String> {
    let root = crate_root();
    let files: Vec<String> = mentor_files(&root.join("programs"))
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .expect("under the crate root")
                .display()
                .to_string()
        })
        .collect();
    assert!(
        files.iter().any(|f| f == "programs/senior-ic.mentor"),
        "the walk finds the reference program: {files:?}"
    );
    files
}

#[test]
fn every_program_checks_clean() {
    for file in program_files() {
        let (output, diagnostics) = check_json(crate_root(), &[&file]);
        assert_eq!(diagnostics, vec![], "{file} has diagnostics");
        assert_eq!(output.status, 0, "{file}: exit status\n{output:#?}");
    }
}

#[test]
fn the_programs_directory_checks_clean() {
    let (output, diagnostics) = check_json(crate_root(), &["programs"]);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(
        output.json()["summary"]["files"].as_u64(),
        Some(program_files().len() as u64),
        "a directory is searched for every `.mentor` file in it"
    );
}
