//! A unit's own nominations in the list's order: a community clerk's list reads its rows
//! newest first on `(unit_id, updated_at, id)`, however many other units' rows are newer.
//! It replaces the index on `unit_id` alone, which it begins with.

use sea_orm_migration::prelude::*;

use crate::replaces_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: (&str, &[&str]) = ("idx_nominations_unit", &["unit_id"]);
const NEW: (&str, &[&str]) = (
    "idx_nominations_unit_updated",
    &["unit_id", "updated_at", "id"],
);

replaces_index!("nominations", OLD, NEW);
