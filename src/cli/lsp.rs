//! `mentor lsp`: the language server, on standard input and output.

use clap::Args;

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over stdin/stdout (the only transport; accepted because editors pass it)
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: LspArgs) -> u8 {
    let LspArgs { stdio: _ } = args;
    crate::lsp::run_stdio()
}
