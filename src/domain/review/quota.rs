//! Quotas (名额): how many nominations a unit may send upward per category, counted and checked
//! inside the deciding transaction, and what a unit has used.

use super::*;

/// Refuses when `unit_id` already sends its full quota of this category upward.
pub(super) async fn check_quota(
    txn: &impl ConnectionTrait,
    ctx: &Context,
    unit_id: Uuid,
) -> AppResult<()> {
    // PostgreSQL: one transaction at a time per spending unit, until commit. SQLite: the
    // IMMEDIATE write transaction already excludes every other writer.
    let mut query = unit::Entity::find_by_id(unit_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    let spender = query.one(txn).await?.ok_or(AppError::NotFound)?;
    let used = used_quota(
        txn,
        &spender,
        &ctx.campaign,
        ctx.category.id,
        Some(ctx.nomination.id),
    )
    .await?;
    if used >= i64::from(ctx.category.unit_quota) {
        return Err(AppError::Refused(
            "error-quota-full",
            vec![
                ("category", ctx.category.name.clone()),
                ("quota", ctx.category.unit_quota.to_string()),
            ],
        ));
    }
    Ok(())
}

/// How many nominations of a category `unit` currently sends upward (see the module doc),
/// leaving out `except`: those it nominated itself or recommended as a level of their chain,
/// that now sit above it and are not rejected.
///
/// # Errors
/// When the database fails.
pub async fn used_quota(
    db: &impl ConnectionTrait,
    unit: &unit::Model,
    campaign: &campaign::Model,
    category_id: Uuid,
    except: Option<Uuid>,
) -> AppResult<i64> {
    use sea_orm::{
        Condition, Iterable, PaginatorTrait,
        sea_query::{Alias, Expr, ExprTrait},
    };
    // Counted by the database: a street's or district's campaign holds thousands of rows.
    // An ancestor is in a nomination's chain when the campaign lists its kind and it ranks
    // above the nominating unit (workflow::chain); a department's district is not.
    let lower: Vec<UnitKind> = if workflow::levels(campaign).contains(&unit.kind) {
        UnitKind::iter()
            .filter(|kind| workflow::rank(*kind) < workflow::rank(unit.kind))
            .collect()
    } else {
        Vec::new()
    };
    let holder = Alias::new("holder");
    let subtree = format!("{}%", unit.path);
    let mut query = nomination::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            crate::domain::nominations::nomination_unit(),
        )
        .join_as(
            sea_orm::JoinType::LeftJoin,
            nomination::Entity::belongs_to(unit::Entity)
                .from(nomination::Column::LevelUnitId)
                .to(unit::Column::Id)
                .into(),
            holder.clone(),
        )
        .filter(nomination::Column::CampaignId.eq(campaign.id))
        .filter(nomination::Column::CategoryId.eq(category_id))
        .filter(nomination::Column::Status.is_in(workflow::OCCUPYING))
        .filter(unit::Column::Path.like(subtree.as_str()))
        .filter(
            Condition::any()
                .add(unit::Column::Id.eq(unit.id))
                .add(unit::Column::Kind.is_in(lower)),
        )
        // Sent on above the unit: decided above it, or held by a unit outside its subtree.
        .filter(
            Condition::any()
                .add(nomination::Column::LevelUnitId.is_null())
                .add(Expr::col((holder, unit::Column::Path)).not_like(subtree.as_str())),
        );
    if let Some(except) = except {
        query = query.filter(nomination::Column::Id.ne(except));
    }
    let count = query.count(db).await?;
    Ok(i64::try_from(count).unwrap_or(i64::MAX))
}

/// A unit's use of one category's quota in a campaign that is recommending.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct QuotaUse {
    /// The campaign's title.
    pub campaign_title: String,
    /// The category's name.
    pub category_name: String,
    /// Nominations the unit currently sends upward.
    pub used: i64,
    /// The per-unit quota.
    pub quota: i32,
}

/// The caller's unit's places in a nomination's category: used and in all.
///
/// # Errors
/// When the database fails.
pub async fn places_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ctx: &Context,
) -> AppResult<(i64, i32)> {
    let unit = unit::Entity::find_by_id(actor.unit_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let used = used_quota(db, &unit, &ctx.campaign, ctx.category.id, None).await?;
    Ok((used, ctx.category.unit_quota))
}

/// The caller's unit's use of each category's per-unit quota in a campaign: category name,
/// places used, places in all.
///
/// # Errors
/// When the database fails.
pub async fn quota_use(
    db: &impl ConnectionTrait,
    actor: &Actor,
    campaign: &campaign::Model,
) -> AppResult<Vec<(String, i64, i32)>> {
    let unit = unit::Entity::find_by_id(actor.unit_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut found = Vec::new();
    for category in crate::domain::campaigns::categories_of(db, campaign.id.into()).await? {
        let used = used_quota(db, &unit, campaign, category.id, None).await?;
        found.push((category.name, used, category.unit_quota));
    }
    Ok(found)
}
