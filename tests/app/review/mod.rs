//! Review: layer-by-layer recommendation, the office's decisions, quotas, duplicates, inboxes
//! and the to-do screens.

mod decisions;
mod duplicates;
mod inbox;
mod province;
mod quota;
mod todo;
