//! `conector`: the command line over the same core as the desktop app (SPEC §8).

fn main() -> std::process::ExitCode {
    conector_cli::main_from_env()
}
