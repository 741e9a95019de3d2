//! `units`: the administrative tree ((province →) city → district → street → community, plus
//! departments).

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// The level of an administrative unit.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The root of a provincial deployment: its cities recommend to the provincial office.
    #[sea_orm(string_value = "province")]
    Province,
    #[sea_orm(string_value = "city")]
    City,
    #[sea_orm(string_value = "district")]
    District,
    #[sea_orm(string_value = "street")]
    Street,
    #[sea_orm(string_value = "community")]
    Community,
    #[sea_orm(string_value = "department")]
    Department,
    /// Another agency (court, procuratorate, public security, credit office…) that clears
    /// candidates (联审); it never nominates.
    #[sea_orm(string_value = "agency")]
    Agency,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: UnitKind,
    pub name: String,
    pub path: String,
    pub depth: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
