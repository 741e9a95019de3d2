//! Composing and publishing a notice (and the form a final list shares): the draft, its
//! window in working days, publication that freezes the content with its digest and a signed
//! checkpoint, and corrections as new versions that replace the old.

use super::*;

// ----------------------------------------------------------------------------------------------
// Composing and publishing a notice

/// The notice form (and a final list's).
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct DocumentInput {
    /// The issuing organ, e.g. 中共青岛市李沧区委文明办.
    #[field(default = String::new())]
    pub issuing_organ: String,
    /// The document number, e.g. 李文明办〔2022〕12号.
    #[field(default = String::new())]
    pub doc_number: String,
    /// Issued on, `YYYY-MM-DD`.
    #[field(default = String::new())]
    pub issued_on: String,
    /// Title.
    #[field(default = String::new())]
    pub title: String,
    /// Body; `[start]`, `[end]` and `[days]` are filled in at publication.
    #[field(default = String::new())]
    pub body: String,
    /// A notice's first day, `YYYY-MM-DD`.
    #[field(default = String::new())]
    pub window_starts_on: String,
    /// A notice's length in working days (1 to 30).
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub working_days: String,
    /// What a correction changes (required for a correction).
    #[field(default = String::new())]
    pub change_note: String,
    /// The draft's version when the form was shown (0 for a new draft).
    #[field(default = 0)]
    pub version: i32,
}

/// The planned first day of a stage, as a form shows it (empty when none is planned).
fn planned(life: &Lifecycle, kind: StageKind) -> String {
    life.stage(kind)
        .and_then(|s| s.opens_on)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// Placeholders a notice body may use; publication fills them in.
pub const PLACEHOLDERS: [&str; 3] = ["[start]", "[end]", "[days]"];

fn fill_placeholders(body: &str, window: &PublishedWindow) -> String {
    body.replace("[start]", &window.starts_on)
        .replace("[end]", &window.ends_on)
        .replace("[days]", &window.working_days.to_string())
}

impl DocumentInput {
    /// A new notice for a campaign, in the office's language: the campaign's organizer and
    /// notice date, five working days, and the standard body.
    #[must_use]
    pub fn blank_notice(campaign: &campaign::Model, life: &Lifecycle, lang: Lang) -> Self {
        let starts_on = planned(life, StageKind::Notice);
        Self {
            issuing_organ: campaign.organizer.clone(),
            doc_number: String::new(),
            issued_on: starts_on.clone(),
            title: i18n::translate(
                lang,
                "notice-default-title",
                &[("campaign", campaign.title.clone())],
            ),
            body: i18n::translate(
                lang,
                "notice-default-body",
                &[
                    ("campaign", campaign.title.clone()),
                    ("organizer", campaign.organizer.clone()),
                ],
            ),
            window_starts_on: starts_on,
            working_days: DEFAULT_WORKING_DAYS.to_string(),
            change_note: String::new(),
            version: 0,
        }
    }

    /// The final list's form: the notice's organ and the campaign's announcement date.
    #[must_use]
    pub fn blank_final_list(
        campaign: &campaign::Model,
        life: &Lifecycle,
        notice: &document::Model,
        lang: Lang,
    ) -> Self {
        Self {
            issuing_organ: notice.issuing_organ.clone(),
            doc_number: String::new(),
            issued_on: planned(life, StageKind::FinalList),
            title: i18n::translate(
                lang,
                "final-default-title",
                &[("campaign", campaign.title.clone())],
            ),
            body: i18n::translate(
                lang,
                "final-default-body",
                &[("campaign", campaign.title.clone())],
            ),
            ..Self::default()
        }
    }

    /// The form showing a saved draft.
    #[must_use]
    pub fn from_model(doc: &document::Model) -> Self {
        Self {
            issuing_organ: doc.issuing_organ.clone(),
            doc_number: doc.doc_number.clone(),
            issued_on: doc.issued_on.to_string(),
            title: doc.title.clone(),
            body: doc.body.clone(),
            window_starts_on: doc
                .window_starts_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            working_days: doc.working_days.map(|d| d.to_string()).unwrap_or_default(),
            change_note: doc.change_note.clone(),
            version: doc.version,
        }
    }
}

/// A validated document form.
pub(super) struct Checked {
    pub(super) issuing_organ: String,
    pub(super) doc_number: String,
    pub(super) issued_on: Date,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) window: Option<(Date, u32)>,
    pub(super) change_note: String,
}

pub(super) fn check(
    input: &DocumentInput,
    with_window: bool,
    correction: bool,
) -> AppResult<Checked> {
    let mut errors = FieldErrors::default();
    let issuing_organ = errors.check("issuing_organ", required_text(&input.issuing_organ, 120));
    let doc_number = errors.check("doc_number", optional_text(&input.doc_number, 64));
    let issued_on = errors.check("issued_on", parse_date(&input.issued_on));
    let title = errors.check("title", required_text(&input.title, 200));
    let body = errors.check("body", required_text(&input.body, 5000));
    let window = if with_window {
        let start = errors.check("window_starts_on", parse_date(&input.window_starts_on));
        let days = errors.check(
            "working_days",
            parse_bounded_int(&input.working_days, 1, 30),
        );
        match (start, days) {
            (Some(start), Some(days)) => Some((start, u32::try_from(days).unwrap_or(1))),
            _ => None,
        }
    } else {
        None
    };
    let change_note = if correction {
        errors.check("change_note", required_text(&input.change_note, 500))
    } else {
        Some(String::new())
    };
    errors.into_result()?;
    let missing = || AppError::Internal("checked document form".into());
    Ok(Checked {
        issuing_organ: issuing_organ.ok_or_else(missing)?,
        doc_number: doc_number.ok_or_else(missing)?.unwrap_or_default(),
        issued_on: issued_on.ok_or_else(missing)?,
        title: title.ok_or_else(missing)?,
        body: body.ok_or_else(missing)?,
        window,
        change_note: change_note.ok_or_else(missing)?,
    })
}

/// A new draft document with what every draft shares: not published, first revision, no
/// window or content yet. The caller sets the rest (its text, number, window).
pub(super) fn new_draft(
    id: DocumentId,
    campaign_id: Uuid,
    kind: DocumentKind,
    created_by: Uuid,
) -> document::ActiveModel {
    let at = now();
    document::ActiveModel {
        id: Set(id.0),
        campaign_id: Set(campaign_id),
        kind: Set(kind),
        status: Set(DocumentStatus::Draft),
        number: Set(1),
        replaces_id: Set(None),
        superseded_by: Set(None),
        change_note: Set(String::new()),
        window_starts_on: Set(None),
        working_days: Set(None),
        window_ends_on: Set(None),
        content: Set(None),
        digest: Set(None),
        published_by: Set(None),
        published_at: Set(None),
        version: Set(1),
        created_by: Set(created_by),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
}

/// The office saves the notice it is composing: the first notice, or a correction of the one
/// in force. Only one draft exists at a time.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] per field;
/// [`AppError::Stale`]; [`AppError::Refused`] when the shortlist is empty or the final list is
/// already confirmed.
pub async fn save_notice(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    input: &DocumentInput,
) -> AppResult<document::Model> {
    let campaign = office_campaign(db, actor, id).await?;
    stages::require(db, campaign.id, Action::PublishNotice).await?;
    let txn = db::begin_write(db).await?;
    let all = documents_of(&txn, campaign.id, DocumentKind::Notice).await?;
    let current = all.iter().find(|d| d.status == DocumentStatus::Published);
    let checked = check(input, true, current.is_some())?;
    if !documents_of(&txn, campaign.id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    let (start, days) = checked
        .window
        .ok_or_else(|| AppError::Internal("notice window".into()))?;
    let at = now();
    let saved = match all.iter().find(|d| d.status == DocumentStatus::Draft) {
        Some(draft) => {
            if draft.version != input.version {
                return Err(AppError::Stale);
            }
            let mut active = draft.clone().into_active_model();
            active.issuing_organ = Set(checked.issuing_organ);
            active.doc_number = Set(checked.doc_number);
            active.issued_on = Set(checked.issued_on);
            active.title = Set(checked.title);
            active.body = Set(checked.body);
            active.window_starts_on = Set(Some(start));
            active.working_days = Set(Some(i32::try_from(days).unwrap_or(5)));
            active.change_note = Set(checked.change_note);
            active.version = Set(draft.version + 1);
            active.updated_at = Set(at);
            active.update(&txn).await?
        }
        None => {
            if input.version != 0 {
                return Err(AppError::Stale);
            }
            document::ActiveModel {
                number: Set(current.map_or(1, |c| c.number + 1)),
                replaces_id: Set(current.map(|c| c.id)),
                change_note: Set(checked.change_note),
                issuing_organ: Set(checked.issuing_organ),
                doc_number: Set(checked.doc_number),
                issued_on: Set(checked.issued_on),
                title: Set(checked.title),
                body: Set(checked.body),
                window_starts_on: Set(Some(start)),
                working_days: Set(Some(i32::try_from(days).unwrap_or(5))),
                ..new_draft(
                    DocumentId::new(),
                    campaign.id,
                    DocumentKind::Notice,
                    actor.user_id,
                )
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        &actor.into(),
        Change::new("notice.save", "document", saved.id)
            .campaign(campaign.id)
            .after(json!({ "title": saved.title, "number": saved.number, "window_starts_on": start.to_string(), "working_days": days })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The last day of a notice window on the office's calendar.
///
/// # Errors
/// [`AppError::Invalid`] on `working_days` when the calendar cannot place the end.
pub async fn window_end(db: &impl ConnectionTrait, start: Date, days: u32) -> AppResult<Date> {
    calendar(db).await?.window_end(start, days).ok_or_else(|| {
        let mut errors = FieldErrors::default();
        errors.add("working_days", "error-window-end");
        AppError::Invalid(errors)
    })
}

/// Publishes the campaign's draft notice: the window's end is computed on the calendar, the
/// shortlist is frozen into the canonical JSON with its digest, and the notice it corrects (if
/// any) is marked superseded. Irreversible.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] without a draft; [`AppError::Stale`];
/// [`AppError::Refused`] for an empty shortlist or once the final list is confirmed.
pub async fn publish_notice(
    db: &DatabaseConnection,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    id: CampaignId,
    version: i32,
) -> AppResult<document::Model> {
    let campaign = office_campaign(db, actor, id).await?;
    let txn = db::begin_write(db).await?;
    stages::require(&txn, campaign.id, Action::PublishNotice).await?;
    let draft = documents_of(&txn, campaign.id, DocumentKind::Notice)
        .await?
        .into_iter()
        .find(|d| d.status == DocumentStatus::Draft)
        .ok_or(AppError::NotFound)?;
    if draft.version != version {
        return Err(AppError::Stale);
    }
    if !documents_of(&txn, campaign.id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    let sections = shortlist_sections(&txn, campaign.id, true).await?;
    if sections.is_empty() {
        return Err(AppError::Refused("error-shortlist-empty", vec![]));
    }
    let start = draft
        .window_starts_on
        .ok_or_else(|| AppError::Internal("a draft notice without a window".into()))?;
    let days = u32::try_from(draft.working_days.unwrap_or(5)).unwrap_or(5);
    let end = window_end(&txn, start, days).await?;
    let window = PublishedWindow {
        starts_on: start.to_string(),
        ends_on: end.to_string(),
        working_days: days,
    };
    let body = fill_placeholders(&draft.body, &window);
    let content = Content {
        format: FORMAT.into(),
        kind: "notice".into(),
        document: draft.id,
        number: draft.number,
        replaces: draft.replaces_id,
        change_note: draft.change_note.clone(),
        campaign: CampaignRef {
            id: campaign.id,
            title: campaign.title.clone(),
            year: campaign.year,
        },
        issuing_organ: draft.issuing_organ.clone(),
        doc_number: draft.doc_number.clone(),
        issued_on: draft.issued_on.to_string(),
        title: draft.title.clone(),
        body: body.clone(),
        window: Some(window),
        categories: sections,
    };
    // The shortlisted go on notice; objections are taken on the window's days.
    let listed: Vec<Uuid> = content
        .categories
        .iter()
        .flat_map(|s| s.entries.iter().map(|e| e.id))
        .collect();
    let newly = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(listed))
        .filter(nomination::Column::Status.eq(NominationStatus::Shortlisted))
        .all(&txn)
        .await?;
    workflow::apply::many(
        &txn,
        actor,
        &newly,
        Transition::PutOnNotice,
        None,
        StageKind::Notice,
    )
    .await?;
    stages::set_notice_window(&txn, campaign.id, start, end).await?;
    let published = finish_publication(&txn, signer, actor, draft, content, Some(end)).await?;
    txn.commit().await?;
    Ok(published)
}

/// Freezes a document: content, digest, status; supersedes the one it replaces.
pub(super) async fn finish_publication(
    txn: &DatabaseTransaction,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    draft: document::Model,
    content: Content,
    window_end: Option<Date>,
) -> AppResult<document::Model> {
    let (text, digest) = content.canonical()?;
    let at = now();
    let mut active = draft.clone().into_active_model();
    active.status = Set(DocumentStatus::Published);
    active.body = Set(content.body.clone());
    active.window_ends_on = Set(window_end);
    active.content = Set(Some(text));
    active.digest = Set(Some(digest.clone()));
    active.published_by = Set(Some(actor.user_id));
    active.published_at = Set(Some(at));
    active.version = Set(draft.version + 1);
    active.updated_at = Set(at);
    let published = active.update(txn).await?;
    if let Some(old) = draft.replaces_id {
        document::Entity::update_many()
            .col_expr(
                document::Column::SupersededBy,
                sea_orm::sea_query::Expr::value(published.id),
            )
            .filter(document::Column::Id.eq(old))
            .exec(txn)
            .await?;
        // Its page gains a "superseded" line: drop the stored renderings so they are redone.
        document_page::Entity::delete_many()
            .filter(document_page::Column::DocumentId.eq(old))
            .exec(txn)
            .await?;
    }
    let action = match published.kind {
        DocumentKind::Notice => "notice.publish",
        DocumentKind::FinalList => "final_list.publish",
    };
    audit::record(
        txn,
        &actor.into(),
        Change::new(action, "document", published.id)
            .campaign(published.campaign_id)
            .after(json!({
                "number": published.number,
                "replaces": published.replaces_id,
                "digest": digest,
                "window_ends_on": window_end.map(|d| d.to_string()),
            })),
    )
    .await?;
    // The publication carries the signed checkpoint of the record up to it.
    crate::domain::audit::checkpoints::sign_tail(txn, signer, "publication", Some(published.id))
        .await?;
    Ok(published)
}

/// Creates and publishes a correction at once: the notice in force, with the shortlist as it
/// now stands and a note of what changed (after an upheld objection).
pub(super) async fn publish_correction(
    txn: &DatabaseTransaction,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    current: &document::Model,
    change_note: String,
) -> AppResult<document::Model> {
    let campaign = campaign::Entity::find_by_id(current.campaign_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let old = Content::parse(current.content.as_deref().unwrap_or("{}"))?;
    // A draft being composed is overtaken by this correction.
    document::Entity::delete_many()
        .filter(document::Column::CampaignId.eq(campaign.id))
        .filter(document::Column::Kind.eq(DocumentKind::Notice))
        .filter(document::Column::Status.eq(DocumentStatus::Draft))
        .exec(txn)
        .await?;
    let draft = document::ActiveModel {
        number: Set(current.number + 1),
        replaces_id: Set(Some(current.id)),
        change_note: Set(change_note.clone()),
        issuing_organ: Set(current.issuing_organ.clone()),
        doc_number: Set(current.doc_number.clone()),
        issued_on: Set(current.issued_on),
        title: Set(current.title.clone()),
        body: Set(current.body.clone()),
        window_starts_on: Set(current.window_starts_on),
        working_days: Set(current.working_days),
        ..new_draft(
            DocumentId::new(),
            campaign.id,
            DocumentKind::Notice,
            actor.user_id,
        )
    }
    .insert(txn)
    .await?;
    let content = Content {
        document: draft.id,
        number: draft.number,
        replaces: Some(current.id),
        change_note,
        categories: shortlist_sections(txn, campaign.id, true).await?,
        ..old
    };
    finish_publication(txn, signer, actor, draft, content, current.window_ends_on).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_the_published_window() {
        let window = PublishedWindow {
            starts_on: "2022-12-05".into(),
            ends_on: "2022-12-09".into(),
            working_days: 5,
        };
        assert_eq!(
            fill_placeholders("公示时间：[start]至[end]（[days]个工作日）", &window),
            "公示时间：2022-12-05至2022-12-09（5个工作日）"
        );
    }
}
