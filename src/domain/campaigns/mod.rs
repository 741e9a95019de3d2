//! Campaigns (宣传发动, publicity and mobilization): the office sets one up with its
//! categories, quotas and timeline; `domain::stages` moves it through its stages. The parts:
//! the office's [`form`] and its validation, the [`commands`] that create, copy and edit, and
//! the [`queries`] that read campaigns for each kind of user. This file is the area's face.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        eligibility,
        ids::{CampaignId, CategoryId},
        now,
        stages::gate,
        stages::{
            self, CLEARANCE_AFTER, ClearancePlan, Deadlines, Lifecycle, Plan, VotingPlan,
            VotingRules,
        },
        units,
        values::{parse_bounded_int, parse_date, parse_optional_bounded_int, required_text},
        workflow::Action,
    },
    entity::{
        campaign::{self, StageKind},
        category, nomination,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// The four standard categories (DESIGN.md): key and nominee kind, in order.
pub const STANDARD_CATEGORIES: [(&str, NomineeKind); 4] = [
    ("volunteer", NomineeKind::Person),
    ("organization", NomineeKind::Organization),
    ("project", NomineeKind::Project),
    ("community", NomineeKind::Community),
];

/// Reviewers per nomination unless a category says otherwise.
pub const DEFAULT_REVIEWERS: i32 = 5;

/// The aggregation method unless a campaign says otherwise: drop the highest and the lowest
/// score (去掉一个最高分和一个最低分).
pub const DEFAULT_AGGREGATION: &str = "trimmed_mean";

/// The aggregation methods a campaign may choose.
pub const AGGREGATIONS: [&str; 3] = ["trimmed_mean", "mean", "z_score"];

mod commands;
mod form;
mod queries;

// The area's face: what the rest of the application may call.
/// A campaign and a category of it, as the domain hands them out.
pub use crate::entity::{
    campaign::Model as Campaign,
    category::{Model as Category, NomineeKind},
};
pub use commands::{copy_form, create_campaign, update_campaign};
pub use form::{CampaignInput, CategoryInput, kind_name, parse_nominee_kind};
pub use queries::{
    CampaignPage, CampaignSummary, categories_of, form_of, get_any, get_for, get_public, list_for,
    list_public, page, page_of, pages_for, public_page, public_summaries, summaries, summaries_for,
};

// Shared between this area's files only.
use form::ValidCategory;
use form::validate;
