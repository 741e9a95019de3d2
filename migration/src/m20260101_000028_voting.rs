//! Public online voting (网上投票): a category's weight of the vote in its final score, the
//! one-time codes that verify a voter, the passes a verified voter votes with, the votes, and
//! the counters that limit requests and find bursts. Phones are kept only as keyed hashes.
//!
//! Every rule is a constraint here, so that no two requests can pass it together: one vote per
//! slot (a voter's n-th vote of a day in a category) and per candidate key (the candidate, when
//! a voter may support several, so one vote each a day), one choice per voter and category
//! when they may support only one, and counters incremented in one statement.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::add_columns(manager, [("categories", integer_null("vote_weight"))]).await?;
        manager
            .create_table(
                Table::create()
                    .table("vote_codes")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(string_len("phone_hash", 64))
                    .col(string_len("code_hash", 64))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "vote_codes",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_vote_codes_phone",
                "vote_codes",
                &["campaign_id", "phone_hash", "created_at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("vote_passes")
                    .col(string_len("token_hash", 64).primary_key())
                    .col(uuid("campaign_id"))
                    .col(string_len("phone_hash", 64))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "vote_passes",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("votes")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(uuid("category_id"))
                    .col(uuid("nomination_id"))
                    .col(string_len("voter_hash", 64))
                    .col(date("day"))
                    .col(integer("slot"))
                    .col(string_len("candidate_key", 64))
                    .col(string_len("prefix", 64))
                    .col(string_len("status", 16))
                    .col(string_len_null("flag", 32))
                    .col(uuid_null("decided_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "votes",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_votes_slot",
                &["category_id", "voter_hash", "day", "slot"][..],
            ),
            (
                "idx_votes_candidate",
                &["category_id", "voter_hash", "day", "candidate_key"][..],
            ),
        ] {
            manager
                .create_index(index(name, "votes", cols).unique().to_owned())
                .await?;
        }
        manager
            .create_index(index(
                "idx_votes_totals",
                "votes",
                &["campaign_id", "status", "nomination_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("vote_choices")
                    .col(uuid("category_id"))
                    .col(string_len("voter_hash", 64))
                    .col(uuid("nomination_id"))
                    .primary_key(Index::create().col("category_id").col("voter_hash"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("rate_counters")
                    .col(string_len("key", 160))
                    .col(timestamp_with_time_zone("window_start"))
                    .col(integer("count"))
                    .primary_key(Index::create().col("key").col("window_start"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "rate_counters",
            "vote_choices",
            "votes",
            "vote_passes",
            "vote_codes",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        crate::drop_columns(manager, [("categories", integer_null("vote_weight"))]).await
    }
}
