//! Single characters in the name search's index. A one-character term (a surname, or one
//! character of a given name) has no bigram, so its search walked the list newest first until
//! it had a page of matches: soon for a common surname, never for a character no name holds
//! (every row read). With each name's characters indexed beside its bigrams, a rare character
//! reads its few candidates. Existing nominations are indexed here; the application keeps it in
//! step through [`name_pieces`].

use sea_orm_migration::{prelude::*, sea_orm::ConnectionTrait};

use crate::{
    m20260101_000013_name_grams::{NOMINATION_NAMES, index_existing_names},
    name_grams,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The characters of a name, lower-cased as [`name_grams`] has them, each once.
#[must_use]
pub(crate) fn name_chars(name: &str) -> Vec<String> {
    let mut chars: Vec<String> = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .map(String::from)
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// What the name search's index holds for a name: its bigrams and its characters.
#[must_use]
pub(crate) fn name_pieces(name: &str) -> Vec<String> {
    let mut pieces = name_grams(name);
    pieces.extend(name_chars(name));
    pieces.sort_unstable();
    pieces.dedup();
    pieces
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The characters of the nominations already there (a one-character name already has
        // its character, as its only bigram).
        index_existing_names(manager, &NOMINATION_NAMES, name_chars).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Back to bigrams only: a one-character name keeps its character, its only bigram.
        manager
            .get_connection()
            .execute_unprepared(
                "DELETE FROM nomination_grams WHERE length(gram) = 1 AND nomination_id IN \
                 (SELECT id FROM nominations WHERE length(nominee_name) > 1)",
            )
            .await
            .map(|_| ())
    }
}
