//! Start-up only: parse the command line, run a command, map errors to exit codes.

use clap::Parser;
use scout::cli::{Cli, Command};
use scout::commands;

/// glibc's `mallopt` parameter for the size from which allocations get their own mapping.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const M_MMAP_THRESHOLD: i32 = -3;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
unsafe extern "C" {
    fn mallopt(param: i32, value: i32) -> i32;
}

/// Large buffers (CSV blocks, the parts of a roster built on worker threads) get their own
/// mapping and go back to the system when freed. glibc's default threshold grows to 32 MiB
/// as big blocks are freed, after which they stay in per-thread heaps and the peak resident
/// size of a big load grows by tens of megabytes.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator settings; called first thing in main, before
    // any other thread exists.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    }
}

fn main() {
    tune_allocator();
    // Headless commands never show a backtrace: one line, exit 1. (The planner installs its
    // own hook that restores the terminal first.)
    std::panic::set_hook(Box::new(|info| {
        // Caught where it happened, and reported there as the file's own failure.
        if scout::caught::is_caught() {
            return;
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("scout: internal error{at}: {msg}");
    }));
    let cli: Cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                std::process::exit(0);
            }
            // One readable line naming the argument, not a wall of usage; exit 1 as for any
            // bad input (shared/CONTRACT.md).
            let sub = scout::cli::subcommand_of(std::env::args_os());
            eprintln!(
                "scout: {}",
                scout::cli::usage_error_line(&e, sub.as_deref())
            );
            std::process::exit(1);
        }
    };
    let result = match &cli.command {
        Some(Command::Check {
            rosters,
            save_profile,
            read,
        }) => commands::check::run(rosters, read, save_profile.as_deref()),
        Some(Command::Config { default, read }) => commands::config_cmd(*default, read),
        Some(Command::Plan(args)) => commands::plan::run(args),
        Some(Command::Export {
            plan,
            format,
            output,
            read,
        }) => commands::export::run(plan, *format, output.as_deref(), read),
        Some(Command::Outreach(args)) => commands::outreach::run(args),
        Some(Command::Results {
            plan,
            file,
            map,
            set,
            sheet,
            dry_run,
            read: _,
        }) => commands::results::run(plan, file, map, set, sheet.as_deref(), *dry_run),
        Some(Command::Completions { shell }) => commands::completions(*shell),
        Some(Command::Man) => commands::man_page(),
        None => commands::planner::run(&cli),
    };
    drop(cli);
    match result {
        Ok(code) => std::process::exit(code),
        Err(msg) => {
            eprintln!("scout: {msg}");
            std::process::exit(1);
        }
    }
}
