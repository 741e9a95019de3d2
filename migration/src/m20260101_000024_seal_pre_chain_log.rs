//! A marker: the run of the migrations that applies this one also chains an audit log written
//! before the hash chain existed (`laurel::db::migrate` sees it pending and calls the
//! application's `audit::seal_pre_chain_log`, where the one chaining rule lives). Until this
//! release the application sealed such a log at every start, which let a log whose hashes had
//! all been cleared be re-sealed as intact; from now on it happens once per database.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
