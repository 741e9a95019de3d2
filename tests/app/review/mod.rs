//! Review: layer-by-layer recommendation, the office's decisions, quotas and the to-do screens.

mod decisions;
mod todo;
