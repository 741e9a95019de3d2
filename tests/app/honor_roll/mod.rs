//! The honor roll: every confirmed final list's honorees, searched and exported.

mod exports;
mod search;
