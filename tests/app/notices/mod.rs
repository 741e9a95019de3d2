//! Notices, the public stage: the notice and its window, objections, the final list, its
//! exports, the feed and the honor roll.

mod final_list;
pub(crate) mod publish;
