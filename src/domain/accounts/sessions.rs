//! Signing in and out: each attempt counted before its password is checked, under a limit per
//! name and per address; sessions and the actor a session or user stands for.

use super::*;

/// A new session: the token for the cookie, and when it expires.
pub struct NewSession {
    /// The random token; only its SHA-256 is stored.
    pub token: String,
    /// The user signed in.
    pub user: user::Model,
}

/// Counts a sign-in attempt before its password is checked, in one step with the decision:
/// under the keys' lock, the failures within the window (each attempt counts as one until it
/// succeeds) are counted and, below the limits, this attempt is recorded. However many arrive
/// at once, at most `login_max_failures` passwords per username are ever checked per window.
/// Returns the attempt's row, which a success deletes.
async fn reserve_attempt(
    db: &DatabaseConnection,
    config: &AppConfig,
    username: &str,
    ip_key: &str,
) -> AppResult<i64> {
    // Counted as stored: a longer name is the same account's attempts as its first 64 chars.
    let username: String = username.chars().take(64).collect();
    let since = now() - Duration::minutes(config.login_window_minutes);
    let name_key = format!("login-user:{username}");
    let ip_lock = format!("login-ip:{ip_key}");
    let txn = db::begin_write(db).await?;
    db::lock_keys(&txn, &[&name_key, &ip_lock]).await?;
    let by_name = login_failure::Entity::find()
        .filter(login_failure::Column::Username.eq(username.as_str()))
        .filter(login_failure::Column::At.gt(since))
        .count(&txn)
        .await?;
    // A client address gets a larger allowance: an office may share one address.
    let by_ip = login_failure::Entity::find()
        .filter(login_failure::Column::Ip.eq(ip_key))
        .filter(login_failure::Column::At.gt(since))
        .count(&txn)
        .await?;
    if by_name >= config.login_max_failures || by_ip >= config.login_max_failures * 4 {
        return Err(AppError::TooManyRequests);
    }
    let attempt = login_failure::ActiveModel {
        id: NotSet,
        username: Set(username),
        ip: Set(ip_key.to_owned()),
        at: Set(now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(attempt.id)
}

/// Signs a user in, subject to the throttle: at most `login_max_failures` failures per
/// username (and four times that per client address) within the window, counted atomically
/// before the password is checked ([`reserve_attempt`]). Attempts are kept in the database, so
/// the throttle holds across app instances.
///
/// # Errors
/// [`AppError::TooManyRequests`] when throttled; [`AppError::Invalid`] (on `password`, without
/// saying whether the username exists) for wrong credentials.
pub async fn sign_in(
    db: &DatabaseConnection,
    config: &AppConfig,
    username: &str,
    password: &str,
    ip: Option<String>,
) -> AppResult<NewSession> {
    let username = username.trim();
    let ip_key = ip.clone().unwrap_or_else(|| "unknown".into());
    let attempt = reserve_attempt(db, config, username, &ip_key).await?;
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?;
    let verified = match &found {
        Some(user) if user.active && !user.service => {
            verify_password(&user.password_hash, password).await
        }
        _ => {
            // Spend the same time as a real check, so timing does not reveal usernames.
            hash_password(config, password).await.map(|_| false)
        }
    };
    let verified = match verified {
        Ok(verified) => verified,
        Err(busy) => {
            // Not checked: the attempt does not count against the account.
            login_failure::Entity::delete_by_id(attempt)
                .exec(db)
                .await?;
            return Err(busy);
        }
    };
    let Some(user) = found.filter(|_| verified) else {
        // The reserved attempt stays, as the failure it was.
        let mut errors = FieldErrors::default();
        errors.add("password", "error-login-failed");
        return Err(AppError::Invalid(errors));
    };
    let token = pii::random_token(32).map_err(|e| AppError::Internal(e.to_string()))?;
    let at = now();
    let txn = db::begin_write(db).await?;
    session::ActiveModel {
        id: Set(pii::sha256_hex(token.as_bytes())),
        user_id: Set(user.id),
        created_at: Set(at),
        expires_at: Set(at + Duration::hours(config.session_hours)),
        revoked_at: Set(None),
        ip: Set(ip.clone()),
    }
    .insert(&txn)
    .await?;
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Username.eq(username))
        .exec(&txn)
        .await?;
    let who = Who {
        actor_id: Some(user.id),
        label: user.username.clone(),
        ip,
    };
    audit::record(&txn, &who, Change::new("session.sign_in", "user", user.id)).await?;
    txn.commit().await?;
    Ok(NewSession { token, user })
}

/// Ends the session with this token (sign-out). Unknown tokens are ignored.
///
/// # Errors
/// When the database fails.
pub async fn sign_out(db: &DatabaseConnection, token: &str, actor: &Actor) -> AppResult<()> {
    let txn = db::begin_write(db).await?;
    session::Entity::update_many()
        .col_expr(
            session::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(session::Column::Id.eq(pii::sha256_hex(token.as_bytes())))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("session.sign_out", "user", actor.user_id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The signed-in user behind a session token, if the session is live and the user active.
///
/// # Errors
/// When the database fails.
pub async fn session_actor(
    db: &DatabaseConnection,
    token: &str,
    ip: Option<String>,
) -> AppResult<Option<Actor>> {
    // One query: session, user and unit.
    let found: Option<ActorRow> = actor_select()
        .join_rev(
            JoinType::InnerJoin,
            session::Entity::belongs_to(user::Entity)
                .from(session::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .filter(session::Column::Id.eq(pii::sha256_hex(token.as_bytes())))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now()))
        .into_model()
        .one(db)
        .await?;
    Ok(found.and_then(|row| row.into_actor(ip)))
}

/// The [`Actor`] for an active user.
///
/// # Errors
/// When the database fails.
pub async fn actor_for_user(
    db: &DatabaseConnection,
    user_id: Uuid,
    ip: Option<String>,
) -> AppResult<Option<Actor>> {
    let found: Option<ActorRow> = actor_select()
        .filter(user::Column::Id.eq(user_id))
        .into_model()
        .one(db)
        .await?;
    Ok(found.and_then(|row| row.into_actor(ip)))
}

/// A user and their unit as one row: what [`actor_select`] reads.
#[derive(sea_orm::FromQueryResult)]
pub(crate) struct ActorRow {
    id: Uuid,
    username: String,
    display_name: String,
    role: Role,
    active: bool,
    unit_id: Uuid,
    unit_name: String,
    unit_path: String,
    unit_kind: crate::entity::unit::UnitKind,
}

impl ActorRow {
    /// The actor, unless the user has been deactivated.
    pub(crate) fn into_actor(self, ip: Option<String>) -> Option<Actor> {
        self.active.then_some(Actor {
            user_id: self.id,
            username: self.username,
            display_name: self.display_name,
            role: self.role,
            unit_id: self.unit_id,
            unit_name: self.unit_name,
            unit_path: self.unit_path,
            unit_kind: self.unit_kind,
            ip,
        })
    }
}

/// Users joined with their units, selecting the columns of an [`ActorRow`]. It runs on every
/// signed-in request and API call, so callers add their own filter (and join) to this one query.
pub(crate) fn actor_select() -> sea_orm::Select<user::Entity> {
    user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::Username,
            user::Column::DisplayName,
            user::Column::Role,
            user::Column::Active,
        ])
        .column_as(unit::Column::Id, "unit_id")
        .column_as(unit::Column::Name, "unit_name")
        .column_as(unit::Column::Path, "unit_path")
        .column_as(unit::Column::Kind, "unit_kind")
        .join(
            JoinType::InnerJoin,
            user::Entity::belongs_to(unit::Entity)
                .from(user::Column::UnitId)
                .to(unit::Column::Id)
                .into(),
        )
}
