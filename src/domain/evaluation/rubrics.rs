//! A category's rubric (评分细则): its criteria with maximum points and weights, the default one
//! created the first time it is read, and the office's changes while nothing is scored.

use super::*;

/// A category's rubric, creating the default one (names in `lang`) the first time it is read.
///
/// # Errors
/// When the database fails.
pub async fn rubric(
    db: &DatabaseConnection,
    category_id: Uuid,
    lang: Lang,
) -> AppResult<Vec<criterion::Model>> {
    let found = criteria_of(db, category_id).await?;
    if !found.is_empty() {
        return Ok(found);
    }
    let txn = db::begin_write(db).await?;
    // Checked again inside the write transaction: two first readers make one rubric.
    if criteria_of(&txn, category_id).await?.is_empty() {
        for (position, (key, max, weight)) in DEFAULT_RUBRIC.iter().enumerate() {
            criterion::ActiveModel {
                id: Set(Uuid::now_v7()),
                category_id: Set(category_id),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                name: Set(i18n::t(lang, key)),
                max_points: Set(*max),
                weight: Set(*weight),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    criteria_of(db, category_id).await
}

async fn criteria_of(
    db: &impl ConnectionTrait,
    category_id: Uuid,
) -> AppResult<Vec<criterion::Model>> {
    Ok(criterion::Entity::find()
        .filter(criterion::Column::CategoryId.eq(category_id))
        .order_by_asc(criterion::Column::Position)
        .all(db)
        .await?)
}

/// One criterion as the office fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct CriterionInput {
    /// Name, e.g. 事迹.
    #[field(default = String::new())]
    pub name: String,
    /// Maximum points.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = i32)]
    pub max_points: String,
    /// Weight, e.g. 1 or 1.5.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = f64)]
    pub weight: String,
}

/// The office replaces a category's rubric. Rows without a name are ignored.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] for bad rows or no
/// row at all.
pub async fn set_rubric(
    db: &DatabaseConnection,
    actor: &Actor,
    category_id: Uuid,
    rows: &[CriterionInput],
) -> AppResult<Vec<criterion::Model>> {
    office_only(actor)?;
    let category = category::Entity::find_by_id(category_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    stages::require(db, category.campaign_id, Action::Evaluate).await?;
    let mut errors = FieldErrors::default();
    let mut valid = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.name.trim().is_empty() {
            continue;
        }
        let field = |name: &str| format!("criteria[{index}].{name}");
        let name = errors.check(&field("name"), required_text(&row.name, 60));
        let max = errors.check(
            &field("max_points"),
            parse_bounded_int(&row.max_points, 1, 1000),
        );
        let weight = match row.weight.trim().parse::<f64>() {
            Ok(w) if w > 0.0 && w <= 100.0 => Some(w),
            _ => {
                errors.add(&field("weight"), "error-number-range");
                None
            }
        };
        if let (Some(name), Some(max), Some(weight)) = (name, max, weight) {
            valid.push((name, i32::try_from(max).unwrap_or(i32::MAX), weight));
        }
    }
    if valid.is_empty() && errors.is_empty() {
        errors.add("criteria", "error-criterion-needed");
    }
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    // Scores hang on the criteria: once anyone has scored, the rubric stays as it is.
    let criterion_ids: Vec<Uuid> = criteria_of(&txn, category_id)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    let scored = crate::entity::score::Entity::find()
        .filter(crate::entity::score::Column::CriterionId.is_in(criterion_ids))
        .one(&txn)
        .await?;
    if scored.is_some() {
        return Err(AppError::Refused("error-rubric-in-use", vec![]));
    }
    let before: Vec<_> = criteria_of(&txn, category_id)
        .await?
        .iter()
        .map(|c| json!([c.name, c.max_points, c.weight]))
        .collect();
    criterion::Entity::delete_many()
        .filter(criterion::Column::CategoryId.eq(category_id))
        .exec(&txn)
        .await?;
    for (position, (name, max, weight)) in valid.iter().enumerate() {
        criterion::ActiveModel {
            id: Set(Uuid::now_v7()),
            category_id: Set(category_id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            name: Set(name.clone()),
            max_points: Set(*max),
            weight: Set(*weight),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("rubric.update", "category", category_id)
            .campaign(category.campaign_id)
            .before(json!(before))
            .after(json!(
                valid
                    .iter()
                    .map(|(n, m, w)| json!([n, m, w]))
                    .collect::<Vec<_>>()
            )),
    )
    .await?;
    txn.commit().await?;
    criteria_of(db, category_id).await
}
