//! The audit record: the hash-chained log, its page and export, and its signed checkpoints.

mod checkpoints;
mod log;
