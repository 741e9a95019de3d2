//! A unit's inbox in its order: what waits at a unit, longest waiting first, read on
//! `(level_unit_id, status, submitted_at, id)` a page at a time instead of sorted whole. It
//! replaces the index on `(level_unit_id, status)`, which it begins with.

use sea_orm_migration::prelude::*;

use crate::replaces_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: (&str, &[&str]) = ("idx_nominations_level", &["level_unit_id", "status"]);
const NEW: (&str, &[&str]) = (
    "idx_nominations_inbox",
    &["level_unit_id", "status", "submitted_at", "id"],
);

replaces_index!("nominations", OLD, NEW);
