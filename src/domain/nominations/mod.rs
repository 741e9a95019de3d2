//! Nomination intake (层层推荐 begins here): a unit writes a nomination as a draft, attaches
//! supporting files, and submits it while the campaign's nomination window is open. After
//! submission it is read-only to the unit.
//!
//! Private fields (phone, birth date, ID number) are validated and stored here, the ID number
//! encrypted with a keyed fingerprint beside it; nothing in this module decides what a public
//! page shows, because public pages do not read nominations at all until the notice stage.
//!
//! The parts: [`drafts`] (the form, creating, editing, submitting), [`attachments`], the list
//! each user sees ([`list`]), and [`intake`], which writes nominations that arrive together in
//! one transaction. This file is the area's face.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        ids::{AttachmentId, CampaignId, CategoryId, NominationId},
        now, stages,
        stages::gate,
        values::{
            DeedsSummary, IdNumber, Phone, parse_bounded_int, parse_date,
            parse_optional_bounded_int, required_text,
        },
        workflow::{self, Action},
    },
    entity::{
        attachment, campaign, category, category::NomineeKind, nomination, nomination_gram, unit,
        user::Role,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// Most attachments one nomination may carry.
pub const MAX_ATTACHMENTS: u64 = 10;

mod attachments;
mod drafts;
mod form;
pub mod intake;
mod list;
mod roster;

// The area's face: what the rest of the application may call.
/// A nomination and an attachment of it, as the domain hands them out.
pub use crate::entity::{
    attachment::Model as Attachment,
    nomination::{Model as Nomination, NominationStatus},
};
pub use attachments::{
    add_attachment, attachment_bytes, attachments_of, read_attachment, remove_attachment,
    sniff_content_type,
};
use drafts::masked_blob;
pub use drafts::{
    NominationInput, create_draft, get_in_reach, id_number_of, import_draft, index_name,
    input_from_model, masked_id_number, start, update_draft, update_draft_as_of,
};
pub(crate) use drafts::{name_index_rows, snapshot};
pub use form::{DraftForm, edit_form, edit_form_again, new_form, new_form_again};
pub use list::{
    COUNT_CAP, ListView, MAX_PAGE_SIZE, NominationFilter, NominationPage, NominationRow, PAGE_SIZE,
    list, list_view, parse_status,
};
pub(crate) use list::{cursor, describe, nomination_unit, parse_list_cursor};
pub use roster::{Roster, roster};

// Shared between this area's files only.
use drafts::{campaign_category, editable};
