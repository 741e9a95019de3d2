//! The list's order with the nominee's name beside it: a search for a common character walks
//! the list newest first on `(updated_at, id)` until it has a page of matches, and with the
//! name in the index SQLite tests each entry's name there, fetching from the table only the
//! rows that match (read through `(updated_at, id)`, every row walked past was fetched). It
//! replaces that index, which it begins with.

use sea_orm_migration::prelude::*;

use crate::replaces_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: (&str, &[&str]) = ("idx_nominations_updated", &["updated_at", "id"]);
const NEW: (&str, &[&str]) = (
    "idx_nominations_updated_name",
    &["updated_at", "id", "nominee_name"],
);

replaces_index!("nominations", OLD, NEW);
