//! `mentor completions SHELL`: the shell's completion script, generated from the command
//! definition itself (clap_complete), so it never misses a subcommand or a flag.

use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

use super::{Cli, ExitStatus, write_stdout};

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell to complete in: bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    shell: Shell,
}

pub(super) fn run(args: CompletionsArgs) -> ExitStatus {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "mentor", &mut script);
    // The script is built from our own flag names and help texts, all UTF-8.
    write_stdout(&String::from_utf8_lossy(&script));
    ExitStatus::Clean
}
