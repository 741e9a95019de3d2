//! A nomination's history of decisions, and what changed between its last two submitted
//! versions.

use super::*;

/// One entry of a nomination's history.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// The transition's name (`submit`, `recommend` …).
    pub decision: String,
    /// Status before.
    pub from_status: String,
    /// Status after.
    pub to_status: String,
    /// The reason given, if any.
    pub reason: Option<String>,
    /// The campaign's stage when it was made (`review` …), if known.
    pub stage: Option<String>,
    /// The deciding unit's name, or none for the office.
    pub unit_name: Option<String>,
    /// Who decided.
    pub actor_name: String,
    /// When (RFC 3339; the pages show it in the office's time zone).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: time::OffsetDateTime,
}

/// A nomination's decisions, oldest first, for those who may see the nomination.
///
/// # Errors
/// When the database fails.
pub async fn history(
    db: &impl ConnectionTrait,
    nomination_id: Uuid,
) -> AppResult<Vec<HistoryEntry>> {
    use sea_orm::QueryOrder;
    let rows = recommendation::Entity::find()
        .filter(recommendation::Column::NominationId.eq(nomination_id))
        .order_by_asc(recommendation::Column::CreatedAt)
        .order_by_asc(recommendation::Column::Id)
        .all(db)
        .await?;
    let unit_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.unit_id).collect();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?;
    let user_ids: Vec<Uuid> = rows.iter().map(|r| r.actor_id).collect();
    let users = crate::entity::user::Entity::find()
        .filter(crate::entity::user::Column::Id.is_in(user_ids))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            unit_name: r
                .unit_id
                .and_then(|id| units.iter().find(|u| u.id == id))
                .map(|u| u.name.clone()),
            actor_name: users
                .iter()
                .find(|u| u.id == r.actor_id)
                .map(|u| u.display_name.clone())
                .unwrap_or_default(),
            at: r.created_at,
            decision: r.decision,
            from_status: r.from_status,
            to_status: r.to_status,
            reason: r.reason,
            stage: r.stage.map(|s| s.name().to_owned()),
        })
        .collect())
}

/// One field that changed between the last two submitted versions.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FieldChange {
    /// The field's name.
    pub field: String,
    /// The catalogue key of the field's label.
    pub label_key: String,
    /// Its value in the earlier version.
    pub before: String,
    /// Its value in the later one.
    pub after: String,
    /// The earlier value by paragraph, with what differs marked.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub before_marked: Vec<crate::domain::textdiff::Paragraph>,
    /// The later value by paragraph, with what differs marked.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub after_marked: Vec<crate::domain::textdiff::Paragraph>,
}

/// What changed between the last two submitted versions (after a return for revision).
///
/// # Errors
/// When the database fails.
pub async fn changes_since_previous(
    db: &impl ConnectionTrait,
    nomination_id: Uuid,
) -> AppResult<Vec<FieldChange>> {
    use sea_orm::QueryOrder;
    let versions = nomination_version::Entity::find()
        .filter(nomination_version::Column::NominationId.eq(nomination_id))
        .order_by_desc(nomination_version::Column::Version)
        .limit(2)
        .all(db)
        .await?;
    let [later, earlier] = versions.as_slice() else {
        return Ok(Vec::new());
    };
    let parse = |text: &str| {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).unwrap_or_default()
    };
    let (before, after) = (parse(&earlier.content), parse(&later.content));
    let show = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    Ok(after
        .keys()
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| {
            let (old, new) = (show(before.get(key)), show(after.get(key)));
            let (before_marked, after_marked) = crate::domain::textdiff::compare(&old, &new);
            FieldChange {
                label_key: if key == "private_data" {
                    "changes-private-data".to_owned()
                } else {
                    format!("field-{}", key.replace('_', "-"))
                },
                field: key.clone(),
                before: old,
                after: new,
                before_marked,
                after_marked,
            }
        })
        .collect())
}
