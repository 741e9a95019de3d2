//! The administrative tree: city → district → street → community, plus departments (a tax
//! bureau, say) that nominate like a district. A unit's materialised path makes "this unit and
//! everything below it" a single prefix query.

/// A unit as the domain hands it out, and its kinds.
pub use crate::entity::unit::{Model as Unit, UnitKind};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
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
    entity::{nomination, unit, user},
    error::{AppError, AppResult, FieldErrors},
};

/// A unit as the office fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct UnitInput {
    /// The unit's name.
    #[field(default = String::new())]
    pub name: String,
    /// `district`, `street`, `community` or `department`.
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
        "city" => Some(UnitKind::City),
        "district" => Some(UnitKind::District),
        "street" => Some(UnitKind::Street),
        "community" => Some(UnitKind::Community),
        "department" => Some(UnitKind::Department),
        _ => None,
    }
}

/// Whether a unit of kind `child` may sit directly under one of kind `parent`.
#[must_use]
pub fn may_contain(parent: UnitKind, child: UnitKind) -> bool {
    matches!(
        (parent, child),
        (UnitKind::City, UnitKind::District | UnitKind::Department)
            | (UnitKind::District, UnitKind::Street | UnitKind::Department)
            | (UnitKind::Street, UnitKind::Community)
    )
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
    let unit = insert_unit(&txn, &actor.into(), Some(&parent), input, kind).await?;
    txn.commit().await?;
    Ok(unit)
}

/// The office renames a unit. (Moving a unit to another parent is not offered: it would
/// re-home every nomination and user below it.)
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`].
pub async fn rename_unit(
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
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let existing = unit::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = snapshot(&existing);
    let mut model: unit::ActiveModel = existing.into();
    model.name = Set(name.unwrap_or_default());
    model.updated_at = Set(now());
    let updated = model.update(&txn).await.map_err(name_taken)?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("unit.rename", "unit", id)
            .before(before)
            .after(snapshot(&updated)),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
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
