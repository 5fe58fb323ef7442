//! The VS Code extension packaged as a `.vsix` by `scripts/package-vscode.sh` (npm, pinned
//! `@vscode/vsce`). Runs with `MENTOR_TOOL_TESTS=1`: it needs Node.js and the npm registry.

use crate::support::tools::tool_tests_enabled;
use crate::support::{Scratch, crate_root};

#[test]
fn the_extension_packages_with_its_grammar_and_client_and_nothing_of_the_build() {
    if !tool_tests_enabled("lsp::vsix", "npm", "npm") {
        return;
    }
    let scratch = Scratch::new();
    let vsix = scratch.path().join("mentor.vsix");
    let out = std::process::Command::new(crate_root().join("scripts/package-vscode.sh"))
        .arg(&vsix)
        .output()
        .expect("run the packaging script");
    assert!(out.status.success(), "{out:#?}");
    // A .vsix is a zip; python3's zipfile lists it (python3 comes with pre-commit).
    let listing = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&vsix)
        .output()
        .expect("run python3");
    assert!(listing.status.success(), "{listing:#?}");
    let names = String::from_utf8_lossy(&listing.stdout);
    let names: Vec<&str> = names.lines().collect();
    for needed in [
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/extension.js",
        "extension/language-configuration.json",
        "extension/syntaxes/mentor.tmLanguage.json",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(names.contains(&needed), "{needed} is not in the package");
    }
    for name in &names {
        assert!(
            !name.contains("@vscode/vsce") && !name.ends_with(".gitignore"),
            "{name}: the packaging tool and repository files stay out"
        );
    }
    // The extension's version is mentor's.
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate_root().join("editors/vscode/package.json"))
            .expect("package.json"),
    )
    .expect("package.json is JSON");
    assert_eq!(package["version"], env!("CARGO_PKG_VERSION"));
}
