//! A unit's quota use, counted from the index alone: the count reads a campaign's nominations
//! of one category in the occupying states, with their nominating unit and the unit holding
//! them. Read through `(campaign_id, category_id)`, every row was fetched from the table as
//! well (a street's inbox with a million nominations spent most of its time there). It
//! replaces that index, which it begins with.

use sea_orm_migration::prelude::*;

use crate::replaces_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: (&str, &[&str]) = (
    "idx_nominations_campaign_category",
    &["campaign_id", "category_id"],
);
const NEW: (&str, &[&str]) = (
    "idx_nominations_quota",
    &[
        "campaign_id",
        "category_id",
        "status",
        "unit_id",
        "level_unit_id",
    ],
);

replaces_index!("nominations", OLD, NEW);
