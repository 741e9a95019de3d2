//! The browser test, a binary of its own: a whole campaign in headless Chromium against the real
//! server (`story.rs`). It shares the app tests' harness, of which it uses a part. Run by hand
//! with `cargo test --test browser -- --ignored`; `.ci/run` installs Chromium and runs it.

#![expect(
    dead_code,
    unused_imports,
    reason = "the app tests' harness is shared whole; this binary uses a part of it"
)]

#[path = "../app/helpers/mod.rs"]
mod helpers;

mod driver;
mod story;
