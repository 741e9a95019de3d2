//! The OpenAPI document, generated from the handlers' own annotations.

use rocket::{get, serde::json::Json};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};

use crate::api::{
    admin, audit, clearance, evaluation, honors, nominations, notices, objections, panels, review,
    tokens, views, voting,
};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// Gives every response a description, as OpenAPI requires: the status's reason phrase
/// unless the handler's annotation says more.
struct Described;

impl Modify for Described {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ];
            for operation in operations.into_iter().flatten() {
                for (code, response) in &mut operation.responses.responses {
                    let utoipa::openapi::RefOr::T(response) = response else {
                        continue;
                    };
                    if response.description.is_empty() {
                        response.description = code
                            .parse::<u16>()
                            .ok()
                            .and_then(|c| rocket::http::Status::from_code(c)?.reason())
                            .unwrap_or("Answer")
                            .to_owned();
                    }
                }
            }
        }
    }
}

/// Drops the defaults that the forms' "absent" gives number and yes-or-no fields (an empty
/// string): they contradict the field's JSON type, where absence is simply absence.
struct TypedDefaults;

impl Modify for TypedDefaults {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            RefOr,
            schema::{Schema, SchemaType, Type},
        };
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for schema in components.schemas.values_mut() {
            let RefOr::T(Schema::Object(object)) = schema else {
                continue;
            };
            for property in object.properties.values_mut() {
                let RefOr::T(Schema::Object(field)) = property else {
                    continue;
                };
                let text = match &field.schema_type {
                    SchemaType::Type(kind) => *kind == Type::String,
                    SchemaType::Array(kinds) => kinds.contains(&Type::String),
                    SchemaType::AnyValue => true,
                };
                if !text && field.default == Some(serde_json::Value::String(String::new())) {
                    field.default = None;
                }
            }
        }
    }
}

/// Laurel's API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Laurel API", version = "1", description = "The volunteer recognition registry's JSON API. Authenticate with `Authorization: Bearer <token>`; tokens are created on the account page."),
    paths(
        document,
        admin::me, admin::units_index, admin::units_create, admin::users_index, admin::users_create,
        admin::campaigns_index, admin::campaigns_show, admin::campaigns_create, admin::campaigns_update,
        admin::campaigns_advance, admin::campaigns_back,
        admin::units_update, admin::units_delete, admin::users_show, admin::users_update,
        audit::index, audit::export,
        tokens::mine, tokens::live, tokens::create, tokens::issue, tokens::revoke,
        notices::desk, notices::save_draft, notices::publish, notices::calendar,
        notices::save_calendar, notices::order, notices::final_list, notices::confirm,
        notices::correction, notices::correct, notices::private_export, notices::published,
        objections::file, objections::status, objections::queue, objections::show,
        objections::note, objections::decide, objections::attachment,
        clearance::matrix, clearance::set_agencies, clearance::decide, clearance::summary,
        clearance::sheet, clearance::mine, clearance::queue, clearance::candidate,
        clearance::answer,
        voting::ballot, voting::challenge, voting::code, voting::verify, voting::cast,
        voting::held, voting::decide_held,
        honors::search, honors::honoree, honors::unit, honors::export,
        nominations::index, nominations::roster, nominations::show, nominations::create, nominations::update,
        nominations::submit, nominations::upload, nominations::download, nominations::remove,
        review::decide, review::history, review::review_details, review::inbox,
        review::bulk_eligible, review::progress,
        evaluation::mine, evaluation::workspace, evaluation::save_sheet, evaluation::assign,
        evaluation::ranking, evaluation::shortlist, evaluation::attachment,
        evaluation::ranking_export, evaluation::scoresheet_export,
        panels::panels, panels::create_panel, panels::panel, panels::rubric, panels::set_rubric,
        panels::assign_by_hand, panels::unassign, panels::recuse, panels::reopen,
    ),
    components(schemas(
        views::ApiErrorView, views::FieldErrorView, views::MeView, views::UnitView, views::UserView,
        views::CategoryView, views::CampaignView, views::AttachmentView, views::NominationView,
        views::NominationListView, admin::UnitPageView, admin::UserPageView, admin::VersionInput, admin::BackInput, views::StageApiView, nominations::NominationCreate,
        crate::domain::units::UnitInput, crate::domain::accounts::UserInput,
        crate::domain::campaigns::CampaignInput, crate::domain::campaigns::CategoryInput,
        crate::domain::nominations::NominationInput, crate::domain::nominations::NominationRow,
        review::DecisionInput, crate::domain::review::OfficeChecks, review::InboxView, review::BulkItem,
        review::BulkView, review::BulkFailure, review::ProgressView,
        crate::domain::review::HistoryEntry, crate::domain::review::Check,
        crate::domain::review::Duplicate, crate::domain::review::FieldChange,
        crate::domain::review::QuotaUse, crate::domain::review::ProgressRow,
        evaluation::CriterionView, evaluation::WorkspaceView, evaluation::SheetBody,
        evaluation::RankingRowView, evaluation::ShortlistBody, evaluation::WorkspaceAttachment, evaluation::SheetStatus,
        crate::domain::evaluation::MyAssignment, crate::domain::evaluation::AssignReport,
        crate::domain::evaluation::PanelInput, crate::domain::evaluation::PanelView,
        crate::domain::evaluation::CriterionInput, crate::domain::evaluation::AssignmentRow,
        panels::PanelDetailView, panels::RubricView, panels::AssignmentInput, panels::ReasonInput,
        audit::AuditEventView, audit::VerificationView, audit::AuditPageView,
        tokens::TokenView, tokens::TokenInput, tokens::NewTokenView,
        crate::domain::accounts::tokens::TokenScope, tokens::TokenStatus,
        crate::domain::actor::Role, crate::domain::units::UnitKind,
        crate::domain::campaigns::NomineeKind, crate::domain::stages::StageKind,
        crate::domain::stages::StageState, crate::domain::nominations::NominationStatus,
        crate::domain::notices::DocumentKind, crate::domain::notices::DocumentStatus,
        notices::DocumentView, notices::DeskView, crate::domain::notices::DocumentInput,
        crate::domain::notices::CalendarInput, crate::domain::notices::Section,
        crate::domain::notices::Entry,
        notices::OrderBody, notices::BlockedView, notices::FinalListView, notices::CorrectionLine,
        notices::CorrectionBody, notices::PublishedView,
        objections::EvidenceInput, objections::ObjectionFiling, objections::ReceiptView,
        objections::ObjectionStatusView, objections::ObjectionView, objections::NoteInput,
        objections::Outcome, objections::DecisionInput, crate::domain::notices::ObjectionStatus,
        clearance::AgenciesBody, clearance::AgenciesView, clearance::SavedAnswerView,
        clearance::RecordedDecisionView, crate::domain::clearance::Matrix,
        crate::domain::clearance::MatrixRow, crate::domain::clearance::AgencyColumn,
        crate::domain::clearance::AnswerView, crate::domain::clearance::DecisionView,
        crate::domain::clearance::AgencyCampaign, crate::domain::clearance::Queue,
        crate::domain::clearance::QueueRow, crate::domain::clearance::CandidateView,
        crate::domain::clearance::AnswerInput, crate::domain::clearance::DecisionInput,
        crate::domain::clearance::Opinion, crate::domain::clearance::Decision,
        voting::CodeSentView, voting::PassView, voting::HeldDecidedView,
        crate::domain::voting::Ballot, crate::domain::voting::BallotCategory,
        crate::domain::voting::BallotCandidate, crate::domain::voting::Cast,
        crate::domain::voting::Challenge, crate::domain::voting::CodeInput,
        crate::domain::voting::VerifyInput, crate::domain::voting::HeldGroup,
        crate::domain::voting::HeldDecision,
        honors::HonoreeView, honors::HonorPageView, honors::HonoreePageView, honors::UnitListView,
        honors::UnitSectionView, honors::UnitLineView, honors::UnitHonorsView,
    )),
    modifiers(&BearerAuth, &Described, &TypedDefaults),
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", responses((status = 200, description = "The OpenAPI document")))]
#[get("/openapi.json")]
pub fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
