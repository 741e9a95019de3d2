//! Expert evaluation (专家评选): a category's rubric ([`rubrics`]), panels of reviewers
//! ([`panels`]), the assignment of eligible nominations to them under the conflict-of-interest
//! rules ([`assignments`], applying the pure [`allocation`]), the reviewer's score sheet
//! ([`sheets`]), the ranking aggregated by the pure [`scoring`] rules and the shortlist
//! ([`ranking`]), the office's panel dashboard with its charts ([`dashboard`]), and what each
//! page shows in one call ([`pages`]). This file is the area's face; every change is recorded
//! in the audit log inside its transaction.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, SqlErr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        campaigns,
        ids::CampaignId,
        now, stages,
        values::{parse_bounded_int, required_text},
        workflow::{self, Action, Transition},
    },
    entity::{
        assignment as assignment_row, category, conflict, criterion,
        nomination::{self, NominationStatus},
        panel, panel_category, panel_member, unit,
        user::{self, Role},
    },
    error::{AppError, AppResult, FieldErrors},
    i18n::{self, Lang},
};

/// The default rubric (deeds, service duration, social impact, innovation): catalogue key of
/// the name, maximum points, weight.
pub const DEFAULT_RUBRIC: [(&str, i32, f64); 4] = [
    ("rubric-deeds", 40, 1.0),
    ("rubric-duration", 20, 1.0),
    ("rubric-impact", 25, 1.0),
    ("rubric-innovation", 15, 1.0),
];

/// Every catalogue key this module's results carry, for the test that both catalogues hold them.
pub const MESSAGE_KEYS: [&str; 15] = [
    "error-criterion-needed",
    "error-rubric-in-use",
    "error-sheet-locked",
    "error-panel-members",
    "error-category-has-panel",
    allocation::ERROR_CONFLICT,
    allocation::ERROR_DUPLICATE,
    "error-score-range",
    "error-comment-when-not-approving",
    "error-sheet-locked",
    "error-sheet-not-submitted",
    "error-shortlist-incomplete",
    "error-shortlist-quota",
    "error-shortlist-majority",
    "error-shortlist-rationale",
];

/// Refuses to drop an assignment whose scores were submitted: they would be lost with it.
async fn check_not_scored(txn: &impl ConnectionTrait, assignment_id: Uuid) -> AppResult<()> {
    let submitted = crate::entity::score_sheet::Entity::find()
        .filter(crate::entity::score_sheet::Column::AssignmentId.eq(assignment_id))
        .filter(crate::entity::score_sheet::Column::Status.eq(crate::domain::evaluation::SUBMITTED))
        .one(txn)
        .await?;
    if submitted.is_some() {
        Err(AppError::Refused("error-sheet-locked", vec![]))
    } else {
        Ok(())
    }
}

/// On PostgreSQL, one change of a panel's assignments at a time (SQLite's IMMEDIATE write
/// transactions already run one at a time): two simultaneous runs would plan the same seats.
async fn lock_panel(txn: &impl ConnectionTrait, panel_id: Uuid) -> AppResult<()> {
    use sea_orm::QuerySelect;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        panel::Entity::find_by_id(panel_id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    Ok(())
}

fn office_only(actor: &Actor) -> AppResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub mod allocation;
mod assignments;
pub mod blend;
mod charts;
mod dashboard;
mod exports;
mod pages;
mod panels;
mod ranking;
mod rubrics;
pub mod scoring;
mod sheets;

// The area's face: what the rest of the application may call.
/// A rubric's criterion, as the domain hands it out.
pub use crate::entity::criterion::Model as Criterion;
pub(crate) use assignments::settle;
pub use assignments::{
    AssignReport, AssignmentRow, MyAssignment, assign_by_hand, auto_assign, my_assignments,
    panel_assignments, recuse, unassign,
};
pub use dashboard::{
    Bin, CategoryCharts, Cell, CellState, Dashboard, Matrix, MatrixRow, Nominee, Progress, Spread,
    dashboard, matrices, progress,
};
pub use exports::{ranking_table, scoresheet_table};
pub use pages::{
    MyWork, Overview, PanelBoard, RankingView, my_work, overview, panel_board, ranking_view,
};
pub use panels::{
    PanelDetail, PanelInput, PanelView, create_panel, panel_detail, panels_of, reviewers,
};
pub use ranking::{Cutoff, RankingRow, SheetSummary, cutoff, fix_shortlist, ranking, shortlist_of};
pub use rubrics::{CriterionInput, rubric, set_rubric};
pub use sheets::{
    BANDS, Band, DRAFT, RANKED, SUBMITTED, SheetInput, Workspace, assigned_attachment, bands,
    points_text, reopen_sheet, save_sheet, workspace,
};

// Shared between this area's files only.
use allocation::{ConflictTarget, NomineeSlot, Panelist};
use assignments::assignment_rows;
use assignments::facts;
use assignments::slot;
use panels::panel_facts;
