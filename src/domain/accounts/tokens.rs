//! API tokens: a user creates named bearer tokens for integrations, sees each once, and revokes
//! them; the office sees everyone's and may revoke any. Only the token's SHA-256 is stored; a
//! token acts exactly as its user (same role, same unit subtree) and stops working when it
//! expires (`laurel.token_days` at the longest), when its user's password changes and when the
//! user is deactivated.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
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

/// A token's record, as the domain hands it out (never the token itself), and what it may do.
pub use crate::entity::api_token::{Model as Token, TokenScope};

/// Tokens start with this, so a leaked one is recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "laurel_";

/// How stale `last_used_at` may get before a use records it again (saves a write per call).
const LAST_USED_RESOLUTION: Duration = Duration::minutes(5);

/// The lifetimes a token may be given, in days, up to `longest` (which is always offered).
#[must_use]
pub fn lifetimes(longest: i64) -> Vec<i64> {
    let mut out: Vec<i64> = [30, 90, 180, 365]
        .into_iter()
        .filter(|days| *days < longest)
        .collect();
    out.push(longest.max(1));
    out
}

/// A token as its owner and the office see it.
#[derive(Clone, Debug, Serialize)]
pub struct TokenView {
    /// The token's record id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its user's sign-in name.
    pub username: String,
    /// Its user's name.
    pub display_name: String,
    /// Made.
    pub created_at: OffsetDateTime,
    /// Last used (to within a few minutes).
    pub last_used_at: Option<OffsetDateTime>,
    /// Stops working.
    pub expires_at: Option<OffsetDateTime>,
    /// `active`, `revoked` or `expired`.
    pub status: &'static str,
    /// What it may do.
    pub scope: TokenScope,
    /// Issued by the office rather than made by its user.
    pub issued: bool,
}

impl TokenView {
    fn of(token: api_token::Model, user: Option<&user::Model>, at: OffsetDateTime) -> Self {
        let status = if token.revoked_at.is_some() {
            "revoked"
        } else if token.expires_at.is_none_or(|until| until <= at) {
            "expired"
        } else {
            "active"
        };
        TokenView {
            id: token.id,
            name: token.name,
            username: user.map(|u| u.username.clone()).unwrap_or_default(),
            display_name: user.map(|u| u.display_name.clone()).unwrap_or_default(),
            created_at: token.created_at,
            last_used_at: token.last_used_at,
            expires_at: token.expires_at,
            status,
            scope: token.scope,
            issued: token.issued_by.is_some_and(|by| by != token.user_id),
        }
    }
}

/// A new token: its name, its lifetime in days as typed (blank: the longest allowed) and what
/// it may do.
#[derive(Clone, Copy, Debug)]
pub struct TokenRequest<'a> {
    /// What it is for.
    pub name: &'a str,
    /// Its lifetime in days, as typed.
    pub days: &'a str,
    /// What it may do.
    pub scope: TokenScope,
}

/// Creates a token for the caller, living `days` (blank: `longest`, the most allowed), acting
/// fully as them; returns the token (shown once) and its record.
///
/// # Errors
/// [`AppError::Invalid`] on `name` when empty or too long, on `days` when not a whole number
/// from 1 to `longest`.
pub async fn create_token(
    db: &DatabaseConnection,
    actor: &Actor,
    name: &str,
    days: &str,
    longest: i64,
) -> AppResult<(String, api_token::Model)> {
    let request = TokenRequest {
        name,
        days,
        scope: TokenScope::Full,
    };
    create_scoped(db, actor, &request, longest).await
}

/// [`create_token`] with a scope.
///
/// # Errors
/// As [`create_token`].
pub async fn create_scoped(
    db: &DatabaseConnection,
    actor: &Actor,
    request: &TokenRequest<'_>,
    longest: i64,
) -> AppResult<(String, api_token::Model)> {
    let (name, days) = checked(request, longest)?;
    let txn = db::begin_write(db).await?;
    let made = insert_token(
        &txn,
        &actor.into(),
        "api_token.create",
        actor.user_id,
        (name, days, request.scope),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(made)
}

/// The office issues a token for a user or a service account (an integration that signs in
/// no other way); the user sees it among their tokens and may revoke it, and the audit log
/// names who issued it.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`] for an unknown
/// user; [`AppError::Invalid`] as [`create_token`], and on `user` when the user is deactivated.
pub async fn issue_token(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: Uuid,
    request: &TokenRequest<'_>,
    longest: i64,
) -> AppResult<(String, api_token::Model)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let owner = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let checked = checked(request, longest);
    if !owner.active {
        let mut errors = match checked {
            Err(AppError::Invalid(errors)) => errors,
            _ => FieldErrors::default(),
        };
        errors.add("user", "error-token-user-inactive");
        return Err(AppError::Invalid(errors));
    }
    let (name, days) = checked?;
    let txn = db::begin_write(db).await?;
    let made = insert_token(
        &txn,
        &actor.into(),
        "api_token.issue",
        owner.id,
        (name, days, request.scope),
        Some(actor.user_id),
    )
    .await?;
    txn.commit().await?;
    Ok(made)
}

/// Issues a token for an active user from the command line (`laurel admin token`): how the
/// first admin gets one without the pages.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown or deactivated user; [`AppError::Invalid`] as
/// [`create_token`].
pub async fn issue_token_cli(
    db: &DatabaseConnection,
    username: &str,
    request: &TokenRequest<'_>,
    longest: i64,
) -> AppResult<(String, api_token::Model)> {
    let owner = user::Entity::find()
        .filter(user::Column::Username.eq(username.trim()))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (name, days) = checked(request, longest)?;
    let txn = db::begin_write(db).await?;
    let made = insert_token(
        &txn,
        &audit::Who::system("cli"),
        "api_token.issue",
        owner.id,
        (name, days, request.scope),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(made)
}

/// A request's name and lifetime in days, checked.
fn checked(request: &TokenRequest<'_>, longest: i64) -> AppResult<(String, i64)> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(request.name, 64));
    let days = match request.days.trim() {
        "" => Some(longest),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=longest).contains(d)),
    };
    if days.is_none() {
        errors.add("days", "error-token-days");
    }
    errors.into_result()?;
    Ok((name.unwrap_or_default(), days.unwrap_or(longest)))
}

/// Stores a new token for `user_id` and records `action`; returns the token and its record.
async fn insert_token(
    txn: &sea_orm::DatabaseTransaction,
    who: &audit::Who,
    action: &'static str,
    user_id: Uuid,
    (name, days, scope): (String, i64, TokenScope),
    issued_by: Option<Uuid>,
) -> AppResult<(String, api_token::Model)> {
    let created = now();
    let secret = pii::random_token(32).map_err(|e| AppError::Internal(e.to_string()))?;
    let token = format!("{TOKEN_PREFIX}{secret}");
    let model = api_token::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        user_id: Set(user_id),
        name: Set(name),
        token_hash: Set(pii::sha256_hex(token.as_bytes())),
        created_at: Set(created),
        last_used_at: Set(None),
        revoked_at: Set(None),
        expires_at: Set(Some(created + Duration::days(days))),
        scope: Set(scope),
        issued_by: Set(issued_by),
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        who,
        Change::new(action, "api_token", model.id).after(json!({
            "name": model.name,
            "user_id": model.user_id,
            "expires_at": model.expires_at,
            "scope": model.scope,
        })),
    )
    .await?;
    Ok((token, model))
}

/// The caller's tokens, newest first (revoked and expired ones included, marked).
///
/// # Errors
/// When the database fails.
pub async fn list_tokens(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<TokenView>> {
    let at = now();
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(actor.user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TokenView::of(t, None, at))
        .collect())
}

/// Every user's tokens still working, for the office: newest first, with their users.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn list_live(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<TokenView>> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let at = now();
    let live = api_token::Entity::find()
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(api_token::Column::ExpiresAt.gt(at))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?;
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(live.iter().map(|t| t.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(live
        .into_iter()
        .map(|t| {
            let owner = users.iter().find(|u| u.id == t.user_id);
            TokenView::of(t, owner, at)
        })
        .collect())
}

/// Revokes a token: one of the caller's own, or anyone's by the office.
///
/// # Errors
/// [`AppError::NotFound`] for another user's token (unless the office asks) or an unknown id.
pub async fn revoke_token(db: &DatabaseConnection, actor: &Actor, id: uuid::Uuid) -> AppResult<()> {
    let txn = db::begin_write(db).await?;
    let found = api_token::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|t| t.user_id == actor.user_id || actor.is_admin())
        .ok_or(AppError::NotFound)?;
    if found.revoked_at.is_none() {
        let mut model: api_token::ActiveModel = found.clone().into();
        model.revoked_at = Set(Some(now()));
        model.update(&txn).await?;
        audit::record(
            &txn,
            &actor.into(),
            Change::new("api_token.revoke", "api_token", found.id)
                .before(json!({ "name": found.name, "user_id": found.user_id })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Revokes every live token of a user (their password changed: whatever held the old one
/// must not keep working through a token). Returns how many.
///
/// # Errors
/// When the database fails.
pub(crate) async fn revoke_all_of(conn: &impl ConnectionTrait, user_id: Uuid) -> AppResult<u64> {
    Ok(api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?
        .rows_affected)
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
    Ok(scoped_actor(db, token, ip).await?.map(|(actor, _)| actor))
}

/// The actor behind a bearer token and what the token lets them do, if the token is live and
/// its user active.
///
/// # Errors
/// When the database fails.
pub async fn scoped_actor(
    db: &DatabaseConnection,
    token: &str,
    ip: Option<String>,
) -> AppResult<Option<(Actor, TokenScope)>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    // One query: token, user and unit.
    #[derive(sea_orm::FromQueryResult)]
    struct Row {
        token_id: Uuid,
        last_used_at: Option<OffsetDateTime>,
        scope: TokenScope,
        #[sea_orm(nested)]
        actor: accounts::ActorRow,
    }
    let Some(found) = accounts::actor_select()
        .column_as(api_token::Column::Id, "token_id")
        .column(api_token::Column::LastUsedAt)
        .column(api_token::Column::Scope)
        .join_rev(
            JoinType::InnerJoin,
            api_token::Entity::belongs_to(user::Entity)
                .from(api_token::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .filter(api_token::Column::TokenHash.eq(pii::sha256_hex(token.as_bytes())))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(api_token::Column::ExpiresAt.gt(now()))
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
    Ok(Some((actor, found.scope)))
}
