//! The authenticated caller, and the one place that decides whether a unit is within reach.

use serde::Serialize;
use uuid::Uuid;

use crate::entity::unit::UnitKind;

/// Who is asking: a signed-in user (web session or API token), with their unit's place in the
/// tree and the address the request came from (for the audit log).
/// The role a user holds (the office, a recommending unit, a reviewer).
pub use crate::entity::user::Role;

#[derive(Clone, Debug, Serialize)]
pub struct Actor {
    /// The user.
    pub user_id: Uuid,
    /// Their sign-in name.
    pub username: String,
    /// Their name as shown.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Their unit.
    pub unit_id: Uuid,
    /// Their unit's name.
    pub unit_name: String,
    /// Their unit's materialised path; their subtree is every unit whose path starts with it.
    pub unit_path: String,
    /// Their unit's kind.
    pub unit_kind: UnitKind,
    /// The client's address, when known.
    #[serde(skip)]
    pub ip: Option<String>,
}

impl Actor {
    /// Whether this is the office.
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether the caller's unit recommends what units below it send (a street, district or,
    /// under a province, city recommender): only they have an inbox. A city at the root is the
    /// office's own unit, never a level.
    #[must_use]
    pub fn has_inbox(&self) -> bool {
        self.role == Role::Recommender
            && match self.unit_kind {
                UnitKind::Street | UnitKind::District => true,
                UnitKind::City => self.unit_path.trim_matches('/').contains('/'),
                _ => false,
            }
    }

    /// Whether the unit with this path is in the caller's reach: the office reaches every unit,
    /// anyone else their own unit's subtree.
    #[must_use]
    pub fn reaches(&self, unit_path: &str) -> bool {
        self.is_admin() || unit_path.starts_with(&self.unit_path)
    }
}
