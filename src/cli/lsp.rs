//! `mentor lsp`: the language server, on standard input and output.

use clap::Args;

#[derive(Debug, Args)]
pub(super) struct LspArgs {
    /// Talk over stdin/stdout (the only transport; accepted because editors pass it)
    #[arg(long)]
    stdio: bool,
}

/// The protocol's own exit status (0 after `shutdown` then `exit`, 1 otherwise), not one of
/// mentor's [`super::ExitStatus`]es.
pub(super) fn run(args: LspArgs) -> std::process::ExitCode {
    let LspArgs { stdio: _ } = args;
    std::process::ExitCode::from(crate::lsp::run_stdio())
}
