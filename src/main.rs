// mimalloc: validating a cohort allocates and frees millions of small values (log fields,
// spans, diagnostics) across threads; the system allocator spent a fifth of the time there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    mentor::cli::main()
}
