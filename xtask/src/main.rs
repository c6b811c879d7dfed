//! `cargo xtask …`: the project's automation. Run `cargo xtask help`.

mod bench_build;
mod bench_instructions;
mod fetch_spec;
mod paths;
mod regenerate;
mod update_spec;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  regenerate [--check] [--spec-dir DIR]
      Generate sdk/src/{management,authentication/api} and the sdk feature list from the pinned
      specs. --check writes nothing and fails, naming the files, when the committed code drifted.
  update-spec --from DIR|FILE [--doc NAME] [--commit SHA] [--spec-dir DIR]
      Re-pin to the documents in DIR (or one FILE), regenerate, and report what changed.
  fetch-spec
      Download the pinned documents into .spec-cache/ (needs internet).
  bench-build [--skip-baseline]
      Measure clean sdk builds (all features, one group) and the progenitor baseline.
  bench-instructions
      Instructions per call, SDK against raw reqwest, at 1 and 32 in flight (needs valgrind).

The spec directory is --spec-dir DIR, else $AUTH0_SPEC_DIR, else .spec-cache/.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{HELP}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "regenerate" => regenerate::run(rest),
        "update-spec" => update_spec::run(rest),
        "fetch-spec" => fetch_spec::run(rest),
        "bench-build" => bench_build::run(rest),
        "bench-instructions" => bench_instructions::run(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(true)
        }
        other => Err(anyhow::anyhow!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The value after `--name`, if present.
pub fn flag_value(args: &[String], name: &str) -> anyhow::Result<Option<String>> {
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .cloned()
            .map(Some)
            .ok_or_else(|| anyhow::anyhow!("{name} needs a value")),
        None => Ok(None),
    }
}

/// Rejects options the command does not know.
pub fn expect_only(args: &[String], known_flags: &[&str], known_valued: &[&str]) -> anyhow::Result<()> {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if known_valued.contains(&a) {
            i += 2;
        } else if known_flags.contains(&a) {
            i += 1;
        } else {
            anyhow::bail!("unexpected argument `{a}` (see `cargo xtask help`)");
        }
    }
    Ok(())
}
