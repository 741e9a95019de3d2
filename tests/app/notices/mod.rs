//! Notices, the public stage: the notice and its window, objections, the final list and the feed.

mod api;
mod feed;
mod final_list;
mod objections;
mod publish;
