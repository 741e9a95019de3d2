//! The audit log: every change of data is recorded here, in the same transaction as the change,
//! with who made it, from where, and the record before and after.
//!
//! This module owns writing events; reading and verifying them comes with the review issue.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, NotSet};
use serde_json::Value;
use uuid::Uuid;

use crate::{domain::actor::Actor, entity::audit_event};

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

/// Appends one event. Call it with the transaction that makes the change, so the change and
/// its record commit or roll back together.
///
/// # Errors
/// When the database refuses the insert.
pub async fn record(conn: &impl ConnectionTrait, who: &Who, change: Change) -> Result<(), DbErr> {
    audit_event::ActiveModel {
        id: NotSet,
        occurred_at: Set(super::now()),
        actor_id: Set(who.actor_id),
        actor_label: Set(who.label.chars().take(64).collect()),
        ip: Set(who.ip.clone()),
        action: Set(change.action.to_owned()),
        entity_type: Set(change.entity_type.to_owned()),
        entity_id: Set(change.entity_id),
        campaign_id: Set(change.campaign_id),
        before: Set(change.before.map(|v| v.to_string())),
        after: Set(change.after.map(|v| v.to_string())),
    }
    .insert(conn)
    .await?;
    Ok(())
}
