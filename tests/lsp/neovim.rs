//! `mentor lsp` in real headless Neovim (Debian's `neovim`, 0.7): the diagnostics of a broken
//! program, go to definition into the imported library, and the formatting edits. The client is
//! started with `vim.lsp.start_client` and `buf_attach_client`, which the set-ups of
//! `docs/editors.md` (`vim.lsp.start` from 0.8, `vim.lsp.config` from 0.11) wrap; those are not
//! in 0.7, so they are not run here. Runs with `MENTOR_TOOL_TESTS=1`.

use serde_json::Value;

use crate::support::Scratch;
use crate::support::tools::tool_tests_enabled;

/// Drives the server from Neovim's own client and writes what it saw to `result.json`. Uses
/// the client API of Neovim 0.7 (`start_client`, `buf_attach_client`, `buf_request_sync`), which
/// later versions keep.
const SCRIPT: &str = r#"
local out = {}
local function finish()
  local file = io.open(vim.env.RESULT, "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qa!")
end
local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.PROGRAM))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = "mentor",
    cmd = { vim.env.MENTOR, "lsp" },
    root_dir = vim.env.ROOT,
  })
  vim.lsp.buf_attach_client(buf, client)
  vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out.diagnostics, { code = d.code, line = d.lnum + 1, message = d.message })
  end
  -- Go to definition on `decision-review` in `evidence lens decision-review`.
  local row = vim.fn.search("evidence lens decision-review")
  local col = vim.fn.getline(row):find("decision%-review") - 1
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = row - 1, character = col },
  }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/definition", params, 10000) or {}
  for _, reply in pairs(replies) do
    local result = reply.result
    if result and result[1] then result = result[1] end
    if result and result.uri then
      out.definition = { uri = result.uri, line = result.range.start.line + 1 }
    end
  end
  -- Formatting: apply the server's edits to the buffer.
  local fparams = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    options = { tabSize = 4, insertSpaces = true },
  }
  local freplies = vim.lsp.buf_request_sync(buf, "textDocument/formatting", fparams, 10000) or {}
  for _, reply in pairs(freplies) do
    if reply.result then
      out.edits = #reply.result
      vim.lsp.util.apply_text_edits(reply.result, buf, "utf-16")
    end
  end
  out.formatted = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
end)
if not ok then out.error = tostring(err) end
finish()
"#;

#[test]
fn neovim_shows_the_diagnostics_jumps_into_the_library_and_formats() {
    if !tool_tests_enabled("lsp::neovim", "nvim", "neovim") {
        return;
    }
    let scratch = Scratch::new();
    scratch.copy_programs();
    // A misspelt lens reference (P002) and a badly indented line for the formatter.
    let program = std::fs::read_to_string(scratch.path().join("programs/senior-ic.mentor"))
        .expect("read the program")
        .replacen(
            "lenses exactly 1 of decision-review, influence-review",
            "lenses exactly 1 of decision-review, influence-reveiw",
            1,
        )
        .replacen("    length ", "  length ", 1);
    let path = scratch.write("programs/senior-ic.mentor", &program);
    let script = scratch.write("drive.lua", SCRIPT);
    let result = scratch.path().join("result.json");
    let out = std::process::Command::new("nvim")
        .args([
            "--headless",
            "-n",
            "-i",
            "NONE",
            "-u",
            "NONE",
            "--noplugin",
            "-S",
        ])
        .arg(&script)
        .env("PROGRAM", &path)
        .env("MENTOR", env!("CARGO_BIN_EXE_mentor"))
        .env("ROOT", scratch.path())
        .env("RESULT", &result)
        .env("XDG_STATE_HOME", scratch.path().join("state"))
        .env("XDG_DATA_HOME", scratch.path().join("data"))
        .output()
        .expect("run nvim");
    let text = std::fs::read_to_string(&result)
        .unwrap_or_else(|_| panic!("Neovim wrote no result: {out:#?}"));
    let seen: Value = serde_json::from_str(&text).expect("the result is JSON");
    assert_eq!(seen["error"], Value::Null, "{seen:#}");

    let diagnostics = seen["diagnostics"].as_array().expect("diagnostics");
    let p002 = diagnostics
        .iter()
        .find(|d| d["code"] == "P002")
        .unwrap_or_else(|| panic!("no P002 in {diagnostics:#?}"));
    let line = program
        .lines()
        .position(|l| l.contains("influence-reveiw"))
        .expect("the misspelt line")
        + 1;
    assert_eq!(p002["line"], line);
    assert!(
        p002["message"]
            .as_str()
            .is_some_and(|m| m.contains("influence-reveiw")),
        "{p002:#}"
    );

    let definition = &seen["definition"];
    assert!(
        definition["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("programs/lib/lenses.mentor")),
        "{seen:#}"
    );
    let library = std::fs::read_to_string(scratch.path().join("programs/lib/lenses.mentor"))
        .expect("read the library");
    let lens_line = library
        .lines()
        .position(|l| l.contains("lens decision-review "))
        .expect("the lens in the library")
        + 1;
    assert_eq!(definition["line"], lens_line);

    assert_eq!(
        seen["edits"], 1,
        "only the changed line is edited: {seen:#}"
    );
    let formatted = seen["formatted"].as_str().expect("the formatted buffer");
    assert!(formatted.contains("\n    length "), "{formatted}");
    assert_eq!(formatted, program.replacen("  length ", "    length ", 1));
}
