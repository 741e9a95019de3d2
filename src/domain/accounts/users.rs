//! Users (用户): first-run setup, the office creating and editing users (a changed password or
//! role ends their sessions and tokens), reading them, and the admin made from the command
//! line.

use super::*;

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
    /// A service account (creating only): no password, no sign-in; it works through the
    /// tokens the office issues it.
    #[field(default = false)]
    pub service: bool,
}

/// What first-run setup asks for: the root unit (a city, or a province) and the first office
/// admin.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm)]
pub struct SetupInput {
    /// The root unit's name, e.g. 青岛市 (or 山东省 for a provincial deployment).
    #[field(default = String::new())]
    pub city_name: String,
    /// Whether the root unit is a province (a provincial deployment, whose cities recommend
    /// to the provincial office) rather than a city.
    #[field(default = false)]
    #[serde(default)]
    pub province: bool,
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
        "agency" => Some(Role::Agency),
        _ => None,
    }
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
    let kind = if input.province {
        UnitKind::Province
    } else {
        UnitKind::City
    };
    let root = units::insert_unit(
        &txn,
        &who,
        None,
        &UnitInput {
            name: city.unwrap_or_default(),
            kind: crate::domain::name_of(&kind),
            parent_id: String::new(),
        },
        kind,
    )
    .await?;
    let admin = insert_user(
        &txn,
        &who,
        input.username.trim(),
        display_name.as_deref().unwrap_or_default(),
        Role::Admin,
        root.id,
        Some(hash),
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
    password_hash: Option<String>,
) -> AppResult<user::Model> {
    let at = now();
    let model = user::ActiveModel {
        id: Set(UserId::new().0),
        username: Set(username.to_owned()),
        display_name: Set(display_name.to_owned()),
        role: Set(role),
        unit_id: Set(unit_id),
        // A service account's is empty: no password matches it.
        service: Set(password_hash.is_none()),
        password_hash: Set(password_hash.unwrap_or_default()),
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
        "service": user.service,
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
    if !input.service {
        check_password(&mut errors, &input.password);
    } else if !input.password.is_empty() {
        errors.add("password", "error-service-password");
    }
    let display_name = errors.check("display_name", required_text(&input.display_name, 64));
    let role = parse_role(&input.role);
    if role.is_none() {
        errors.add("role", "error-required");
    }
    let unit = find_unit_field(db, &input.unit_id, &mut errors).await?;
    check_role_unit(&mut errors, role, unit.as_ref());
    errors.into_result()?;
    let (Some(role), Some(unit), Some(display_name)) = (role, unit, display_name) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let hash = if input.service {
        None
    } else {
        Some(hash_password(config, &input.password).await?)
    };
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

/// An agency's users hold the agency role, and only they do: an agency never nominates, and
/// a unit of the nominating tree never clears candidates.
fn check_role_unit(errors: &mut FieldErrors, role: Option<Role>, unit: Option<&unit::Model>) {
    if let (Some(role), Some(unit)) = (role, unit)
        && ((role == Role::Agency) != (unit.kind == UnitKind::Agency))
    {
        errors.add("role", "error-role-agency-unit");
    }
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
    if existing.service && !input.password.is_empty() {
        errors.add("password", "error-service-password");
    } else if !input.password.is_empty() {
        check_password(&mut errors, &input.password);
    }
    if existing.id == actor.user_id && (!input.active || role != Some(Role::Admin)) {
        errors.add("active", "error-cannot-demote-self");
    }
    let unit = find_unit_field(db, &input.unit_id, &mut errors).await?;
    check_role_unit(&mut errors, role, unit.as_ref());
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
        crate::domain::accounts::tokens::revoke_all_of(&txn, updated.id).await?
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

/// A page of the users, by username, for the office: `size` after the user named `after`, and
/// the cursor of the next page when there is one.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn users_page(
    db: &DatabaseConnection,
    actor: &Actor,
    after: Option<&str>,
    size: u64,
) -> AppResult<(Vec<user::Model>, Option<String>)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut query = user::Entity::find().order_by_asc(user::Column::Username);
    if let Some(after) = after {
        query = query.filter(user::Column::Username.gt(after));
    }
    let mut rows = query.limit(size + 1).all(db).await?;
    let next = if rows.len() as u64 > size {
        rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        rows.last().map(|u| u.username.clone())
    } else {
        None
    };
    Ok((rows, next))
}

/// A user as the office's list shows them: no password hash, with their unit's name.
#[derive(Clone, Debug, Serialize)]
pub struct UserRow {
    /// The user.
    pub id: Uuid,
    /// Sign-in name.
    pub username: String,
    /// Name as shown.
    pub display_name: String,
    /// Their role.
    pub role: Role,
    /// Their unit's name.
    pub unit_name: String,
    /// Whether they may sign in.
    pub active: bool,
    /// A service account (tokens only).
    pub service: bool,
}

/// Every user for the office's list, by username, with their units' names.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn user_rows(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<UserRow>> {
    let users = list_users(db, actor).await?;
    let names: std::collections::HashMap<Uuid, String> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(users
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            unit_name: names.get(&u.unit_id).cloned().unwrap_or_default(),
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            active: u.active,
            service: u.service,
        })
        .collect())
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
        Some(hash),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}
