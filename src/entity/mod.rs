//! SeaORM entities, one file per table. They describe rows and hold no rules: what a value may
//! be, who may change it and when is decided in `crate::domain`.

pub mod api_token;
pub mod assignment;
pub mod attachment;
pub mod audit_checkpoint;
pub mod audit_event;
pub mod calendar_day;
pub mod campaign;
pub mod campaign_stage;
pub mod category;
pub mod clearance_agency;
pub mod clearance_answer;
pub mod clearance_decision;
pub mod conflict;
pub mod criterion;
pub mod document;
pub mod document_page;
pub mod honoree;
pub mod honoree_gram;
pub mod login_failure;
pub mod nomination;
pub mod nomination_gram;
pub mod nomination_version;
pub mod objection;
pub mod panel;
pub mod panel_category;
pub mod panel_member;
pub mod recommendation;
pub mod score;
pub mod score_sheet;
pub mod session;
pub mod shortlist_entry;
pub mod unit;
pub mod user;
