//! The server answers malformed input with JSON-RPC errors and keeps running; `shutdown` then
//! `exit` ends it with status 0, `exit` alone with 1.

use serde_json::{Value, json};

use super::client::{Client, uri};
use super::workspace;
use crate::support::{REFERENCE_PROGRAM, Scratch, reference_text};

fn error_code(response: &Value) -> i64 {
    response["error"]["code"].as_i64().unwrap_or(0)
}

#[test]
fn malformed_messages_get_errors_and_the_server_keeps_running() {
    let (scratch, mut client) = workspace();
    let uri = uri(&scratch.path().join(REFERENCE_PROGRAM));
    client.open(&uri, "mentor", &reference_text());

    // Not JSON: a parse error with a null id.
    client.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let response = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(error_code(&response), -32700);
    assert_eq!(response["id"], Value::Null);

    // JSON, but no JSON-RPC message.
    client.send(&json!([1, 2, 3]));
    let response = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(error_code(&response), -32600);

    // A header the server cannot frame.
    client.write_raw(b"Content-Lenght 12\r\n\r\n");
    let response = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(error_code(&response), -32700);

    // Wrong parameters, an unknown method, a document never opened, a position far away.
    let response = client.request_raw("textDocument/hover", json!({ "position": 3 }));
    assert_eq!(error_code(&response), -32602);
    let response = client.request_raw("mentor/unknown", json!({}));
    assert_eq!(error_code(&response), -32601);
    let never_opened = json!({
        "textDocument": { "uri": "file:///nowhere/x.mentor" },
        "position": { "line": 0, "character": 0 },
    });
    assert_eq!(
        client.request("textDocument/hover", never_opened),
        Value::Null
    );
    for (line, character) in [(0, 9999), (9999, 0), (u32::MAX, u32::MAX)] {
        let far = json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character },
        });
        client.request("textDocument/hover", far.clone());
        client.request("textDocument/definition", far.clone());
        client.request("textDocument/completion", far);
    }
    // Invalid notifications are ignored.
    client.notify("textDocument/didChange", json!({ "nonsense": true }));
    client.notify("textDocument/didOpen", json!(null));

    // Still answering.
    let hover = client.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": uri },
            "position": super::position_of(&reference_text(), "phase framing", 8),
        }),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("Framing & Trust")),
        "{hover}"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn every_prefix_of_a_program_is_answered() {
    let (scratch, mut client) = workspace();
    let uri = uri(&scratch.path().join(REFERENCE_PROGRAM));
    let text = reference_text();
    client.open(&uri, "mentor", "");
    let cuts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .step_by(97)
        .chain([text.len()])
        .collect();
    for (version, cut) in cuts.into_iter().enumerate() {
        let prefix = &text[..cut];
        let version = version as i64 + 2;
        client.change(&uri, version, prefix);
        client.diagnostics(&uri, version);
        let end = super::client::position_of(prefix, prefix, prefix.len());
        for method in [
            "textDocument/completion",
            "textDocument/hover",
            "textDocument/definition",
        ] {
            client.request(
                method,
                json!({ "textDocument": { "uri": uri }, "position": end }),
            );
        }
        client.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        client.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
        );
    }
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    let scratch = Scratch::new();
    let mut client = Client::spawn(scratch.path());
    let response = client.request_raw("textDocument/hover", json!({}));
    assert_eq!(error_code(&response), -32002);
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    let response = client.request_raw("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null);
    let response = client.request_raw("textDocument/hover", json!({}));
    assert_eq!(error_code(&response), -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status(), 0);
}

#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let scratch = Scratch::new();
    let mut client = Client::start(scratch.path());
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status(), 1);
}
