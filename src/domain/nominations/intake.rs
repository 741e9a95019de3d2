//! Nomination intake under load: new nominations that arrive together are written together,
//! in one transaction with one commit ([`crate::group_commit`], which says why and how).
//!
//! A group is one insert of the nominations, one of their name bigrams, their audit events
//! chained in one go ([`audit::record_all`]), one commit. Should the group's transaction fail
//! (a row the database refuses, say), each of its rows is written again alone, so one bad row
//! fails only its own caller.

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
    group_commit::Queue,
};

/// Most nominations in one transaction: enough to spread a commit over many, few enough that
/// the first of a group does not wait long for the last.
pub const MAX_GROUP: usize = 16;

/// A row waiting for its group, with whom its audit event names.
type Row = (nomination::ActiveModel, Who);

/// The queue of new nominations of one application instance.
pub struct Intake {
    db: DatabaseConnection,
    queue: Queue<Row, nomination::Model>,
}

impl Intake {
    /// A queue writing to `db`.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            queue: Queue::new(MAX_GROUP, "the nomination"),
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
        let db = self.db.clone();
        self.queue
            .add((row, who), move |group| write_group(db.clone(), group))
            .await
    }
}

/// Writes a group and answers its rows; on failure, writes each row alone.
async fn write_group(db: DatabaseConnection, group: Vec<Row>) -> Vec<AppResult<nomination::Model>> {
    match write_rows(&db, group.clone()).await {
        Ok(saved) => saved.into_iter().map(Ok).collect(),
        Err(e) if group.len() == 1 => vec![Err(e.into())],
        Err(e) => {
            rocket::warn_!(
                "a group of {} nominations failed ({e}); writing each alone",
                group.len()
            );
            let mut answers = Vec::with_capacity(group.len());
            for row in group {
                answers.push(
                    write_rows(&db, vec![row])
                        .await
                        .map_err(AppError::from)
                        .and_then(|mut saved| {
                            saved.pop().ok_or_else(|| {
                                AppError::Db(DbErr::Custom("the nomination was not written".into()))
                            })
                        }),
                );
            }
            answers
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
