//! Users and sign-in: argon2id password hashes, sessions kept in the database (so any app
//! instance can check or revoke them), the login throttle, and first-run setup.

use argon2::{Algorithm, Argon2, Params, Version};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, JoinType, NotSet, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Duration;
use uuid::Uuid;

use crate::{
    config::AppConfig,
    db,
    domain::{
        actor::Actor,
        audit::{self, Change, Who},
        ids::UserId,
        now,
        units::{self, UnitInput},
        values::required_text,
    },
    entity::{
        login_failure, session,
        unit::{self, UnitKind},
        user::{self, Role},
    },
    error::{AppError, AppResult, FieldErrors},
    pii,
};

/// Shortest accepted password. Long passphrases beat complexity rules (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The fields of a user the office creates or edits.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct UserInput {
    /// Sign-in name: letters, digits, `.`, `_`, `-`.
    #[field(default = String::new())]
    pub username: String,
    /// Name as shown.
    #[field(default = String::new())]
    pub display_name: String,
    /// `admin`, `recommender` or `reviewer`.
    #[field(default = String::new())]
    pub role: String,
    /// The user's unit.
    #[field(default = String::new())]
    pub unit_id: String,
    /// A new password; empty when editing keeps the old one.
    #[field(default = String::new())]
    pub password: String,
    /// Whether the user may sign in (editing only).
    pub active: bool,
}

/// What first-run setup asks for: the city (root unit) and the first office admin.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm)]
pub struct SetupInput {
    /// The root unit's name, e.g. 青岛市.
    #[field(default = String::new())]
    pub city_name: String,
    /// The admin's sign-in name.
    #[field(default = String::new())]
    pub username: String,
    /// The admin's name as shown.
    #[field(default = String::new())]
    pub display_name: String,
    /// The admin's password.
    #[field(default = String::new())]
    pub password: String,
}

/// Parses a role name.
#[must_use]
pub fn parse_role(text: &str) -> Option<Role> {
    match text {
        "admin" => Some(Role::Admin),
        "recommender" => Some(Role::Recommender),
        "reviewer" => Some(Role::Reviewer),
        _ => None,
    }
}

/// What password hashing may hold in memory at once, in MiB: each hash or check holds its
/// Argon2 memory cost, and takes that many MiB (rounded up) of this budget until it ends. A
/// flood of sign-ins then queues instead of growing the server by 19 MiB an attempt. 96 MiB
/// (five hashes at the default cost, more than two cores can run at once) leaves room under
/// the 128 MiB a flood may add for the connections, requests and threads around them.
pub const HASHING_BUDGET_MIB: u32 = 96;

/// How long a hash waits for its share of the budget before the request is told to retry.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The hashing budget and the Argon2 working memory, reused: a fresh 19 MiB allocation per
/// attempt on whichever blocking thread ran it left each thread's allocator arena holding its
/// own copy (a flood of 200 grew the server by 1.5 GiB with only six hashes at once). With the
/// buffers kept here, the memory hashing ever holds is at most the budget.
struct Hashing {
    budget: rocket::tokio::sync::Semaphore,
    buffers: std::sync::Mutex<Vec<Vec<argon2::Block>>>,
}

/// The process's hashing budget (one process serves one database; tests share it).
static HASHING: std::sync::OnceLock<Hashing> = std::sync::OnceLock::new();

/// Runs `work` (a hash or a check with `params`) off the async threads once the hashing
/// budget has room for it, with a working memory from the pool.
async fn hashing<T: Send + 'static>(
    params: &Params,
    work: impl FnOnce(&mut [argon2::Block]) -> T + Send + 'static,
) -> AppResult<T> {
    let pool = HASHING.get_or_init(|| Hashing {
        budget: rocket::tokio::sync::Semaphore::new(HASHING_BUDGET_MIB as usize),
        buffers: std::sync::Mutex::new(Vec::new()),
    });
    let share = params.m_cost().div_ceil(1024).clamp(1, HASHING_BUDGET_MIB);
    let _turn =
        match rocket::tokio::time::timeout(HASHING_WAIT, pool.budget.acquire_many(share)).await {
            Ok(Ok(turn)) => turn,
            _ => return Err(AppError::TooManyRequests),
        };
    let blocks = params.block_count();
    let mut buffer = pool
        .buffers
        .lock()
        .map_err(|_| AppError::Internal("hashing pool".into()))?
        .pop()
        .unwrap_or_default();
    if buffer.len() < blocks {
        buffer.resize(blocks, argon2::Block::new());
    }
    let (result, buffer) = rocket::tokio::task::spawn_blocking(move || {
        let result = work(&mut buffer[..blocks]);
        (result, buffer)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    if let Ok(mut idle) = pool.buffers.lock() {
        idle.push(buffer);
    }
    Ok(result)
}

/// Hashes a password with argon2id (PHC string), off the async threads and within the hashing
/// budget (a hash takes tens of milliseconds of CPU and `argon2_memory_kib` of memory on
/// purpose).
///
/// # Errors
/// [`AppError::TooManyRequests`] when the budget has no room in time; when hashing fails (it
/// does not for valid parameters).
pub async fn hash_password(config: &AppConfig, password: &str) -> AppResult<String> {
    use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
    let params = Params::new(config.argon2_memory_kib, 2, 1, None)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(e.to_string()))?;
    let password = password.to_owned();
    let at = params.clone();
    hashing(&params, move |blocks| {
        let mut out = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, at.clone())
            .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, blocks)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let internal = |e: &dyn std::fmt::Display| AppError::Internal(e.to_string());
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&at).map_err(|e| internal(&e))?,
            salt: Some(Salt::new(&salt).map_err(|e| internal(&e))?),
            hash: Some(Output::new(&out).map_err(|e| internal(&e))?),
        };
        Ok(phc.to_string())
    })
    .await?
}

/// Checks a password against a stored hash (algorithm, version and parameters are read from
/// the hash), within the hashing budget at the stored hash's memory cost. The comparison is
/// constant-time (the PHC output type compares so).
///
/// # Errors
/// [`AppError::TooManyRequests`] when the budget has no room in time.
pub async fn verify_password(hash: &str, password: &str) -> AppResult<bool> {
    use argon2::password_hash::phc::{Output, PasswordHash};
    let Ok(parsed) = PasswordHash::new(hash) else {
        return Ok(false);
    };
    let (Ok(params), Ok(algorithm), Some(salt), Some(expected)) = (
        Params::try_from(&parsed),
        Algorithm::try_from(parsed.algorithm.as_str()),
        parsed.salt,
        parsed.hash,
    ) else {
        return Ok(false);
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let password = password.to_owned();
    let at = params.clone();
    hashing(&params, move |blocks| {
        let mut out = vec![0u8; expected.as_bytes().len()];
        Argon2::new(algorithm, version, at)
            .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, blocks)
            .ok()
            .and_then(|()| Output::new(&out).ok())
            .is_some_and(|computed| computed == expected)
    })
    .await
}

fn check_username(errors: &mut FieldErrors, username: &str) {
    let ok = (3..=64).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !ok {
        errors.add("username", "error-username-format");
    }
}

fn check_password(errors: &mut FieldErrors, password: &str) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add("password", "error-password-short");
    }
}

/// Whether first-run setup is still to be done (no user exists).
///
/// # Errors
/// When the database does not answer.
pub async fn needs_setup(db: &DatabaseConnection) -> AppResult<bool> {
    Ok(user::Entity::find().count(db).await? == 0)
}

/// First-run setup: creates the root unit and the first office admin. Once any user exists it
/// answers [`AppError::NotFound`], as if it had never been there.
///
/// # Errors
/// [`AppError::Invalid`] for bad input; [`AppError::NotFound`] after setup.
pub async fn setup(
    db: &DatabaseConnection,
    config: &AppConfig,
    input: &SetupInput,
    ip: Option<String>,
) -> AppResult<user::Model> {
    // Once done, setup is gone: nothing is checked, and no password is hashed for anyone.
    if !needs_setup(db).await? {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let city = errors.check("city_name", required_text(&input.city_name, 120));
    let display_name = errors.check("display_name", required_text(&input.display_name, 64));
    check_username(&mut errors, input.username.trim());
    check_password(&mut errors, &input.password);
    errors.into_result()?;
    let hash = hash_password(config, &input.password).await?;

    let txn = db::begin_write(db).await?;
    // Checked inside the write transaction: two browsers racing through setup make one admin.
    if user::Entity::find().count(&txn).await? > 0 {
        return Err(AppError::NotFound);
    }
    let mut who = Who::system("setup");
    who.ip = ip;
    let root = units::insert_unit(
        &txn,
        &who,
        None,
        &UnitInput {
            name: city.unwrap_or_default(),
            kind: "city".into(),
            parent_id: String::new(),
        },
        UnitKind::City,
    )
    .await?;
    let admin = insert_user(
        &txn,
        &who,
        input.username.trim(),
        display_name.as_deref().unwrap_or_default(),
        Role::Admin,
        root.id,
        hash,
    )
    .await?;
    txn.commit().await?;
    Ok(admin)
}

async fn insert_user(
    conn: &DatabaseTransaction,
    who: &Who,
    username: &str,
    display_name: &str,
    role: Role,
    unit_id: Uuid,
    password_hash: String,
) -> AppResult<user::Model> {
    let at = now();
    let model = user::ActiveModel {
        id: Set(UserId::new().0),
        username: Set(username.to_owned()),
        display_name: Set(display_name.to_owned()),
        role: Set(role),
        unit_id: Set(unit_id),
        password_hash: Set(password_hash),
        active: Set(true),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("username", "error-username-taken");
            AppError::Invalid(errors)
        }
        _ => AppError::Db(e),
    })?;
    audit::record(
        conn,
        who,
        Change::new("user.create", "user", model.id).after(snapshot(&model)),
    )
    .await?;
    Ok(model)
}

fn snapshot(user: &user::Model) -> serde_json::Value {
    json!({
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit_id": user.unit_id,
        "active": user.active,
    })
}

/// The office creates a user.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::Invalid`] for bad input or a
/// taken username.
pub async fn create_user(
    db: &DatabaseConnection,
    config: &AppConfig,
    actor: &Actor,
    input: &UserInput,
) -> AppResult<user::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    check_username(&mut errors, input.username.trim());
    check_password(&mut errors, &input.password);
    let display_name = errors.check("display_name", required_text(&input.display_name, 64));
    let role = parse_role(&input.role);
    if role.is_none() {
        errors.add("role", "error-required");
    }
    let unit = find_unit_field(db, &input.unit_id, &mut errors).await?;
    errors.into_result()?;
    let (Some(role), Some(unit), Some(display_name)) = (role, unit, display_name) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let hash = hash_password(config, &input.password).await?;
    let txn = db::begin_write(db).await?;
    let user = insert_user(
        &txn,
        &actor.into(),
        input.username.trim(),
        &display_name,
        role,
        unit.id,
        hash,
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

async fn find_unit_field(
    db: &DatabaseConnection,
    unit_id: &str,
    errors: &mut FieldErrors,
) -> AppResult<Option<unit::Model>> {
    let found = match Uuid::try_parse(unit_id.trim()) {
        Ok(id) => unit::Entity::find_by_id(id).one(db).await?,
        Err(_) => None,
    };
    if found.is_none() {
        errors.add("unit_id", "error-required");
    }
    Ok(found)
}

/// The office edits a user: name, role, unit, whether active, and optionally a new password.
/// Deactivating a user or changing their password ends their sessions.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`];
/// [`AppError::Invalid`] for bad input, or for an office admin deactivating themselves.
pub async fn update_user(
    db: &DatabaseConnection,
    config: &AppConfig,
    actor: &Actor,
    id: UserId,
    input: &UserInput,
) -> AppResult<user::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let existing = user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let display_name = errors.check("display_name", required_text(&input.display_name, 64));
    let role = parse_role(&input.role);
    if role.is_none() {
        errors.add("role", "error-required");
    }
    if !input.password.is_empty() {
        check_password(&mut errors, &input.password);
    }
    if existing.id == actor.user_id && (!input.active || role != Some(Role::Admin)) {
        errors.add("active", "error-cannot-demote-self");
    }
    let unit = find_unit_field(db, &input.unit_id, &mut errors).await?;
    errors.into_result()?;
    let (Some(role), Some(unit), Some(display_name)) = (role, unit, display_name) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let new_hash = if input.password.is_empty() {
        None
    } else {
        Some(hash_password(config, &input.password).await?)
    };
    let password_changed = new_hash.is_some();
    let ends_sessions = password_changed || !input.active;

    let txn = db::begin_write(db).await?;
    let before = snapshot(&existing);
    let mut model: user::ActiveModel = existing.into();
    model.display_name = Set(display_name);
    model.role = Set(role);
    model.unit_id = Set(unit.id);
    model.active = Set(input.active);
    if let Some(hash) = new_hash {
        model.password_hash = Set(hash);
    }
    model.updated_at = Set(now());
    let updated = model.update(&txn).await?;
    if ends_sessions {
        revoke_all_sessions(&txn, updated.id).await?;
    }
    let tokens_revoked = if password_changed {
        crate::domain::tokens::revoke_all_of(&txn, updated.id).await?
    } else {
        0
    };
    audit::record(
        &txn,
        &actor.into(),
        Change::new("user.update", "user", updated.id)
            .before(before)
            .after({
                let mut after = snapshot(&updated);
                if tokens_revoked > 0 {
                    after["tokens_revoked"] = json!(tokens_revoked);
                }
                after
            }),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

async fn revoke_all_sessions(conn: &impl ConnectionTrait, user_id: Uuid) -> AppResult<()> {
    session::Entity::update_many()
        .col_expr(
            session::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Every user, by username, for the office's list.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn list_users(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<user::Model>> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?)
}

/// One user, for the office.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`].
pub async fn get_user(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UserId,
) -> AppResult<user::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

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
        Some(user) if user.active => verify_password(&user.password_hash, password).await,
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

/// Creates an office admin from the command line (`laurel admin create`): under the root unit,
/// creating it (named `city_name`) when there is none.
///
/// # Errors
/// [`AppError::Invalid`] for bad input or a taken username.
pub async fn create_admin_cli(
    db: &DatabaseConnection,
    config: &AppConfig,
    input: &SetupInput,
) -> AppResult<user::Model> {
    let root = unit::Entity::find()
        .filter(unit::Column::ParentId.is_null())
        .order_by_asc(unit::Column::CreatedAt)
        .one(db)
        .await?;
    let Some(root) = root else {
        return setup(db, config, input, None).await;
    };
    let mut errors = FieldErrors::default();
    let display_name = errors.check("display_name", required_text(&input.display_name, 64));
    check_username(&mut errors, input.username.trim());
    check_password(&mut errors, &input.password);
    errors.into_result()?;
    let hash = hash_password(config, &input.password).await?;
    let txn = db::begin_write(db).await?;
    let user = insert_user(
        &txn,
        &Who::system("cli"),
        input.username.trim(),
        display_name.as_deref().unwrap_or_default(),
        Role::Admin,
        root.id,
        hash,
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AppConfig {
        AppConfig {
            argon2_memory_kib: 1024,
            ..AppConfig::default()
        }
    }

    #[rocket::async_test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password(&config(), "correct horse")
            .await
            .expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=1024,t=2,p=1$"), "{hash}");
        assert_eq!(
            verify_password(&hash, "correct horse").await.ok(),
            Some(true)
        );
        assert_eq!(
            verify_password(&hash, "correct horsE").await.ok(),
            Some(false)
        );
        assert_eq!(verify_password("not a hash", "x").await.ok(), Some(false));
    }

    #[rocket::async_test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let params = Params::new(1024, 2, 1, None).expect("params");
        let made = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"kept from before")
            .expect("hash")
            .to_string();
        assert_eq!(
            verify_password(&made, "kept from before").await.ok(),
            Some(true)
        );
        assert_eq!(verify_password(&made, "another").await.ok(), Some(false));
    }
}
