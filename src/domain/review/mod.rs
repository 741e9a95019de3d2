//! Layer-by-layer recommendation (层层推荐) and the office's strict review (严格审核): applying
//! the transitions of `domain::workflow` to nominations, within quotas that hold under
//! concurrency, with every decision kept as history. The parts: [`decisions`] (who may decide
//! what, and applying it), [`quota`], [`history`], the office's [`checklist`] and duplicate
//! search, the units' [`inbox`], and the office's progress and bulk review ([`office`]). This
//! file is the area's face.
//!
//! Per-unit quotas: a nomination occupies the quota of every unit it has passed on its way up
//! (the nominating unit and each level that recommended it) while it sits above that unit and
//! is not rejected. A transition that moves a nomination above a unit counts that unit's
//! nominations inside the write transaction, after locking the unit's row on PostgreSQL
//! (SQLite's IMMEDIATE transactions already run one at a time), so two simultaneous requests
//! cannot both take the last place.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, QuerySelect,
};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        ids::NominationId,
        stages::gate,
        stages::{self, Lifecycle},
        values::optional_text,
        workflow::{self, Party, Transition},
    },
    entity::{
        campaign, category,
        nomination::{self, NominationStatus},
        nomination_version, recommendation,
        unit::{self, UnitKind},
        user::Role,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// Every catalogue key this module's results carry (checks, duplicate reasons, refusals), for
/// the test that both catalogues hold them.
pub const MESSAGE_KEYS: [&str; 12] = [
    "check-complete",
    "check-attachments",
    "check-id-number",
    "error-rules-failed",
    "error-override-reason",
    "check-no-duplicates",
    "check-dup-id-number",
    "check-dup-name-birth",
    "check-dup-name",
    "error-transition-state",
    "error-quota-full",
    "error-reason-required",
];

mod checklist;
mod decisions;
mod history;
mod inbox;
mod office;
mod page;
mod quota;

// The area's face: what the rest of the application may call.
pub use checklist::{Check, Duplicate, checklist, duplicates, failed_checks};
pub use decisions::{
    Context, OUTCOME_KEYS, Outcome, available, content_of, context, decide, is_party, may_edit,
    rule_checks, submit, transition, transition_overriding,
};
pub use history::{FieldChange, HistoryEntry, changes_since_previous, history};
pub use inbox::{Inbox, InboxGroup, InboxRow, inbox, waiting_count};
pub use office::{
    OfficeQueue, OfficeRow, ProgressPage, ProgressRow, STATUS_ORDER, bulk_mark_eligible,
    office_queue, progress, progress_page,
};
pub use page::{NominationView, OfficeChecks, history_in_reach, nomination_page, office_checks};
pub use quota::{QuotaUse, places_of, quota_use, used_quota};

// Shared between this area's files only.
use decisions::judged_on;
use quota::check_quota;
