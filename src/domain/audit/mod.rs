//! The audit record (审计日志): every change of data, written in the same transaction as the
//! change and chained by hashes ([`chain`]); the office's filtered reading and CSV export
//! ([`log`]); verification of the chain against its signed checkpoints and what was kept
//! outside ([`verify`]); and the checkpoints themselves, signed with the office's key at every
//! publication and daily ([`checkpoints`]).
//!
//! The rest of the application writes through [`record`] with a [`Change`] and reads nothing
//! else from here but the office's pages and the command line's checks.

pub mod chain;
pub mod checkpoints;
pub mod log;
pub mod verify;

pub use chain::*;
