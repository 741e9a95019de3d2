//! The database connection: SQLite (embedded default) or PostgreSQL, migrated on connect.
//!
//! SQLite settings and why:
//! - WAL: readers never block the writer, and the other way round;
//! - `synchronous = FULL`: a committed nomination survives power loss (NORMAL in WAL mode can
//!   lose the last transactions);
//! - foreign keys on (SQLite leaves them off per connection);
//! - a busy timeout, so a writer waits for the lock instead of failing at once;
//! - write transactions begin IMMEDIATE ([`begin_write`]): a deferred transaction that reads
//!   first and writes later can fail with SQLITE_BUSY mid-way instead of queueing.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::config::AppConfig;

/// How long a SQLite writer waits for the write lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Rows SQLite's worker thread may read ahead of the task consuming them. With sqlx's 50, a
/// page of several hundred rows (the audit log's export, a ranking) changes threads every 50
/// rows; a page's worth lets the worker run through it without waiting.
const ROW_BUFFER_SIZE: usize = 1024;

/// Connects to the configured database, creating the SQLite file's folder if needed.
///
/// # Errors
/// When the folder cannot be created or the database does not answer.
pub async fn connect(config: &AppConfig) -> Result<DatabaseConnection, DbErr> {
    let url = config.database_url.as_str();
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        ensure_sqlite_folder(url)?;
        options
            .max_connections(config.sqlite_pool_size.max(1))
            .min_connections(1)
            .map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .create_if_missing(true)
                    .row_buffer_size(ROW_BUFFER_SIZE)
            });
    } else {
        options.max_connections(config.postgres_pool_size.max(1));
    }
    Database::connect(options).await
}

/// `mode=rwc` creates the SQLite file but not its folder.
fn ensure_sqlite_folder(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
    }
    Ok(())
}

/// Applies every pending migration.
///
/// Several app instances may start at once against one PostgreSQL database. They migrate one
/// after another under an advisory lock, taken on a connection of its own: the lock belongs to
/// a database session, so it must be released on the same connection that took it.
///
/// # Errors
/// When a migration fails.
pub async fn migrate(db: &DatabaseConnection, config: &AppConfig) -> Result<Migrated, DbErr> {
    const LOCK_KEY: i64 = 0x004c_6175_7265_6c00; // "Laurel"
    if db.get_database_backend() != DbBackend::Postgres {
        return up(db).await;
    }
    let mut options = ConnectOptions::new(config.database_url.as_str());
    options
        .sqlx_logging(false)
        .max_connections(1)
        .min_connections(1);
    let lock_conn = Database::connect(options).await?;
    let lock = |sql: String| Statement::from_string(DbBackend::Postgres, sql);
    lock_conn
        .execute_raw(lock(format!("SELECT pg_advisory_lock({LOCK_KEY})")))
        .await?;
    let result = up(db).await;
    lock_conn
        .execute_raw(lock(format!("SELECT pg_advisory_unlock({LOCK_KEY})")))
        .await?;
    lock_conn.close().await?;
    result
}

/// The migration after which a log written before the hash chain is chained, once.
pub const SEAL_MIGRATION: &str = "m20260101_000024_seal_pre_chain_log";

/// What a run of the migrations did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Migrated {
    /// This run applied [`SEAL_MIGRATION`]: the caller chains the log written before the hash
    /// chain existed, once (`domain::audit::seal_pre_chain_log`). No other run does, so a log
    /// whose hashes are cleared later is never sealed again; it stays broken.
    pub chain_introduced: bool,
}

/// Applies the pending migrations and says whether the chain's migration was among them.
async fn up(db: &DatabaseConnection) -> Result<Migrated, DbErr> {
    let chain_introduced = Migrator::get_pending_migrations(db)
        .await?
        .iter()
        .any(|m| m.name() == SEAL_MIGRATION);
    Migrator::up(db, None).await?;
    Ok(Migrated { chain_introduced })
}

/// Begins a transaction that will write: IMMEDIATE on SQLite, so it takes the write lock up
/// front (waiting up to the busy timeout) rather than failing when it first writes.
///
/// # Errors
/// When the database does not answer or the lock is not had in time.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Makes the writers that name any of `keys` take turns until their transactions end, so that
/// a count and the write it decides are one step (a limit counted in the database holds
/// however many requests arrive at once). On PostgreSQL, an advisory transaction lock per key,
/// taken in the keys' sorted order so that two writers naming the same keys cannot deadlock;
/// SQLite needs nothing: a [`begin_write`] transaction already excludes every other writer.
///
/// # Errors
/// When the database does not answer.
pub async fn lock_keys(txn: &DatabaseTransaction, keys: &[&str]) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.is_empty() {
        return Ok(());
    }
    // One statement, the locks taken row by row in the order of the list.
    let rows: Vec<String> = (1..=sorted.len()).map(|i| format!("(${i})")).collect();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (VALUES {}) AS t(k)",
            rows.join(", ")
        ),
        sorted.into_iter().map(Into::into),
    ))
    .await?;
    Ok(())
}

/// Whether the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT 1",
    ))
    .await
    .is_ok()
}

/// Writes a consistent copy of a live SQLite database to `path` (`VACUUM INTO`: one read
/// transaction, so writers may go on meanwhile). PostgreSQL has `pg_dump` for this.
///
/// # Errors
/// A message when the database is not SQLite, `path` exists, or the copy fails.
pub async fn backup(db: &DatabaseConnection, path: &std::path::Path) -> Result<(), String> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(
            "backup copies the embedded SQLite database; for PostgreSQL use pg_dump".into(),
        );
    }
    if path.exists() {
        return Err(format!("{} exists; choose a new file", path.display()));
    }
    let target = path
        .to_str()
        .ok_or_else(|| format!("{} is not a UTF-8 path", path.display()))?;
    // A string literal in SQL: quotes doubled.
    let sql = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
    db.execute_raw(Statement::from_string(DbBackend::Sqlite, sql))
        .await
        .map(|_| ())
        .map_err(|e| format!("backup to {}: {e}", path.display()))
}
