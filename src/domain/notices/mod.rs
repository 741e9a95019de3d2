//! The public notice (公示), its objections (异议) and the final list (先进典型名单): composing
//! and publishing ([`publish`]), the office's desk ([`desk`]), the published documents'
//! canonical content and digest ([`content`]), where a notice stands on a day ([`phase`]),
//! objections ([`objections`]), the working-day calendar ([`calendar`]), confirming the final
//! list ([`final_list`]) and its order and corrections ([`corrections`]), and what the office's
//! pages show in one call each ([`forms`]). This file is the area's face; the honor roll that follows a confirmed list is [`super::honor_roll`].
//!
//! The office composes a notice from the shortlist; publishing it freezes its canonical JSON
//! (public fields only) and that JSON's SHA-256 digest. A correction is a new notice that
//! replaces the old one; the old one stays readable. Within the notice window, counted in
//! working days on the office's calendar, anyone may file an objection in their real name; the
//! office investigates and records an outcome. Dates are the office's local dates, passed in as
//! `today` so the demo can replay a past campaign.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::{Date, Duration};
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{self, Change, Who},
        ids::{CampaignId, DocumentId, ObjectionId},
        nominations::sniff_content_type,
        now,
        stages::{self, Lifecycle},
        values::{Phone, optional_text, parse_bounded_int, parse_date, required_text},
        workflow::{self, Action, Transition},
    },
    entity::{
        calendar_day, campaign,
        campaign_stage::StageKind,
        category, document, document_page,
        nomination::{self, NominationStatus},
        objection, shortlist_entry,
    },
    error::{AppError, AppResult, FieldErrors},
    i18n::{self, Lang},
};

/// The format tag inside every canonical document.
pub const FORMAT: &str = "laurel-document/1";
/// Catalogue keys this area's code uses (the catalogue test checks both languages have them).
pub const MESSAGE_KEYS: &[&str] = &[
    "error-calendar-line",
    "error-calendar-both",
    "error-window-end",
    "error-shortlist-empty",
    "error-final-exists",
    "error-final-no-notice",
    "error-final-window-open",
    "error-final-open-objections",
    "error-objection-window",
    "error-objection-nominee",
    "error-objection-decided",
    "error-objection-too-short",
    "flash-notice-published",
    "flash-final-list-confirmed",
    "flash-objection-decided",
    "notice-default-title",
    "notice-default-body",
    "notice-withdrawn-note",
    "final-default-title",
    "final-default-body",
    "feed-title",
    "feed-kind-notice",
    "feed-kind-final-list",
    "export-no",
    "export-category",
    "export-name",
    "export-affiliation",
    "export-unit",
    "export-campaign",
    "export-confirmed-on",
    "home-notice-open",
    "home-notice-upcoming",
    "home-notice-closed",
    "home-notice-coming",
    "home-recommending",
    "home-recommendation-closed",
    "home-list-published",
    "home-in-stage",
    "error-correction-empty",
    "flash-order-saved",
    "flash-final-list-corrected",
    "error-order-number",
];
/// The fewest characters an objection's text may have.
pub const OBJECTION_MIN_CHARS: usize = 10;

/// Working days within which the office answers an objection, as the receipt says.
pub const ANSWER_WORKING_DAYS: u32 = 5;

/// Working days of a notice unless the office says otherwise.
pub const DEFAULT_WORKING_DAYS: u32 = 5;

mod calendar;
mod content;
mod corrections;
mod desk;
mod final_list;
mod forms;
mod front;
mod objections;
mod pages;
mod phase;
mod publish;

// The area's face: what the rest of the application may call.
/// A notice or a final list, as the domain hands it out, and its kinds.
pub use crate::entity::document::{DocumentKind, DocumentStatus, Model as Document};

/// An objection as the office keeps it, and where it stands.
pub use crate::entity::objection::{Model as Objection, ObjectionStatus};
pub use calendar::{Calendar, CalendarInput, calendar, calendar_input, save_calendar};
pub use content::{
    CampaignRef, Content, DocumentLine, Entry, PublishedWindow, Section, canonical_json, line_of,
    published, published_of, recent_published,
};
pub use corrections::{
    CorrectionEntry, CorrectionInput, OrderInput, correct, correction_form, set_order,
};
pub(crate) use desk::office_campaign;
pub use desk::{Desk, desk, shortlist_sections};
pub(crate) use final_list::{NewList, publish_final_list};
pub use final_list::{
    check_confirmable, confirm_final_list, final_list_of, final_list_table, private_table,
};
pub use forms::{DeskView, FinalView, ObjectionView, desk_view, final_view, objection_view};
pub use front::{CampaignFront, FrontPage, campaign_front, front_page};
pub use objections::{
    ObjectionInput, ObjectionStatusView, OutcomeInput, QueueRow, Receipt, Upload, add_note,
    answer_expected_by, by_receipt, decide, file_objection, may_decide, normalise_receipt,
    objection_attachment, objection_for_office, queue, receipt, status_by_receipt,
};
pub use pages::{Changes, PageSource, page_source, store_page, stored_page};
pub use phase::{Headline, headlines, notice_in_force, phase, phase_of, window_open};
pub use publish::{DocumentInput, PLACEHOLDERS, publish_notice, save_notice, window_end};

// Shared between this area's files only.
use desk::documents_of;
use desk::open_objections;
use phase::window_args;
use publish::check;
use publish::finish_publication;
use publish::new_draft;
use publish::publish_correction;
