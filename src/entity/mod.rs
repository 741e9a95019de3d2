//! SeaORM entities, one file per table. They describe rows and hold no rules: what a value may
//! be, who may change it and when is decided in `crate::domain`.

pub mod api_token;
pub mod attachment;
pub mod audit_event;
pub mod campaign;
pub mod category;
pub mod login_failure;
pub mod nomination;
pub mod nomination_version;
pub mod recommendation;
pub mod session;
pub mod unit;
pub mod user;
