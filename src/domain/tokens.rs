//! API tokens: a user creates named bearer tokens for integrations, sees each once, and revokes
//! them. Only the token's SHA-256 is stored; a token acts exactly as its user (same role, same
//! unit subtree) and stops working when the user is deactivated.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::{
    db,
    domain::{
        accounts,
        actor::Actor,
        audit::{self, Change},
        now,
        values::required_text,
    },
    entity::{api_token, user},
    error::{AppError, AppResult, FieldErrors},
    pii,
};

/// Tokens start with this, so a leaked one is recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "laurel_";

/// How stale `last_used_at` may get before a use records it again (saves a write per call).
const LAST_USED_RESOLUTION: Duration = Duration::minutes(5);

/// Creates a token for the caller; returns the token (shown once) and its record.
///
/// # Errors
/// [`AppError::Invalid`] on `name` when empty or too long.
pub async fn create_token(
    db: &DatabaseConnection,
    actor: &Actor,
    name: &str,
) -> AppResult<(String, api_token::Model)> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(name, 64));
    errors.into_result()?;
    let secret = pii::random_token(32).map_err(|e| AppError::Internal(e.to_string()))?;
    let token = format!("{TOKEN_PREFIX}{secret}");
    let txn = db::begin_write(db).await?;
    let model = api_token::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        user_id: Set(actor.user_id),
        name: Set(name.unwrap_or_default()),
        token_hash: Set(pii::sha256_hex(token.as_bytes())),
        created_at: Set(now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("api_token.create", "api_token", model.id)
            .after(json!({ "name": model.name, "user_id": model.user_id })),
    )
    .await?;
    txn.commit().await?;
    Ok((token, model))
}

/// The caller's tokens, newest first (revoked ones included, marked).
///
/// # Errors
/// When the database fails.
pub async fn list_tokens(
    db: &DatabaseConnection,
    actor: &Actor,
) -> AppResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(actor.user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Revokes one of the caller's tokens.
///
/// # Errors
/// [`AppError::NotFound`] for another user's token or an unknown id.
pub async fn revoke_token(db: &DatabaseConnection, actor: &Actor, id: uuid::Uuid) -> AppResult<()> {
    let txn = db::begin_write(db).await?;
    let found = api_token::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|t| t.user_id == actor.user_id)
        .ok_or(AppError::NotFound)?;
    if found.revoked_at.is_none() {
        let mut model: api_token::ActiveModel = found.clone().into();
        model.revoked_at = Set(Some(now()));
        model.update(&txn).await?;
        audit::record(
            &txn,
            &actor.into(),
            Change::new("api_token.revoke", "api_token", found.id)
                .before(json!({ "name": found.name })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The actor behind a bearer token, if the token is live and its user active.
///
/// # Errors
/// When the database fails.
pub async fn token_actor(
    db: &DatabaseConnection,
    token: &str,
    ip: Option<String>,
) -> AppResult<Option<Actor>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    // One query: token, user and unit.
    #[derive(sea_orm::FromQueryResult)]
    struct Row {
        token_id: Uuid,
        last_used_at: Option<OffsetDateTime>,
        #[sea_orm(nested)]
        actor: accounts::ActorRow,
    }
    let Some(found) = accounts::actor_select()
        .column_as(api_token::Column::Id, "token_id")
        .column(api_token::Column::LastUsedAt)
        .join_rev(
            JoinType::InnerJoin,
            api_token::Entity::belongs_to(user::Entity)
                .from(api_token::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .filter(api_token::Column::TokenHash.eq(pii::sha256_hex(token.as_bytes())))
        .filter(api_token::Column::RevokedAt.is_null())
        .into_model::<Row>()
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(actor) = found.actor.into_actor(ip) else {
        return Ok(None);
    };
    let at = now();
    if found
        .last_used_at
        .is_none_or(|last| at - last > LAST_USED_RESOLUTION)
    {
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::LastUsedAt,
                sea_orm::sea_query::Expr::value(Some(at)),
            )
            .filter(api_token::Column::Id.eq(found.token_id))
            .exec(db)
            .await?;
    }
    Ok(Some(actor))
}
