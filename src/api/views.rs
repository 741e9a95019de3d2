//! What the API returns: plain records with the fields an integration needs. Private fields
//! appear only where the pages show them to the same caller (the ID number only masked).

use crate::domain::accounts::User;
use crate::domain::actor::Role;
use crate::domain::campaigns::Category;
use crate::domain::campaigns::NomineeKind;
use crate::domain::nominations::Attachment;
use crate::domain::nominations::Nomination;
use crate::domain::nominations::NominationStatus;
use crate::domain::stages::{StageKind, StageState};
use crate::domain::units::Unit;
use crate::domain::units::UnitKind;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// An error: a stable code, a message in the caller's language, and field messages.
#[derive(Serialize, ToSchema)]
pub struct ApiErrorView {
    /// Stable code, e.g. `error-not-found`.
    pub error: String,
    /// Human-readable message (zh-CN unless `Accept-Language` asks for English).
    pub message: String,
    /// For `error-invalid`: which fields, with which codes.
    pub fields: Option<Vec<FieldErrorView>>,
}

/// One field's problem.
#[derive(Serialize, ToSchema)]
pub struct FieldErrorView {
    /// The field's name.
    pub field: String,
    /// The message code.
    pub key: String,
    /// The message, in the request's language.
    pub message: String,
}

/// The signed-in user of a token.
#[derive(Serialize, ToSchema)]
pub struct MeView {
    /// User id.
    pub user_id: Uuid,
    /// Sign-in name.
    pub username: String,
    /// Name as shown.
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The user's unit.
    pub unit_id: Uuid,
    /// The unit's name.
    pub unit_name: String,
}

/// An administrative unit.
#[derive(Serialize, ToSchema)]
pub struct UnitView {
    /// Unit id.
    pub id: Uuid,
    /// Parent unit, none for the root.
    pub parent_id: Option<Uuid>,
    /// The kind of unit.
    pub kind: UnitKind,
    /// Name.
    pub name: String,
    /// Depth in the tree (root 0).
    pub depth: i32,
}

impl From<Unit> for UnitView {
    fn from(u: Unit) -> Self {
        Self {
            id: u.id,
            parent_id: u.parent_id,
            kind: u.kind,
            name: u.name,
            depth: u.depth,
        }
    }
}

/// A user (never the password hash).
#[derive(Serialize, ToSchema)]
pub struct UserView {
    /// User id.
    pub id: Uuid,
    /// Sign-in name.
    pub username: String,
    /// Name as shown.
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The user's unit.
    pub unit_id: Uuid,
    /// Whether they may sign in (or, a service account, use its tokens).
    pub active: bool,
    /// A service account: no password, API tokens only.
    pub service: bool,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            role: u.role,
            username: u.username,
            display_name: u.display_name,
            unit_id: u.unit_id,
            active: u.active,
            service: u.service,
        }
    }
}

/// A category of a campaign.
#[derive(Serialize, ToSchema)]
pub struct CategoryView {
    /// Category id.
    pub id: Uuid,
    /// Stable key, e.g. `volunteer`.
    pub key: String,
    /// Name.
    pub name: String,
    /// The kind of nominee.
    pub nominee_kind: NomineeKind,
    /// Total quota.
    pub quota: i32,
    /// Quota per recommending unit.
    pub unit_quota: i32,
    /// Minimum volunteer hours, if any.
    pub min_hours: Option<i32>,
}

impl From<Category> for CategoryView {
    fn from(c: Category) -> Self {
        Self {
            id: c.id,
            nominee_kind: c.nominee_kind,
            key: c.key,
            name: c.name,
            quota: c.quota,
            unit_quota: c.unit_quota,
            min_hours: c.min_hours,
        }
    }
}

/// One stage of a campaign.
#[derive(Serialize, ToSchema)]
pub struct StageApiView {
    /// The stage.
    pub kind: StageKind,
    /// Where it stands: `closed` once its last day has passed.
    pub state: StageState,
    /// First day, `YYYY-MM-DD`, if set.
    pub opens_on: Option<String>,
    /// Last day of its actions, if any.
    pub closes_on: Option<String>,
    /// The recommendation stage's last day per level: `submit`, `street`, `district`, `city`.
    pub deadlines: Option<std::collections::BTreeMap<String, String>>,
}

impl From<&crate::domain::stages::StageView> for StageApiView {
    fn from(v: &crate::domain::stages::StageView) -> Self {
        let day = |d: Option<time::Date>| d.map(|d| d.to_string());
        let d = v.stage.deadlines;
        let deadlines: std::collections::BTreeMap<String, String> = [
            ("submit", d.submit),
            ("street", d.street),
            ("district", d.district),
            ("city", d.city),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_string())))
        .collect();
        Self {
            kind: v.stage.kind,
            state: v.state,
            opens_on: day(v.stage.opens_on),
            closes_on: day(v.stage.closes_on),
            deadlines: (!deadlines.is_empty()).then_some(deadlines),
        }
    }
}

/// A campaign with its categories and stages.
#[derive(Serialize, ToSchema)]
pub struct CampaignView {
    /// Campaign id.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Year.
    pub year: i32,
    /// Organizer.
    pub organizer: String,
    /// Public description.
    pub description: String,
    /// The stage it is in: `draft` (not public yet) or one of its stages' kinds.
    pub stage: StageKind,
    /// Its stages in order, with their dates and where each stands today.
    pub stages: Vec<StageApiView>,
    /// The levels that recommend upward: `street`, `district`.
    pub recommend_levels: Vec<String>,
    /// How the panel's scores are aggregated: `trimmed_mean`, `mean` or `z_score`.
    pub aggregation: String,
    /// Version, for optimistic updates.
    pub version: i32,
    /// Categories, in order.
    pub categories: Vec<CategoryView>,
}

impl CampaignView {
    /// The view of a campaign with its categories and its stages as they stand.
    #[must_use]
    pub fn new(c: crate::domain::campaigns::CampaignPage) -> Self {
        Self {
            id: c.campaign.id,
            stage: c.campaign.stage,
            stages: c.stages.iter().map(StageApiView::from).collect(),
            recommend_levels: c.levels.clone(),
            aggregation: c.aggregation.clone(),
            title: c.campaign.title,
            year: c.campaign.year,
            organizer: c.campaign.organizer,
            description: c.campaign.description,
            version: c.campaign.version,
            categories: c.categories.into_iter().map(CategoryView::from).collect(),
        }
    }
}

/// An attachment's description.
#[derive(Serialize, ToSchema)]
pub struct AttachmentView {
    /// Attachment id.
    pub id: Uuid,
    /// File name as uploaded (sanitised).
    pub filename: String,
    /// `image/jpeg`, `image/png` or `application/pdf`, judged by content.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content.
    pub sha256: String,
}

impl From<Attachment> for AttachmentView {
    fn from(a: Attachment) -> Self {
        Self {
            id: a.id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
        }
    }
}

/// A nomination, as its unit and the office see it.
#[derive(Serialize, ToSchema)]
pub struct NominationView {
    /// Nomination id.
    pub id: Uuid,
    /// Campaign.
    pub campaign_id: Uuid,
    /// Category.
    pub category_id: Uuid,
    /// Nominating unit.
    pub unit_id: Uuid,
    /// The kind of nominee.
    pub nominee_kind: NomineeKind,
    /// Where it stands in the workflow.
    pub status: NominationStatus,
    /// Name.
    pub nominee_name: String,
    /// Affiliation and role.
    pub affiliation: String,
    /// `male` / `female` (person).
    pub gender: Option<String>,
    /// Birth date (person; private).
    pub birth_date: Option<String>,
    /// Phone (private).
    pub phone: Option<String>,
    /// ID number, masked (person; private).
    pub id_number_masked: Option<String>,
    /// Volunteer hours (person).
    pub volunteer_hours: Option<i32>,
    /// Serving since (person).
    pub active_since: Option<String>,
    /// Registered on the national volunteer service information system (person).
    pub registered: Option<bool>,
    /// Founded or started on.
    pub founded_on: Option<String>,
    /// Registered volunteers.
    pub member_count: Option<i32>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Public summary of deeds.
    pub deeds_summary: String,
    /// Full deeds.
    pub deeds_full: String,
    /// Version, for optimistic updates.
    pub version: i32,
    /// Attachments.
    pub attachments: Vec<AttachmentView>,
}

impl NominationView {
    /// The view of a nomination; `id_number_masked` is computed by the caller (it needs keys).
    #[must_use]
    pub fn new(
        n: Nomination,
        id_number_masked: Option<String>,
        attachments: Vec<Attachment>,
    ) -> Self {
        Self {
            id: n.id,
            campaign_id: n.campaign_id,
            category_id: n.category_id,
            unit_id: n.unit_id,
            nominee_kind: n.nominee_kind,
            status: n.status,
            nominee_name: n.nominee_name,
            affiliation: n.affiliation,
            gender: n.gender,
            birth_date: n.birth_date.map(|d| d.to_string()),
            phone: n.phone,
            id_number_masked,
            volunteer_hours: n.volunteer_hours,
            active_since: n.active_since.map(|d| d.to_string()),
            registered: n.registered,
            founded_on: n.founded_on.map(|d| d.to_string()),
            member_count: n.member_count,
            contact_name: n.contact_name,
            deeds_summary: n.deeds_summary,
            deeds_full: n.deeds_full,
            version: n.version,
            attachments: attachments.into_iter().map(AttachmentView::from).collect(),
        }
    }
}

/// A page of the nomination list.
#[derive(Serialize, ToSchema)]
pub struct NominationListView {
    /// Matching nominations, counted up to 1,000.
    pub total: u64,
    /// More than `total` match.
    pub more: bool,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
    /// Rows on this page (at most 50).
    pub rows: Vec<crate::domain::nominations::NominationRow>,
}
