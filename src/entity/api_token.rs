//! `api_tokens`: bearer tokens for the JSON API, one user each; only their SHA-256 is stored.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a token may do.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Everything its user may do.
    #[default]
    #[sea_orm(string_value = "full")]
    Full,
    /// Only reading (`GET`): what its user may read.
    #[sea_orm(string_value = "read")]
    Read,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub last_used_at: Option<TimeDateTimeWithTimeZone>,
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
    /// When it stops working (set for every token; tokens from before expiry existed got the
    /// default lifetime from the upgrade).
    pub expires_at: Option<TimeDateTimeWithTimeZone>,
    /// What it may do.
    pub scope: TokenScope,
    /// The office admin who issued it, when that was not its user.
    pub issued_by: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
