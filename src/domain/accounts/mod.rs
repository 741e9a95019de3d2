//! Users and sign-in: argon2id password hashes, sessions kept in the database (so any app
//! instance can check or revoke them), the login throttle, and first-run setup. The parts:
//! [`users`], [`passwords`] and [`sessions`]; this file is the area's face.

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

mod passwords;
mod sessions;
pub mod tokens;
mod users;

// The area's face: what the rest of the application may call.
/// A user, as the domain hands it out.
pub use crate::entity::user::Model as User;

/// Catalogue keys of the refusals this area makes that no template names.
pub const MESSAGE_KEYS: [&str; 3] = [
    "error-token-days",
    "error-token-user-inactive",
    "error-service-password",
];
pub use passwords::{HASHING_BUDGET_MIB, hash_password, verify_password};
pub(crate) use sessions::{ActorRow, actor_select};
pub use sessions::{NewSession, actor_for_user, session_actor, sign_in, sign_out};
pub use users::{
    SetupInput, UserInput, UserRow, create_admin_cli, create_user, get_user, list_users,
    needs_setup, parse_role, setup, update_user, user_rows, users_page,
};

// Shared between this area's files only.
use passwords::check_password;
