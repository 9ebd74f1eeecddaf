//! The `ogel` command: parse the command line, run, and map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    ogel::cli::main()
}
