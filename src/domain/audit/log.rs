//! The office reads the audit log: filtered pages, newest first, and a CSV export of the same
//! filters. Writing events is [`super::chain`]; checking the chain is [`super::verify`].
//!
//! Only the office reads the log (DESIGN.md): every function here checks the role itself, so
//! the API or a command line could call it without relying on a web guard.

use crate::domain::exports::{push_row, spreadsheet_safe};
use std::collections::HashMap;

use rocket::futures::{Stream, stream};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, SelectExt, sea_query::LikeExpr,
};
use serde::Serialize;
use serde_json::json;
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{
            self, Change,
            verify::{self, VerifyReport},
        },
        ids::CampaignId,
    },
    entity::{audit_event, campaign},
    error::{AppError, AppResult},
    i18n::{self, Lang},
};

/// Events per page of the audit page.
pub const PAGE_SIZE: u64 = 50;

/// Events per query of the CSV export: the most it holds in memory at once.
const EXPORT_PAGE: u64 = 500;

/// Characters of a before/after snapshot shown in the table; the export has them whole.
const SHORT_CHARS: usize = 80;

/// The CSV export's columns, as catalogue keys of their headings, in order.
pub const CSV_COLUMNS: [&str; 15] = [
    "audit-col-id",
    "audit-col-time",
    "audit-col-occurred-at",
    "audit-col-actor",
    "audit-col-actor-id",
    "audit-col-ip",
    "audit-col-action",
    "audit-col-entity-type",
    "audit-col-entity-id",
    "audit-col-campaign-id",
    "col-campaign",
    "audit-col-before",
    "audit-col-after",
    "audit-col-prev-hash",
    "audit-col-hash",
];

/// Filters of the audit page and export, and the page's position in the log.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct AuditFilter {
    /// Only events of this campaign.
    pub campaign: Option<CampaignId>,
    /// Only events by this actor: a username, or a `system:…` label, exactly.
    pub actor: Option<String>,
    /// Only this action (`nomination.submit`), or every action of an area (`nomination`).
    pub action: Option<String>,
    /// Only events about this record id (a nomination's id, say), exactly.
    pub entity: Option<String>,
    /// Page position: events older than this id.
    pub before: Option<i64>,
    /// Page position: events newer than this id (paging back towards the newest).
    pub after: Option<i64>,
}

/// A filter's text, trimmed, if any is left.
fn text(value: Option<&String>) -> Option<String> {
    value.and_then(|v| crate::domain::values::search_term(v))
}

impl AuditFilter {
    /// The filter as a condition on `audit_events` (the position is not part of it).
    fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(campaign) = self.campaign {
            cond = cond.add(audit_event::Column::CampaignId.eq(campaign.0));
        }
        if let Some(actor) = text(self.actor.as_ref()) {
            cond = cond.add(audit_event::Column::ActorLabel.eq(actor.as_str()));
        }
        if let Some(action) = text(self.action.as_ref()) {
            cond = cond.add(if action.contains('.') {
                audit_event::Column::Action.eq(action.as_str())
            } else {
                // An area: `nomination` means `nomination.*`. `_` is common in actions and a
                // LIKE wildcard, so the typed text is escaped.
                let escaped = action
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                audit_event::Column::Action.like(LikeExpr::new(format!("{escaped}.%")).escape('\\'))
            });
        }
        if let Some(entity) = text(self.entity.as_ref()) {
            cond = cond.add(audit_event::Column::EntityId.eq(entity.as_str()));
        }
        cond
    }
}

/// One event as the audit page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct AuditRow {
    /// The event's id.
    pub id: i64,
    /// When, in the office's time zone (`2026-03-05 16:09:10`).
    pub time: String,
    /// When, as an instant.
    pub at: OffsetDateTime,
    /// The campaign's id, when the event belongs to one.
    pub campaign_id: Option<Uuid>,
    /// Who: the username or `system:…`.
    pub actor_label: String,
    /// From where, when known.
    pub ip: Option<String>,
    /// What happened (`nomination.submit`).
    pub action: String,
    /// The kind of record.
    pub entity_type: String,
    /// The record's id.
    pub entity_id: String,
    /// The campaign's title, when the event belongs to one.
    pub campaign: Option<String>,
    /// The snapshot before, cut to a readable length.
    pub before: Option<String>,
    /// The snapshot after, cut to a readable length.
    pub after: Option<String>,
}

/// One page of the audit log, with what the page around it needs.
#[derive(Clone, Debug, Serialize)]
pub struct AuditListing {
    /// The events, newest first.
    pub rows: Vec<AuditRow>,
    /// Whether older events match the filter (then `oldest_id` is the next page's `before`).
    pub has_older: bool,
    /// Whether newer events match the filter (then `newest_id` is the previous page's `after`).
    pub has_newer: bool,
    /// The id of the newest event shown.
    pub newest_id: Option<i64>,
    /// The id of the oldest event shown.
    pub oldest_id: Option<i64>,
    /// Every campaign, for the filter.
    pub campaigns: Vec<campaign::Model>,
    /// The chain's verification, when it was asked for.
    pub verification: Option<VerifyReport>,
}

/// An instant as the office reads it: its own time zone, to the second.
fn local_time(at: OffsetDateTime, offset: UtcOffset) -> String {
    let at = at.to_offset(offset);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn shorten(text: Option<&String>) -> Option<String> {
    text.map(|text| {
        let mut chars = text.chars();
        let mut short: String = chars.by_ref().take(SHORT_CHARS).collect();
        if chars.next().is_some() {
            short.push('…');
        }
        short
    })
}

/// Every campaign, newest year first: the log is the office's, and the office sees them all.
async fn every_campaign(db: &impl sea_orm::ConnectionTrait) -> AppResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .order_by_desc(campaign::Column::Year)
        .order_by_desc(campaign::Column::CreatedAt)
        .all(db)
        .await?)
}

fn titles(campaigns: &[campaign::Model]) -> HashMap<Uuid, String> {
    campaigns.iter().map(|c| (c.id, c.title.clone())).collect()
}

/// One page of the log matching `filter`, newest first, and the chain's verification if
/// `verify` (it reads the whole log, so it runs on request rather than on every view).
///
/// # Errors
/// [`AppError::Forbidden`] unless the caller is the office; the database's errors.
pub async fn browse(
    app: &App,
    actor: &Actor,
    filter: &AuditFilter,
    verify: bool,
) -> AppResult<AuditListing> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let db = &app.db;
    let cond = filter.condition();
    let page = if let Some(after) = filter.after {
        let mut rows = audit_event::Entity::find()
            .filter(cond.clone())
            .filter(audit_event::Column::Id.gt(after))
            .order_by_asc(audit_event::Column::Id)
            .limit(PAGE_SIZE)
            .all(db)
            .await?;
        rows.reverse();
        rows
    } else {
        let mut query = audit_event::Entity::find()
            .filter(cond.clone())
            .order_by_desc(audit_event::Column::Id)
            .limit(PAGE_SIZE);
        if let Some(before) = filter.before {
            query = query.filter(audit_event::Column::Id.lt(before));
        }
        query.all(db).await?
    };
    let newest_id = page.first().map(|e| e.id);
    let oldest_id = page.last().map(|e| e.id);
    let any = |extra: Condition| {
        audit_event::Entity::find()
            .filter(cond.clone())
            .filter(extra)
            .exists(db)
    };
    let has_newer = match newest_id {
        Some(id) => any(Condition::all().add(audit_event::Column::Id.gt(id))).await?,
        None => false,
    };
    let has_older = match oldest_id {
        Some(id) => any(Condition::all().add(audit_event::Column::Id.lt(id))).await?,
        None => false,
    };
    let campaigns = every_campaign(db).await?;
    let titles = titles(&campaigns);
    let offset = app.config.utc_offset();
    let rows = page
        .iter()
        .map(|e| AuditRow {
            id: e.id,
            time: local_time(e.occurred_at, offset),
            at: e.occurred_at,
            campaign_id: e.campaign_id,
            actor_label: e.actor_label.clone(),
            ip: e.ip.clone(),
            action: e.action.clone(),
            entity_type: e.entity_type.clone(),
            entity_id: e.entity_id.clone(),
            campaign: e.campaign_id.and_then(|id| titles.get(&id).cloned()),
            before: shorten(e.before.as_ref()),
            after: shorten(e.after.as_ref()),
        })
        .collect();
    let verification = if verify {
        Some(verify::verify(db).await?)
    } else {
        None
    };
    Ok(AuditListing {
        rows,
        has_older,
        has_newer,
        newest_id,
        oldest_id,
        campaigns,
        verification,
    })
}

/// What the export stream carries from one page to the next.
struct Export {
    db: DatabaseConnection,
    filter: AuditFilter,
    /// The last id written; the next page starts after it.
    after: Option<i64>,
    /// The BOM and heading row, until they are sent.
    heading: Option<String>,
    titles: HashMap<Uuid, String>,
    offset: UtcOffset,
}

/// The CSV export of every event matching `filter` (its position is ignored), oldest first so
/// that an unfiltered export can be re-verified link by link outside Laurel: it carries each
/// event's canonical UTC time, `prev_hash` and `hash` beside the readable columns. An empty
/// cell in the actor id, address, campaign id, before or after column stands for `null` in
/// the canonical form (none of them is ever an empty string).
///
/// The export is recorded first (`audit.export`, with its filter), in its own transaction, so
/// that even an export cut short is on the record. The stream then yields UTF-8 text: the byte
/// order mark Excel needs to read Chinese, a heading row in `lang`, then one chunk per
/// [`EXPORT_PAGE`] events, so memory stays flat however large the log is. A database error
/// mid-way ends the stream with that error.
///
/// # Errors
/// [`AppError::Forbidden`] unless the caller is the office; the database's errors.
pub async fn export_csv(
    app: &App,
    actor: &Actor,
    filter: &AuditFilter,
    lang: Lang,
) -> AppResult<impl Stream<Item = Result<String, DbErr>> + Send + use<>> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut change = Change::new("audit.export", "audit_log", "csv").after(json!({
        "campaign": filter.campaign,
        "actor": text(filter.actor.as_ref()),
        "action": text(filter.action.as_ref()),
        "entity": text(filter.entity.as_ref()),
    }));
    if let Some(campaign) = filter.campaign {
        change = change.campaign(campaign.0);
    }
    let titles = titles(&every_campaign(&app.db).await?);
    let txn = db::begin_write(&app.db).await?;
    audit::record(&txn, &actor.into(), change).await?;
    txn.commit().await?;

    let mut heading = String::from('\u{feff}');
    let labels: Vec<String> = CSV_COLUMNS.iter().map(|key| i18n::t(lang, key)).collect();
    push_row(&mut heading, labels.iter().map(String::as_str));
    let state = Export {
        db: app.db.clone(),
        filter: AuditFilter {
            before: None,
            after: None,
            ..filter.clone()
        },
        after: None,
        heading: Some(heading),
        titles,
        offset: app.config.utc_offset(),
    };
    Ok(stream::unfold(Some(state), |state| async move {
        let mut state = state?;
        let page = match state.next_page().await {
            Ok(page) => page,
            Err(e) => return Some((Err(e), None)),
        };
        let mut chunk = state.heading.take().unwrap_or_default();
        for event in &page {
            state.push_event(&mut chunk, event);
        }
        state.after = page.last().map(|e| e.id).or(state.after);
        let more = page.len() as u64 == EXPORT_PAGE;
        if chunk.is_empty() {
            return None;
        }
        Some((Ok(chunk), more.then_some(state)))
    }))
}

impl Export {
    async fn next_page(&self) -> Result<Vec<audit_event::Model>, DbErr> {
        let mut query = audit_event::Entity::find()
            .filter(self.filter.condition())
            .order_by_asc(audit_event::Column::Id)
            .limit(EXPORT_PAGE);
        if let Some(after) = self.after {
            query = query.filter(audit_event::Column::Id.gt(after));
        }
        query.all(&self.db).await
    }

    fn push_event(&self, out: &mut String, e: &audit_event::Model) {
        let id = e.id.to_string();
        let actor_id = e.actor_id.map(|id| id.to_string()).unwrap_or_default();
        let campaign_id = e.campaign_id.map(|id| id.to_string()).unwrap_or_default();
        let title = e
            .campaign_id
            .and_then(|id| self.titles.get(&id))
            .map(|title| spreadsheet_safe(title))
            .unwrap_or_default();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        // The hashed columns are written exactly, so the hash can be recomputed from the file;
        // none of them can start a spreadsheet formula (ids, actions, JSON objects, usernames
        // of letters, digits and `._-`). Free text that is not hashed is guarded.
        push_row(
            out,
            [
                id.as_str(),
                &local_time(e.occurred_at, self.offset),
                &audit::canonical_time(e.occurred_at),
                &e.actor_label,
                &actor_id,
                &opt(&e.ip),
                &e.action,
                &e.entity_type,
                &e.entity_id,
                &campaign_id,
                &title,
                &opt(&e.before),
                &opt(&e.after),
                &opt(&e.prev_hash),
                &opt(&e.hash),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_snapshots_are_cut_with_an_ellipsis() {
        let long = "字".repeat(SHORT_CHARS + 1);
        let short = shorten(Some(&long)).unwrap_or_default();
        assert_eq!(short.chars().count(), SHORT_CHARS + 1);
        assert!(short.ends_with('…'));
        let exact = "a".repeat(SHORT_CHARS);
        assert_eq!(shorten(Some(&exact)), Some(exact));
    }

    #[test]
    fn local_time_uses_the_office_offset() {
        let at = time::macros::datetime!(2026-03-05 23:30:00 UTC);
        let china = UtcOffset::from_hms(8, 0, 0).unwrap();
        assert_eq!(local_time(at, china), "2026-03-06 07:30:00");
    }
}
