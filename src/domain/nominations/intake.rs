//! Nomination intake under load: new nominations that arrive together are written together,
//! in one transaction with one commit (group commit).
//!
//! Why: every commit waits for the disk (SQLite with `synchronous = FULL`, PostgreSQL's WAL
//! flush), one writer holds SQLite's lock at a time, and writers queued on that lock sleep in
//! its busy handler (1, 2, 5, 10 … ms) and wake late. Written one transaction each, API
//! submissions under load ran at a fifth of the database's single-row insert rate.
//!
//! How: a caller queues its validated row and takes the leader's lock, which is first come,
//! first served. The leader writes what is queued, at most [`MAX_GROUP`] rows: one insert of
//! the nominations, one of their name bigrams, their audit events chained in one go
//! ([`audit::record_all`]), one commit; then it answers every caller of the group. A caller
//! whose row an earlier leader already wrote finds its answer waiting. Nobody hears "saved"
//! before the commit, so a 2xx is as durable as with a transaction of its own.
//!
//! Should the group's transaction fail (a row the database refuses, say), each of its rows is
//! written again alone, so one bad row fails only its own caller. The group runs in a task of
//! its own: a leader whose request is dropped midway (the client went away) does not take the
//! others' rows down with it. Every caller gets an answer: its row, its own error, or an error
//! saying the row was not written.

use std::sync::{Mutex, MutexGuard, PoisonError};

use rocket::tokio::{
    self,
    sync::{Mutex as AsyncMutex, oneshot},
};
use sea_orm::{ActiveValue, DatabaseConnection, DbErr, EntityTrait};
use uuid::Uuid;

use crate::{
    db,
    domain::{
        audit::{self, Change, Who},
        nominations,
    },
    entity::{nomination, nomination_gram},
    error::{AppError, AppResult},
};

/// Most nominations in one transaction: enough to spread a commit over many, few enough that
/// the first of a group does not wait long for the last.
pub const MAX_GROUP: usize = 16;

/// A row waiting for its group, and where its answer goes.
struct Pending {
    row: nomination::ActiveModel,
    who: Who,
    reply: oneshot::Sender<AppResult<nomination::Model>>,
}

/// The queue of new nominations of one application instance.
pub struct Intake {
    db: DatabaseConnection,
    queue: Mutex<Vec<Pending>>,
    leader: AsyncMutex<()>,
}

impl Intake {
    /// A queue writing to `db`.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            queue: Mutex::new(Vec::new()),
            leader: AsyncMutex::new(()),
        }
    }

    /// Writes a new nomination (every column set, validated) with its name bigrams and its
    /// `nomination.create` audit event, sharing the transaction with whatever else is queued,
    /// and returns it as stored once that transaction has committed.
    ///
    /// # Errors
    /// [`AppError::Db`] (or [`AppError::Invalid`] for characters the database cannot store)
    /// when the row could not be written.
    pub async fn add(
        &self,
        row: nomination::ActiveModel,
        who: Who,
    ) -> AppResult<nomination::Model> {
        let (reply, mut answer) = oneshot::channel();
        self.lock_queue().push(Pending { row, who, reply });
        let leader = self.leader.lock().await;
        loop {
            match answer.try_recv() {
                Ok(result) => return result,
                Err(oneshot::error::TryRecvError::Closed) => return Err(not_written()),
                Err(oneshot::error::TryRecvError::Empty) => {}
            }
            let group: Vec<Pending> = {
                let mut queue = self.lock_queue();
                let take = queue.len().min(MAX_GROUP);
                queue.drain(..take).collect()
            };
            if group.is_empty() {
                // A group whose leader went away is still writing this row.
                break;
            }
            // Its callers hear how it went through their answers; should the task panic, its
            // answers are dropped, which they hear as `not_written`.
            let _ = tokio::spawn(write_group(self.db.clone(), group)).await;
        }
        drop(leader);
        answer.await.unwrap_or_else(|_| Err(not_written()))
    }

    fn lock_queue(&self) -> MutexGuard<'_, Vec<Pending>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn not_written() -> AppError {
    AppError::Db(DbErr::Custom("the nomination was not written".into()))
}

/// Writes a group and answers its callers; on failure, writes each row alone.
async fn write_group(db: DatabaseConnection, group: Vec<Pending>) {
    let rows: Vec<(nomination::ActiveModel, Who)> = group
        .iter()
        .map(|p| (p.row.clone(), p.who.clone()))
        .collect();
    let written = write_rows(&db, rows).await;
    match written {
        Ok(saved) => {
            for (pending, model) in group.into_iter().zip(saved) {
                let _ = pending.reply.send(Ok(model));
            }
        }
        Err(e) if group.len() == 1 => {
            if let Some(pending) = group.into_iter().next() {
                let _ = pending.reply.send(Err(e.into()));
            }
        }
        Err(e) => {
            rocket::warn_!(
                "a group of {} nominations failed ({e}); writing each alone",
                group.len()
            );
            for pending in group {
                let result = write_rows(&db, vec![(pending.row, pending.who)])
                    .await
                    .map_err(AppError::from)
                    .and_then(|mut saved| saved.pop().ok_or_else(not_written));
                let _ = pending.reply.send(result);
            }
        }
    }
}

/// One transaction: the rows, their bigrams, their audit events. Returns the rows as stored,
/// in the order given.
async fn write_rows(
    db: &DatabaseConnection,
    rows: Vec<(nomination::ActiveModel, Who)>,
) -> Result<Vec<nomination::Model>, DbErr> {
    let txn = db::begin_write(db).await?;
    let (models, whos): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
    let order: Vec<Option<Uuid>> = models
        .iter()
        .map(|m| match &m.id {
            ActiveValue::Set(id) | ActiveValue::Unchanged(id) => Some(*id),
            ActiveValue::NotSet => None,
        })
        .collect();
    let mut saved = nomination::Entity::insert_many(models)
        .exec_with_returning(&txn)
        .await?;
    // RETURNING gives no order: put the rows back in the callers' order.
    saved.sort_by_key(|m| order.iter().position(|id| *id == Some(m.id)));
    let grams: Vec<nomination_gram::ActiveModel> = saved
        .iter()
        .flat_map(nominations::name_index_rows)
        .collect();
    if !grams.is_empty() {
        nomination_gram::Entity::insert_many(grams)
            .exec(&txn)
            .await?;
    }
    let events = saved
        .iter()
        .zip(whos)
        .map(|(n, who)| {
            let change = Change::new("nomination.create", "nomination", n.id)
                .campaign(n.campaign_id)
                .after(nominations::snapshot(n));
            (who, change)
        })
        .collect();
    audit::record_all(&txn, events).await?;
    txn.commit().await?;
    Ok(saved)
}
