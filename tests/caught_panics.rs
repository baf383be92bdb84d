//! A panic caught by a reader (`scout::caught::catch`) never reaches the process's panic hook,
//! which in the planner would restore the terminal under a planner that keeps running, and in
//! the headless commands would print an internal error for a file the reader already reported.
//! One test in its own process: the panic hook is global.

use std::sync::atomic::{AtomicUsize, Ordering};

static HOOK_RAN: AtomicUsize = AtomicUsize::new(0);

#[test]
fn caught_panics_skip_the_hook_and_others_do_not() {
    std::panic::set_hook(Box::new(|_| {
        if scout::caught::is_caught() {
            return;
        }
        HOOK_RAN.fetch_add(1, Ordering::SeqCst);
    }));
    let caught = scout::caught::catch(|| -> u32 { panic!("a reader's bug") });
    assert!(caught.is_err());
    assert_eq!(
        HOOK_RAN.load(Ordering::SeqCst),
        0,
        "the hook ran for a caught panic"
    );
    assert!(!scout::caught::is_caught(), "the catch is over");
    assert_eq!(scout::caught::catch(|| 7).ok(), Some(7));
    // A panic outside `catch` still reaches the hook.
    let uncaught = std::thread::spawn(|| panic!("elsewhere")).join();
    assert!(uncaught.is_err());
    assert_eq!(HOOK_RAN.load(Ordering::SeqCst), 1);
    let _ = std::panic::take_hook();
}
