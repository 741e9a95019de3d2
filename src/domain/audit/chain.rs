//! Writing the audit log: every change of data is recorded here, in the same transaction as the
//! change, with who made it, from where, and the record before and after, chained by hashes so
//! that the log is tamper-evident. Checking the chain is [`super::verify`]; the office's reading
//! of the log (filtered pages, CSV export) is [`super::log`].
//!
//! # The chain
//!
//! Each event stores `prev_hash`, the `hash` of the event before it (by id; the first event
//! takes [`GENESIS`], 64 zeros), and its own `hash`:
//!
//! ```text
//! hash = hex(SHA-256(prev_hash ‖ canonical(event)))
//! ```
//!
//! where `‖` joins the two as UTF-8 text and [`canonical`] is defined below. Changing, removing
//! or inserting a row in the middle of the log therefore breaks either the row's own hash or the
//! link from the row after it. What a chain alone cannot show is a forged event appended at the
//! very end with a correct hash, or the last events cut off: for that, the office keeps the
//! latest id and hash that verification reports (the audit page and `laurel audit verify` show
//! them) somewhere outside the database, and compares later.
//!
//! Appends are serialized, so two transactions can never both chain onto the same event: on
//! PostgreSQL [`record`] first takes a transaction-level advisory lock, held until commit or
//! rollback; on SQLite the write transaction ([`crate::db::begin_write`], `BEGIN IMMEDIATE`)
//! already excludes every other writer. Because ids are drawn while the lock is held, id order
//! is chain order on both databases; ids may still skip (a rolled-back PostgreSQL transaction
//! consumes its id), which is not a break.

use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, NotSet, QueryFilter, QueryOrder, QuerySelect, SelectExt, Statement,
    sea_query::{CaseStatement, Expr},
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{domain::actor::Actor, entity::audit_event, pii::sha256_hex};

/// The `prev_hash` of the first event: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The PostgreSQL advisory lock that serializes appends (distinct from the migration lock).
const CHAIN_LOCK_KEY: i64 = 0x004c_6175_7265_6c01;

/// Rows per page when sealing a log written before the chain existed.
const SEAL_PAGE: u64 = 1000;

/// Who made a change: a user, or the system (first-run setup, the command line, demo loader).
#[derive(Clone, Debug)]
pub struct Who {
    /// The user, if any.
    pub actor_id: Option<Uuid>,
    /// A readable label: the username, or `system:<what>`.
    pub label: String,
    /// The client's address, when known.
    pub ip: Option<String>,
}

impl Who {
    /// The system itself, doing `what`.
    #[must_use]
    pub fn system(what: &str) -> Self {
        Self {
            actor_id: None,
            label: format!("system:{what}"),
            ip: None,
        }
    }
}

impl From<&Actor> for Who {
    fn from(actor: &Actor) -> Self {
        Self {
            actor_id: Some(actor.user_id),
            label: actor.username.clone(),
            ip: actor.ip.clone(),
        }
    }
}

/// One change, as recorded.
#[derive(Clone, Debug)]
pub struct Change {
    /// What happened, `area.verb` (`nomination.submit`).
    pub action: &'static str,
    /// The kind of record (`nomination`).
    pub entity_type: &'static str,
    /// The record's id.
    pub entity_id: String,
    /// The campaign it belongs to, for filtering.
    pub campaign_id: Option<Uuid>,
    /// The record before the change.
    pub before: Option<Value>,
    /// The record after the change.
    pub after: Option<Value>,
}

impl Change {
    /// A change of `entity_type` `entity_id` by `action`, with no snapshots yet.
    #[must_use]
    pub fn new(action: &'static str, entity_type: &'static str, entity_id: impl ToString) -> Self {
        Self {
            action,
            entity_type,
            entity_id: entity_id.to_string(),
            campaign_id: None,
            before: None,
            after: None,
        }
    }

    /// Sets the campaign.
    #[must_use]
    pub fn campaign(mut self, campaign_id: Uuid) -> Self {
        self.campaign_id = Some(campaign_id);
        self
    }

    /// Sets the snapshot before.
    #[must_use]
    pub fn before(mut self, value: Value) -> Self {
        self.before = Some(value);
        self
    }

    /// Sets the snapshot after.
    #[must_use]
    pub fn after(mut self, value: Value) -> Self {
        self.after = Some(value);
        self
    }
}

/// An instant as the chain hashes it: UTC, microseconds, always six fractional digits
/// (`2026-03-05T08:09:10.000123Z`).
///
/// Microseconds because PostgreSQL keeps no more; SQLite stores the text it was given, so
/// [`record`] also truncates before storing and both databases hand back the same instant.
#[must_use]
pub fn canonical_time(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.microsecond()
    )
}

/// The canonical form of an event's content, the text its hash covers.
///
/// A JSON array, serialized by `serde_json` (no whitespace, non-ASCII kept as UTF-8, only `"`,
/// `\` and control characters escaped), of exactly these eleven elements in this order:
///
/// 1. `id`: number;
/// 2. `occurred_at`: string, [`canonical_time`];
/// 3. `actor_id`: string (lower-case hyphenated UUID) or `null`;
/// 4. `actor_label`: string;
/// 5. `ip`: string or `null`;
/// 6. `action`: string;
/// 7. `entity_type`: string;
/// 8. `entity_id`: string;
/// 9. `campaign_id`: string (lower-case hyphenated UUID) or `null`;
/// 10. `before`: string (the stored JSON text, as stored, not re-parsed) or `null`;
/// 11. `after`: likewise.
///
/// For example
/// `[7,"2026-03-05T08:09:10.000123Z",null,"system:setup",null,"unit.create","unit","…",null,null,"{…}"]`.
/// `prev_hash` and `hash` are not part of it: the link is hashed alongside ([`chain_hash`]).
/// This form is a format contract: changing it invalidates every stored hash.
#[must_use]
pub fn canonical(event: &audit_event::Model) -> String {
    json!([
        event.id,
        canonical_time(event.occurred_at),
        event.actor_id.map(|id| id.to_string()),
        event.actor_label,
        event.ip,
        event.action,
        event.entity_type,
        event.entity_id,
        event.campaign_id.map(|id| id.to_string()),
        event.before,
        event.after,
    ])
    .to_string()
}

/// The hash of `event` chained after `prev_hash`: hex SHA-256 of `prev_hash` followed by
/// [`canonical`]`(event)`. The event's own `prev_hash` field is ignored, so verification can ask
/// "what should this row's hash be, given what it claims precedes it".
#[must_use]
pub fn chain_hash(prev_hash: &str, event: &audit_event::Model) -> String {
    let mut text = String::with_capacity(prev_hash.len() + 256);
    text.push_str(prev_hash);
    text.push_str(&canonical(event));
    sha256_hex(text.as_bytes())
}

/// Appends one event to the chain. Call it with the transaction that makes the change, so the
/// change and its record commit or roll back together; taking the transaction itself (not any
/// connection) also guarantees that the append lock is held to the end of it.
///
/// # Errors
/// As [`record_all`].
pub async fn record(txn: &DatabaseTransaction, who: &Who, change: Change) -> Result<(), DbErr> {
    record_all(txn, vec![(who.clone(), change)]).await
}

/// Appends events to the chain, in the order given, with one read of the chain's tail and two
/// statements however many they are (a group of nominations written in one transaction).
///
/// The rows are inserted first, with no hash, and their links are set by one update in the
/// same transaction: the id is part of the hashed content and only the database assigns it,
/// and this works the same on both databases (reserving ids would need a different trick on
/// each). The events are chained in the order of the ids they got, which is chain order
/// (see the module's notes). Nobody sees the rows between the two statements, as they are not
/// committed yet.
///
/// # Errors
/// When the database refuses the lock, the insert or the update. On PostgreSQL a transaction
/// that records, then writes rows another recording transaction holds, can be chosen as a
/// deadlock victim; no service here writes after recording.
pub async fn record_all(
    txn: &DatabaseTransaction,
    changes: Vec<(Who, Change)>,
) -> Result<(), DbErr> {
    if changes.is_empty() {
        return Ok(());
    }
    lock_chain(txn).await?;
    let mut prev_hash = tail_hash(txn).await?;
    let now = crate::domain::now();
    // Stored at the precision it is hashed at (see `canonical_time`).
    let occurred_at = now.replace_microsecond(now.microsecond()).unwrap_or(now);
    let rows = changes
        .into_iter()
        .map(|(who, change)| audit_event::ActiveModel {
            id: NotSet,
            occurred_at: Set(occurred_at),
            actor_id: Set(who.actor_id),
            actor_label: Set(who.label.chars().take(64).collect()),
            // No empty address: in the CSV export an empty cell must mean "none".
            ip: Set(who.ip.filter(|ip| !ip.is_empty())),
            action: Set(change.action.to_owned()),
            entity_type: Set(change.entity_type.to_owned()),
            entity_id: Set(change.entity_id),
            campaign_id: Set(change.campaign_id),
            before: Set(change.before.map(|v| v.to_string())),
            after: Set(change.after.map(|v| v.to_string())),
            prev_hash: Set(None),
            hash: Set(None),
        });
    // Hash what the database returned, which is what verification will read back.
    let mut events = audit_event::Entity::insert_many(rows)
        .exec_with_returning(txn)
        .await?;
    events.sort_by_key(|event| event.id);
    let mut links = Vec::with_capacity(events.len());
    for event in &events {
        let hash = chain_hash(&prev_hash, event);
        links.push((
            event.id,
            std::mem::replace(&mut prev_hash, hash.clone()),
            hash,
        ));
    }
    set_links(txn, &links).await
}

/// Takes the append lock on PostgreSQL, held until the transaction ends. Under READ COMMITTED
/// the next statement then sees the event the previous holder committed. SQLite needs nothing:
/// the write transaction excludes other writers, and should a deferred one slip through, SQLite
/// refuses its write (`SQLITE_BUSY_SNAPSHOT`) rather than let it chain onto a stale tail.
pub(crate) async fn lock_chain(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})"),
        ))
        .await?;
    }
    Ok(())
}

/// The hash the next event chains onto: the last event's, or [`GENESIS`] for an empty log. An
/// unsealed last event (NULL hash) gives the empty string: the chain is already broken there,
/// verification reports that event, and a write of the application must not fail for it.
async fn tail_hash(txn: &DatabaseTransaction) -> Result<String, DbErr> {
    let last: Option<Option<String>> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Hash)
        .order_by_desc(audit_event::Column::Id)
        .into_tuple()
        .one(txn)
        .await?;
    Ok(match last {
        None => GENESIS.to_owned(),
        Some(hash) => hash.unwrap_or_default(),
    })
}

/// Sets each event's `(id, prev_hash, hash)`: one statement for one event or many.
async fn set_links(
    conn: &impl ConnectionTrait,
    links: &[(i64, String, String)],
) -> Result<(), DbErr> {
    if let [(id, prev_hash, hash)] = links {
        return set_link(conn, *id, prev_hash, hash).await;
    }
    let (mut prev_case, mut hash_case) = (CaseStatement::new(), CaseStatement::new());
    for (id, prev_hash, hash) in links {
        prev_case = prev_case.case(audit_event::Column::Id.eq(*id), prev_hash.as_str());
        hash_case = hash_case.case(audit_event::Column::Id.eq(*id), hash.as_str());
    }
    audit_event::Entity::update_many()
        .col_expr(audit_event::Column::PrevHash, prev_case.into())
        .col_expr(audit_event::Column::Hash, hash_case.into())
        .filter(audit_event::Column::Id.is_in(links.iter().map(|(id, _, _)| *id)))
        .exec(conn)
        .await?;
    Ok(())
}

async fn set_link(
    conn: &impl ConnectionTrait,
    id: i64,
    prev_hash: &str,
    hash: &str,
) -> Result<(), DbErr> {
    audit_event::Entity::update_many()
        .col_expr(audit_event::Column::PrevHash, Expr::value(prev_hash))
        .col_expr(audit_event::Column::Hash, Expr::value(hash))
        .filter(audit_event::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Seals a log written before the chain existed: when no event has a hash yet, chains every
/// event in id order from [`GENESIS`]; returns how many events it sealed. Called only at
/// start, after the run of [`crate::db::migrate`] that applies [`crate::db::SEAL_MIGRATION`]: once per
/// database, never at start-up, by verification or by a backup, so clearing the hashes later
/// can never get them re-sealed (laundered); that stays a break for verification to report.
///
/// # Errors
/// When the database fails.
pub async fn seal_pre_chain_log(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let unsealed = audit_event::Entity::find()
        .filter(audit_event::Column::Hash.is_null())
        .exists(db)
        .await?;
    if !unsealed {
        return Ok(0);
    }
    let txn = crate::db::begin_write(db).await?;
    // Several instances may start at once: the first seals, the others then find hashes.
    lock_chain(&txn).await?;
    let chained = audit_event::Entity::find()
        .filter(audit_event::Column::Hash.is_not_null())
        .exists(&txn)
        .await?;
    if chained {
        return Ok(0);
    }
    let (mut prev_hash, mut after, mut sealed) = (GENESIS.to_owned(), None, 0);
    loop {
        let mut query = audit_event::Entity::find()
            .order_by_asc(audit_event::Column::Id)
            .limit(SEAL_PAGE);
        if let Some(after) = after {
            query = query.filter(audit_event::Column::Id.gt(after));
        }
        let page = query.all(&txn).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for event in &page {
            let hash = chain_hash(&prev_hash, event);
            set_link(&txn, event.id, &prev_hash, &hash).await?;
            prev_hash = hash;
            sealed += 1;
        }
    }
    txn.commit().await?;
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> audit_event::Model {
        audit_event::Model {
            id: 7,
            occurred_at: time::macros::datetime!(2026-03-05 16:09:10.000123456 +08:00),
            actor_id: Some(Uuid::from_u128(0x0196_0000_0000_7000_8000_0000_0000_0001)),
            actor_label: "office".into(),
            ip: None,
            action: "unit.rename".into(),
            entity_type: "unit".into(),
            entity_id: "abc".into(),
            campaign_id: None,
            before: Some(r#"{"name":"北山"}"#.into()),
            after: Some(r#"{"name":"北山社区 \"新\""}"#.into()),
            prev_hash: None,
            hash: None,
        }
    }

    #[test]
    fn canonical_form_is_a_fixed_json_array_with_utc_microseconds() {
        assert_eq!(
            canonical(&event()),
            r#"[7,"2026-03-05T08:09:10.000123Z","01960000-0000-7000-8000-000000000001","office",null,"unit.rename","unit","abc",null,"{\"name\":\"北山\"}","{\"name\":\"北山社区 \\\"新\\\"\"}"]"#
        );
    }

    #[test]
    fn chain_hash_is_sha256_of_the_previous_hash_then_the_canonical_form() {
        // Pinned: computed independently (Python hashlib) from the canonical text above.
        assert_eq!(
            chain_hash(GENESIS, &event()),
            "61137116f5ae6e8c75f54b1450a9d83a27d2c016e4d2ef4d952e809ed812d6b1"
        );
        assert_ne!(chain_hash("", &event()), chain_hash(GENESIS, &event()));
    }

    #[test]
    fn the_hash_covers_every_field_and_ignores_nanoseconds() {
        let base = chain_hash(GENESIS, &event());
        let mut same = event();
        same.occurred_at = time::macros::datetime!(2026-03-05 08:09:10.000123999 UTC);
        assert_eq!(chain_hash(GENESIS, &same), base);
        let changes: [fn(&mut audit_event::Model); 11] = [
            |e| e.id += 1,
            |e| e.occurred_at += time::Duration::microseconds(1),
            |e| e.actor_id = None,
            |e| e.actor_label.push('x'),
            |e| e.ip = Some("127.0.0.1".into()),
            |e| e.action.push('x'),
            |e| e.entity_type.push('x'),
            |e| e.entity_id.push('x'),
            |e| e.campaign_id = Some(Uuid::nil()),
            |e| e.before = None,
            |e| e.after = Some("{}".into()),
        ];
        for change in changes {
            let mut changed = event();
            change(&mut changed);
            assert_ne!(chain_hash(GENESIS, &changed), base, "{changed:?}");
        }
    }
}
