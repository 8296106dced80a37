//! The `letopis` command: parse the arguments, run one command, map the outcome to an
//! exit code in this one place (0 success, 1 the edition has errors, 2 usage or I/O).

/// `eprintln!` that does not panic when nobody reads stderr any more
/// ([`letopis::diagnostics::write_stderr`]).
macro_rules! errln {
    ($($arg:tt)*) => {
        letopis::diagnostics::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!` that does not panic when nobody reads stderr any more.
macro_rules! err {
    ($($arg:tt)*) => {
        letopis::diagnostics::write_stderr(format_args!($($arg)*))
    };
}

/// `println!` that does not panic when nobody reads stdout any more
/// ([`letopis::diagnostics::write_stdout`]).
macro_rules! outln {
    ($($arg:tt)*) => {
        letopis::diagnostics::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod cli;
mod cmd;
mod serve;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap prints usage errors itself and exits with 2.
    let cli = cli::Cli::parse();
    // serve writes nothing, and stops cleanly on Ctrl-C by itself.
    let writes = !matches!(cli.command, cli::Command::Serve(_));
    if let Err(error) = writes
        .then(letopis::output::remove_temporaries_on_interrupt)
        .unwrap_or(Ok(()))
    {
        errln!("warning: {error:#}; an interrupted build may leave a temporary folder");
    }
    match cmd::run(cli.command) {
        Ok(cmd::Outcome::Success) => ExitCode::SUCCESS,
        Ok(cmd::Outcome::Failure) => ExitCode::from(1),
        Err(error) => {
            errln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
