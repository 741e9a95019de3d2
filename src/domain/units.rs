//! The administrative tree: city → district → street → community, plus departments (a tax
//! bureau, say) that nominate like a district; a provincial deployment has the province at the
//! root and its cities (and provincial departments) under it. A unit's materialised path makes
//! "this unit and everything below it" a single prefix query.

/// A unit as the domain hands it out, and its kinds.
pub use crate::entity::unit::{Model as Unit, UnitKind};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        audit::{self, Change, Who},
        ids::UnitId,
        now,
        values::required_text,
    },
    entity::{
        campaign::{self, StageKind},
        nomination, unit, user,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// Catalogue keys of the refusals this area makes that no template names.
pub const MESSAGE_KEYS: [&str; 3] = [
    "error-unit-move-root",
    "error-unit-move-inside",
    "error-unit-move-campaign",
];

/// A unit as the office fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct UnitInput {
    /// The unit's name.
    #[field(default = String::new())]
    pub name: String,
    /// `city` (under a province), `district`, `street`, `community`, `department` or `agency`
    /// (an agency clearing candidates, 联审; under the root, outside the nominating tree).
    #[field(default = String::new())]
    pub kind: String,
    /// The parent unit (empty only for the root).
    #[field(default = String::new())]
    pub parent_id: String,
}

/// Parses a unit kind name.
#[must_use]
pub fn parse_kind(text: &str) -> Option<UnitKind> {
    match text {
        "province" => Some(UnitKind::Province),
        "city" => Some(UnitKind::City),
        "district" => Some(UnitKind::District),
        "street" => Some(UnitKind::Street),
        "community" => Some(UnitKind::Community),
        "department" => Some(UnitKind::Department),
        "agency" => Some(UnitKind::Agency),
        _ => None,
    }
}

/// Whether a unit of kind `child` may sit directly under one of kind `parent`.
#[must_use]
pub fn may_contain(parent: UnitKind, child: UnitKind) -> bool {
    matches!(
        (parent, child),
        (
            UnitKind::Province,
            UnitKind::City | UnitKind::Department | UnitKind::Agency
        ) | (
            UnitKind::City,
            UnitKind::District | UnitKind::Department | UnitKind::Agency
        ) | (UnitKind::District, UnitKind::Street | UnitKind::Department)
            | (UnitKind::Street, UnitKind::Community)
    )
}

/// Whether the deployment serves a province: its root unit is one (and its cities recommend).
///
/// # Errors
/// When the database fails.
pub async fn is_province(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(unit::Entity::find()
        .filter(unit::Column::ParentId.is_null())
        .filter(unit::Column::Kind.eq(UnitKind::Province))
        .count(db)
        .await?
        > 0)
}

fn snapshot(unit: &unit::Model) -> serde_json::Value {
    json!({ "name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id, "path": unit.path })
}

/// Inserts a unit under `parent` (or as the root) and records it. Input is already validated.
///
/// # Errors
/// [`AppError::Invalid`] when a sibling has the same name.
pub async fn insert_unit(
    conn: &DatabaseTransaction,
    who: &Who,
    parent: Option<&unit::Model>,
    input: &UnitInput,
    kind: UnitKind,
) -> AppResult<unit::Model> {
    let id = UnitId::new().0;
    let (path, depth) = match parent {
        Some(parent) => (format!("{}{id}/", parent.path), parent.depth + 1),
        None => (format!("/{id}/"), 0),
    };
    let at = now();
    let model = unit::ActiveModel {
        id: Set(id),
        parent_id: Set(parent.map(|p| p.id)),
        kind: Set(kind),
        // The name as validated: trimmed, without control characters.
        name: Set(required_text(&input.name, 120).unwrap_or_else(|_| input.name.trim().to_owned())),
        path: Set(path),
        depth: Set(depth),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(conn)
    .await
    .map_err(name_taken)?;
    audit::record(
        conn,
        who,
        Change::new("unit.create", "unit", id).after(snapshot(&model)),
    )
    .await?;
    Ok(model)
}

fn name_taken(e: sea_orm::DbErr) -> AppError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("name", "error-unit-name-taken");
            AppError::Invalid(errors)
        }
        _ => AppError::Db(e),
    }
}

/// The office adds a unit under an existing one.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::Invalid`] for a missing name,
/// an unknown parent, or a kind that cannot sit under the parent.
pub async fn create_unit(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &UnitInput,
) -> AppResult<unit::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    errors.check("name", required_text(&input.name, 120));
    let kind = parse_kind(&input.kind);
    let parent = match Uuid::try_parse(input.parent_id.trim()) {
        Ok(id) => unit::Entity::find_by_id(id).one(db).await?,
        Err(_) => None,
    };
    match (&parent, kind) {
        (None, _) => errors.add("parent_id", "error-required"),
        (Some(_), None) => errors.add("kind", "error-required"),
        (Some(parent), Some(kind)) if !may_contain(parent.kind, kind) => {
            errors.add("kind", "error-unit-kind-placement");
        }
        _ => {}
    }
    errors.into_result()?;
    let (Some(parent), Some(kind)) = (parent, kind) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let txn = db::begin_write(db).await?;
    // A move elsewhere in the tree changes paths: read the parent's under the tree's lock.
    db::lock_keys(&txn, &[TREE_LOCK]).await?;
    let parent = unit::Entity::find_by_id(parent.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit = insert_unit(&txn, &actor.into(), Some(&parent), input, kind).await?;
    txn.commit().await?;
    Ok(unit)
}

/// The lock key held while a unit's place in the tree is read to add under it or changed.
const TREE_LOCK: &str = "units:tree";

/// The office renames a unit and, when `parent_id` names another parent, moves it there with
/// everything under it (paths and depths follow; users and nominations stay with their units).
/// A unit whose subtree holds nominations of a campaign that is not archived stays where it
/// is: its recommendation chain, its quotas and its reviewers' conflicts are counted by its
/// place. Honors already confirmed move with it.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] on `name`, or on
/// `parent_id` for the root, a parent inside the unit itself or a kind the parent cannot hold;
/// [`AppError::Refused`] (`error-unit-move-campaign`) while a campaign under way holds its
/// nominations.
pub async fn update_unit(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UnitId,
    input: &UnitInput,
) -> AppResult<unit::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&input.name, 120));
    let wanted_parent = match input.parent_id.trim() {
        "" => None,
        text => match Uuid::try_parse(text) {
            Ok(parent) => Some(parent),
            Err(_) => {
                errors.add("parent_id", "error-required");
                None
            }
        },
    };
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    db::lock_keys(&txn, &[TREE_LOCK]).await?;
    let existing = unit::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = snapshot(&existing);
    let new_parent = match wanted_parent.filter(|p| Some(*p) != existing.parent_id) {
        Some(parent) => Some(new_parent_of(&txn, &existing, parent).await?),
        None => None,
    };
    let moved = new_parent.is_some();
    let mut model: unit::ActiveModel = existing.clone().into();
    model.name = Set(name.unwrap_or_default());
    model.updated_at = Set(now());
    if let Some(parent) = &new_parent {
        model.parent_id = Set(Some(parent.id));
    }
    let mut updated = model.update(&txn).await.map_err(name_taken)?;
    if let Some(parent) = &new_parent {
        let new_path = format!("{}{}/", parent.path, existing.id);
        let shift = parent.depth + 1 - existing.depth;
        let subtree = unit::Entity::find()
            .filter(unit::Column::Path.starts_with(existing.path.as_str()))
            .all(&txn)
            .await?;
        for below in subtree {
            let path = format!("{new_path}{}", &below.path[existing.path.len()..]);
            let depth = below.depth + shift;
            let mut row: unit::ActiveModel = below.into();
            row.path = Set(path);
            row.depth = Set(depth);
            row.update(&txn).await?;
        }
        updated = unit::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new(if moved { "unit.move" } else { "unit.rename" }, "unit", id)
            .before(before)
            .after(snapshot(&updated)),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The units `unit` may be placed under, in tree order: outside its own subtree, of a kind that
/// may hold its kind (its present parent among them; none for the root).
///
/// # Errors
/// When the database fails.
pub async fn parents_for(
    db: &impl ConnectionTrait,
    unit: &unit::Model,
) -> AppResult<Vec<unit::Model>> {
    if unit.parent_id.is_none() {
        return Ok(Vec::new());
    }
    Ok(list_all(db)
        .await?
        .into_iter()
        .filter(|p| !p.path.starts_with(unit.path.as_str()) && may_contain(p.kind, unit.kind))
        .collect())
}

/// The parent `unit` may move under: an existing unit outside its subtree that may hold its
/// kind, while no campaign under way holds nominations of the subtree.
async fn new_parent_of(
    txn: &DatabaseTransaction,
    unit: &unit::Model,
    parent: Uuid,
) -> AppResult<unit::Model> {
    let mut errors = FieldErrors::default();
    let found = unit::Entity::find_by_id(parent).one(txn).await?;
    match &found {
        _ if unit.parent_id.is_none() => errors.add("parent_id", "error-unit-move-root"),
        None => errors.add("parent_id", "error-required"),
        Some(p) if p.path.starts_with(unit.path.as_str()) => {
            errors.add("parent_id", "error-unit-move-inside");
        }
        Some(p) if !may_contain(p.kind, unit.kind) => {
            errors.add("parent_id", "error-unit-kind-placement");
        }
        Some(_) => {}
    }
    errors.into_result()?;
    let found = found.ok_or(AppError::NotFound)?;
    let under_way = nomination::Entity::find()
        .select_only()
        .column(campaign::Column::Title)
        .join(
            JoinType::InnerJoin,
            nomination::Entity::belongs_to(campaign::Entity)
                .from(nomination::Column::CampaignId)
                .to(campaign::Column::Id)
                .into(),
        )
        .join(
            JoinType::InnerJoin,
            nomination::Entity::belongs_to(unit::Entity)
                .from(nomination::Column::UnitId)
                .to(unit::Column::Id)
                .into(),
        )
        .filter(unit::Column::Path.starts_with(unit.path.as_str()))
        .filter(campaign::Column::Stage.ne(StageKind::Archived))
        .into_tuple::<String>()
        .one(txn)
        .await?;
    if let Some(title) = under_way {
        return Err(AppError::Refused(
            "error-unit-move-campaign",
            vec![("name", unit.name.clone()), ("campaign", title)],
        ));
    }
    Ok(found)
}

/// The office removes a unit that has no sub-units, users or nominations.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Refused`] when it is in use.
pub async fn delete_unit(db: &DatabaseConnection, actor: &Actor, id: UnitId) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let txn = db::begin_write(db).await?;
    let existing = unit::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let in_use = existing.parent_id.is_none()
        || unit::Entity::find()
            .filter(unit::Column::ParentId.eq(id.0))
            .count(&txn)
            .await?
            > 0
        || user::Entity::find()
            .filter(user::Column::UnitId.eq(id.0))
            .count(&txn)
            .await?
            > 0
        || nomination::Entity::find()
            .filter(nomination::Column::UnitId.eq(id.0))
            .count(&txn)
            .await?
            > 0;
    if in_use {
        return Err(AppError::Refused(
            "error-unit-in-use",
            vec![("name", existing.name)],
        ));
    }
    let before = snapshot(&existing);
    unit::Entity::delete_by_id(id.0).exec(&txn).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("unit.delete", "unit", id).before(before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The units in the caller's reach, in tree order (a parent before its children).
///
/// # Errors
/// When the database fails.
pub async fn list_in_reach(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Vec<unit::Model>> {
    let mut query = unit::Entity::find().order_by_asc(unit::Column::Path);
    if !actor.is_admin() {
        query = query.filter(unit::Column::Path.starts_with(actor.unit_path.as_str()));
    }
    Ok(query.all(db).await?)
}

/// A page of the units in the caller's reach, in tree order: `size` after the unit whose
/// cursor is `after`, and the cursor of the next page when there is one.
///
/// # Errors
/// When the database fails.
pub async fn page_in_reach(
    db: &impl ConnectionTrait,
    actor: &Actor,
    after: Option<&str>,
    size: u64,
) -> AppResult<(Vec<unit::Model>, Option<String>)> {
    let mut query = unit::Entity::find().order_by_asc(unit::Column::Path);
    if !actor.is_admin() {
        query = query.filter(unit::Column::Path.starts_with(actor.unit_path.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(unit::Column::Path.gt(after));
    }
    let mut rows = query.limit(size + 1).all(db).await?;
    let next = if rows.len() as u64 > size {
        rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        rows.last().map(|u| u.path.clone())
    } else {
        None
    };
    Ok((rows, next))
}

/// Every unit, in tree order.
///
/// # Errors
/// When the database fails.
pub async fn list_all(db: &impl ConnectionTrait) -> AppResult<Vec<unit::Model>> {
    Ok(unit::Entity::find()
        .order_by_asc(unit::Column::Path)
        .all(db)
        .await?)
}

/// One unit, if in the caller's reach.
///
/// # Errors
/// [`AppError::NotFound`] when it does not exist or is outside the caller's subtree.
pub async fn get_in_reach(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: UnitId,
) -> AppResult<unit::Model> {
    unit::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|unit| actor.reaches(&unit.path))
        .ok_or(AppError::NotFound)
}
