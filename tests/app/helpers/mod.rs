//! The test harness: a fresh app per test, signed-in clients, forms with CSRF tokens, fixtures
//! made through the domain services.

pub mod assert;
pub mod decisions;
pub mod fixtures;
pub mod forms;
pub mod html;
pub mod routes;
pub mod server;
pub mod sms;
pub mod test_app;

pub use assert::*;
pub use decisions::*;
pub use fixtures::*;
pub use forms::*;
pub use html::*;
pub use routes::*;
pub use server::*;
pub use sms::*;
pub use test_app::*;
