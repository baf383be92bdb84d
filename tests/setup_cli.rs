//! Setting scout up like other command-line tools: completions, a man page, and a clear word
//! when the planner is started without a terminal.

mod common;
use common::{scout_on_defaults as scout, text};

#[test]
fn completions_for_every_shell_know_the_commands_and_flags() {
    for (shell, marker) in [
        ("bash", "complete -F _scout"),
        ("zsh", "#compdef scout"),
        ("fish", "complete -c scout"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[scout]"),
    ] {
        let o = scout(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", text(&o.stderr));
        let script = text(&o.stdout);
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for word in ["check", "export", "max-creators", "min-engagement"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
    }
    let o = scout(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).starts_with("scout: "),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn the_man_page_is_roff_with_a_section_per_command() {
    let o = scout(&["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let page = text(&o.stdout);
    assert!(page.contains(".TH scout 1"));
    for section in ["SCOUT CHECK", "SCOUT PLAN", "SCOUT EXPORT", "SCOUT CONFIG"] {
        assert!(page.contains(section), "no {section}");
    }
    assert!(
        page.contains("\\-\\-max\\-creators"),
        "plan's options are listed"
    );
    // One page: no pointers to per-command pages that are not installed.
    assert!(!page.contains("scout\\-check(1)"), "{page}");
}

#[test]
fn the_planner_without_a_terminal_says_so_in_one_line() {
    // Standard output is a pipe here, as in a script.
    let o = scout(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("the planner needs a terminal"), "{err}");
    assert!(
        err.contains("scout check") && err.contains("scout plan"),
        "{err}"
    );
    // Bad flags are still reported as such first.
    let o = scout(&["--tier", "gigantic"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !text(&o.stderr).contains("needs a terminal"),
        "{}",
        text(&o.stderr)
    );
}
