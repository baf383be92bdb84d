//! Panics caught where they happen: a reader's bug on a strange file costs that file (or that
//! block of rows), never the run. The process's panic hooks (the headless one-line report, the
//! planner's terminal restore) stay silent for them: the catcher reports the failure itself,
//! and a planner that keeps running must keep its screen.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// How many [`catch`] calls this thread is inside.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, turning a panic in it into `Err`, with the panic hooks told to stay silent.
pub fn catch<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get() - 1));
    result
}

/// Whether a panic on this thread now would be caught by [`catch`]: a hook returns at once.
pub fn is_caught() -> bool {
    CATCHING.with(|c| c.get() > 0)
}
