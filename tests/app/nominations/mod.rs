//! Nominations: drafts, validation at the field, attachments, lists, and intake in groups.

mod drafts;
mod intake;
