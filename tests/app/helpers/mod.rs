//! The test harness: a fresh app per test, signed-in clients, forms with CSRF tokens, fixtures
//! made through the domain services.

pub mod fixtures;
pub mod test_app;

pub use fixtures::*;
pub use test_app::*;
