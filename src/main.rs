fn main() -> std::process::ExitCode {
    mentor::cli::main()
}
