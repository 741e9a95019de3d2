//! Nominations: drafts, validation at the field, attachments, lists, and intake in groups.

mod attachments;
mod drafts;
mod intake;
mod list;
mod roster;
