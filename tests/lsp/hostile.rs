//! Hostile and careless input to the language server: request ids of every JSON kind, header
//! lines of megabytes, documents with thousands of problems, import chains of thousands of
//! files, and big programs beside an open log.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use super::client::{Client, position_of, uri};
use super::workspace;
use crate::cli::reading::{program_importing, write_import_chain};
use crate::support::{REFERENCE_PROGRAM, Scratch, reference_text};

/// JSON-RPC allows any string or number as a request id; `lsp-server` holds only strings and
/// `i32`s, and the server took a request with any other id for a notification: no answer.
#[test]
fn every_request_gets_an_answer_whatever_its_id() {
    let (scratch, mut client) = workspace();
    let uri = uri(&scratch.path().join(REFERENCE_PROGRAM));
    let text = reference_text();
    client.open(&uri, "mentor", &text);
    let hover = |id: Value| {
        json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {
                "textDocument": { "uri": uri },
                "position": position_of(&text, "phase framing", 8),
            },
        })
    };
    // Valid ids get the real answer, under the same id.
    for id in [
        json!("a string id"),
        json!(1_099_511_627_776_u64),
        json!(-9_007_199_254_740_991_i64),
        json!(u64::MAX),
        json!(2.5),
    ] {
        client.send(&hover(id.clone()));
        let response = client.wait_for(|m| m.get("id") == Some(&id));
        assert!(
            response["result"]["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("Framing & Trust")),
            "{id}: {response}"
        );
    }
    // Ids that are not ids: Invalid Request, with a null id (the request's cannot be used).
    for id in [json!({ "a": 1 }), json!([1]), json!(true), json!(null)] {
        client.send(&hover(id.clone()));
        let response = client.wait_for(|m| m.get("error").is_some());
        assert_eq!(response["error"]["code"], -32600, "{id}: {response}");
        assert_eq!(
            response["error"]["message"],
            "a request id must be a string or a number"
        );
        assert_eq!(response["id"], Value::Null);
    }
    assert_eq!(client.shutdown(), 0);
}

/// A header line of 50 MiB was read whole and quoted back whole in the error.
#[test]
fn a_50_mib_header_line_is_answered_briefly_and_the_server_carries_on() {
    let (scratch, mut client) = workspace();
    let uri = uri(&scratch.path().join(REFERENCE_PROGRAM));
    let mut garbage = vec![b'x'; 50 * 1024 * 1024];
    garbage.extend(b"\r\n\r\n");
    client.write_raw(&garbage);
    let response = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(response["error"]["code"], -32700);
    let message = response["error"]["message"].as_str().unwrap_or_default();
    assert_eq!(
        message,
        format!(
            "a header line of more than 1024 bytes, starting `{}…`",
            "x".repeat(80)
        )
    );
    let text = reference_text();
    client.open(&uri, "mentor", &text);
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    assert_eq!(client.shutdown(), 0);
}

/// A document of thousands of bad lines gets the CLI's 200 diagnostics per file and one more
/// that counts the rest; a million lines was one message of 120 MiB.
#[test]
fn at_most_200_diagnostics_are_published_for_a_document() {
    let (scratch, mut client) = workspace();
    let lines = 5_000;
    let text = "garbage\n".repeat(lines);
    let path = scratch.write("programs/garbage.mentor", &text);
    let uri = uri(&path);
    client.open(&uri, "mentor", &text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 201);
    assert!(diagnostics[..200].iter().all(|d| d["code"] == "S002"));
    let last = &diagnostics[200];
    assert_eq!(
        last["message"],
        format!(
            "{} more problems not shown from here on: at most 200 per file, as `mentor check` shows",
            lines - 200
        )
    );
    assert_eq!(last["severity"], 3);
    assert_eq!(
        last["range"]["start"],
        json!({ "line": 200, "character": 0 })
    );
    // The CLI shows the same 200 and counts the same rest.
    let (output, shown) = scratch.check_json(&["programs/garbage.mentor"]);
    assert_eq!(shown.len(), 200);
    assert_eq!(output.json()["summary"]["not_shown"], lines - 200);
    assert_eq!(client.shutdown(), 0);
}

/// The index behind hover and go to definition followed imports by recursion too.
#[test]
fn an_import_chain_of_14000_files_is_indexed_without_overflowing_the_stack() {
    let scratch = Scratch::new();
    write_import_chain(&scratch, 14_000);
    let mut client = Client::start(scratch.path());
    let path = scratch.path().join("chain/demo.mentor");
    let uri = uri(&path);
    let text = program_importing("l0.mentor");
    client.open(&uri, "mentor", &text);
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    let at_lens = json!({
        "textDocument": { "uri": uri },
        "position": position_of(&text, "evidence lens decision-review", 14),
    });
    let definition = client.request("textDocument/definition", at_lens);
    let deepest = super::client::uri(&scratch.path().join("chain/l13999.mentor"));
    assert_eq!(definition["uri"], deepest, "{definition}");
    assert_eq!(client.shutdown(), 0);
}

const LOG: &str = "program = \"senior-ic\"\npair = \"pair-1\"\nstarted = 2025-01-06\n";

fn note(diagnostics: &[Value]) -> String {
    diagnostics
        .iter()
        .find_map(|d| {
            d["message"]
                .as_str()
                .filter(|m| m.starts_with("not validated"))
        })
        .unwrap_or_else(|| panic!("no note in {diagnostics:#?}"))
        .to_owned()
}

/// The `.mentor` files beside an open log were read again on every edit of the log; one the
/// log does not name is now read once per size and modification time, and one over the size
/// limit is not read at all.
#[test]
fn programs_beside_a_log_are_not_read_again_on_every_edit() {
    let scratch = Scratch::new();
    let other = scratch.write("other.mentor", "program senior-ix \"Other\" {\n}\n");
    std::fs::File::create(scratch.path().join("huge.mentor"))
        .and_then(|f| f.set_len(300 * 1024 * 1024))
        .expect("a sparse file");
    let log = scratch.write("pair-1.toml", LOG);
    let log_uri = uri(&log);
    let mut client = Client::start(scratch.path());
    client.open(&log_uri, "toml", LOG);
    let expected = "not validated: no `.mentor` file in this directory or above it declares \
                    program `senior-ic`; did you mean `senior-ix`?";
    assert_eq!(note(&client.diagnostics(&log_uri, 1)), expected);

    // Same size, same time: the server does not look inside again.
    let written = std::fs::metadata(&other)
        .and_then(|m| m.modified())
        .expect("a modification time");
    std::fs::write(&other, "program senior-iy \"Other\" {\n}\n").expect("rewrite");
    let set_time = |time: SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(&other)
            .and_then(|f| f.set_modified(time))
            .expect("set the modification time");
    };
    set_time(written);
    client.change(&log_uri, 2, LOG);
    assert_eq!(note(&client.diagnostics(&log_uri, 2)), expected);

    // A new modification time: read again.
    set_time(written + Duration::from_secs(5));
    client.change(&log_uri, 3, LOG);
    assert_eq!(
        note(&client.diagnostics(&log_uri, 3)),
        expected.replace("senior-ix", "senior-iy")
    );
    assert_eq!(client.shutdown(), 0);
}

/// Hover on an import the server refused to read says why, and the file's text is not shown.
#[test]
fn hover_on_an_import_that_is_not_mentor_says_nothing_is_imported() {
    let scratch = Scratch::new();
    let secret = "hunter2-5e6f7a8b";
    scratch.write("notes.txt", format!("library {secret} \"x\" {{\n}}\n"));
    let text = program_importing("notes.txt");
    let path = scratch.write("demo.mentor", &text);
    let uri = uri(&path);
    let mut client = Client::start(scratch.path());
    client.open(&uri, "mentor", &text);
    let diagnostics = client.diagnostics(&uri, 1);
    // The path is the document's directory joined to the import, as `mentor check` shows it.
    let expected = format!(
        "`{}` is not a `.mentor` file\nhelp: an import names a library written in a `.mentor` \
         file; no other file is read",
        path.with_file_name("notes.txt").display()
    );
    let p016: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "P016").collect();
    assert_eq!(p016.len(), 1, "{diagnostics:#?}");
    assert_eq!(p016[0]["message"], expected);
    assert_eq!(
        p016[0]["range"]["start"],
        position_of(&text, "\"notes.txt", 0)
    );
    assert!(
        !serde_json::to_string(&diagnostics)
            .unwrap_or_default()
            .contains(secret)
    );
    let hover = client.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "notes.txt", 2),
        }),
    );
    assert_eq!(
        hover["contents"]["value"],
        "nothing is imported: no `.mentor` file at this path (imports read only `.mentor` files)"
    );
    assert_eq!(client.shutdown(), 0);
}
