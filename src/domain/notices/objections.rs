//! Objections (异议): filed in real name within the notice window, limited per address and hour,
//! answered by a receipt code; the office's queue, its notes and its decision.

use super::*;

// ----------------------------------------------------------------------------------------------
// Objections

/// The objection form.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct ObjectionInput {
    /// The nominee objected to (a nomination id listed on the notice).
    #[field(default = String::new())]
    pub nominee: String,
    #[field(default = String::new())]
    pub text: String,
    #[field(default = String::new())]
    pub filer_name: String,
    #[field(default = String::new())]
    pub filer_unit: String,
    #[field(default = String::new())]
    pub filer_contact: String,
}

/// An attached file, as received.
pub struct Upload<'a> {
    /// The name the browser gave.
    pub filename: &'a str,
    /// The bytes.
    pub bytes: &'a [u8],
}

const RECEIPT_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A receipt code: `YY-` and 12 characters from an alphabet without look-alikes (60 bits).
fn receipt_code() -> AppResult<String> {
    let mut bytes = [0_u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    let chars: String = bytes
        .iter()
        .map(|b| char::from(RECEIPT_ALPHABET[usize::from(*b) % RECEIPT_ALPHABET.len()]))
        .collect();
    Ok(format!(
        "YY-{}-{}-{}",
        &chars[..4],
        &chars[4..8],
        &chars[8..]
    ))
}

/// Normalises a receipt code as a person might type it.
#[must_use]
pub fn normalise_receipt(code: &str) -> String {
    let compact: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match compact.strip_prefix("YY") {
        Some(rest) if rest.len() == 12 => {
            format!("YY-{}-{}-{}", &rest[..4], &rest[4..8], &rest[8..])
        }
        _ => compact,
    }
}

/// Objections filed from the client with this fingerprint within the last hour.
async fn objections_this_hour(db: &impl ConnectionTrait, client_fp: &str) -> AppResult<u64> {
    Ok(objection::Entity::find()
        .filter(objection::Column::ClientFp.eq(client_fp))
        .filter(objection::Column::CreatedAt.gt(now() - Duration::hours(1)))
        .count(db)
        .await?)
}

/// Anyone files an objection against a nominee of the notice in force, within its window, in
/// their real name. Returns the objection with its receipt code.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown notice; [`AppError::Refused`] outside the window;
/// [`AppError::TooManyRequests`] past the per-client limit; [`AppError::Invalid`] per field.
pub async fn file_objection(
    app: &App,
    notice: DocumentId,
    input: &ObjectionInput,
    upload: Option<Upload<'_>>,
    client_ip: Option<&str>,
    today: Date,
) -> AppResult<objection::Model> {
    let doc = notice_in_force(&app.db, notice).await?;
    if !window_open(&doc, today) {
        return Err(AppError::Refused(
            "error-objection-window",
            window_args(&doc),
        ));
    }
    stages::require_on(&app.db, doc.campaign_id, Action::FileObjection, today).await?;
    let client_fp = app.pii.fingerprint(client_ip.unwrap_or("unknown"));
    // Refused early when plainly over the limit; decided again, atomically, with the write.
    if objections_this_hour(&app.db, &client_fp).await? >= app.config.objection_max_per_hour {
        return Err(AppError::TooManyRequests);
    }
    let content = Content::parse(doc.content.as_deref().unwrap_or("{}"))?;
    let mut errors = FieldErrors::default();
    let nominee = Uuid::try_parse(input.nominee.trim()).ok().filter(|id| {
        content
            .categories
            .iter()
            .any(|s| s.entries.iter().any(|e| e.id == *id))
    });
    if nominee.is_none() {
        errors.add("nominee", "error-objection-nominee");
    }
    // An objection says what is wrong and why: a word or two is not one.
    let text = errors.check("text", required_text(&input.text, 2000));
    if text
        .as_ref()
        .is_some_and(|t| t.chars().filter(|c| !c.is_whitespace()).count() < OBJECTION_MIN_CHARS)
    {
        errors.add("text", "error-objection-too-short");
    }
    let filer_name = errors.check("filer_name", required_text(&input.filer_name, 64));
    let filer_unit = errors.check("filer_unit", required_text(&input.filer_unit, 120));
    let phone = errors.check("filer_contact", Phone::parse(&input.filer_contact));
    let mut attachment = None;
    if let Some(upload) = upload.filter(|u| !u.bytes.is_empty()) {
        if upload.bytes.len() as u64 > app.config.attachment_max_bytes {
            errors.add("file", "error-file-too-large");
        } else if let Some(kind) = sniff_content_type(upload.bytes) {
            attachment = Some((upload, kind));
        } else {
            errors.add("file", "error-file-type");
        }
    }
    errors.into_result()?;
    let (Some(nominee), Some(text), Some(filer_name), Some(filer_unit), Some(phone)) =
        (nominee, text, filer_name, filer_unit, phone)
    else {
        return Err(AppError::Internal("checked objection form".into()));
    };
    let id = ObjectionId::new();
    let mut stored = None;
    if let Some((upload, kind)) = attachment {
        let dir = app.config.storage_dir().join("objections");
        let key = id.to_string();
        rocket::tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| AppError::Internal(format!("storage {}: {e}", dir.display())))?;
        rocket::tokio::fs::write(dir.join(&key), upload.bytes)
            .await
            .map_err(|e| AppError::Internal(format!("storage: {e}")))?;
        let name: String = upload
            .filename
            .chars()
            .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
            .take(200)
            .collect();
        stored = Some((if name.is_empty() { key.clone() } else { name }, kind, key));
    }
    let at = now();
    let txn = db::begin_write(&app.db).await?;
    db::lock_keys(&txn, &[&format!("objection:{client_fp}")]).await?;
    if objections_this_hour(&txn, &client_fp).await? >= app.config.objection_max_per_hour {
        drop(txn);
        if let Some((_, _, key)) = &stored {
            let path = app.config.storage_dir().join("objections").join(key);
            let _ = rocket::tokio::fs::remove_file(path).await;
        }
        return Err(AppError::TooManyRequests);
    }
    let saved = objection::ActiveModel {
        id: Set(id.0),
        document_id: Set(doc.id),
        campaign_id: Set(doc.campaign_id),
        nomination_id: Set(nominee),
        receipt_code: Set(receipt_code()?),
        filer_name: Set(filer_name),
        filer_unit: Set(filer_unit),
        filer_contact: Set(phone.as_str().to_owned()),
        text: Set(text),
        attachment_name: Set(stored.as_ref().map(|s| s.0.clone())),
        attachment_type: Set(stored.as_ref().map(|s| s.1.to_owned())),
        attachment_key: Set(stored.as_ref().map(|s| s.2.clone())),
        status: Set(ObjectionStatus::Received),
        notes: Set(String::new()),
        outcome_reason: Set(String::new()),
        decided_by: Set(None),
        decided_at: Set(None),
        client_fp: Set(client_fp),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&txn)
    .await?;
    let who = Who {
        ip: client_ip.map(str::to_owned),
        ..Who::system("public")
    };
    audit::record(
        &txn,
        &who,
        Change::new("objection.file", "objection", saved.id)
            .campaign(saved.campaign_id)
            .after(json!({ "document_id": doc.id, "nomination_id": nominee, "receipt_code": saved.receipt_code })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// What the filer is given once an objection is received: the receipt code to follow it with,
/// the nominee it concerns, the notice, and the day an answer is due.
#[derive(Clone, Debug, Serialize)]
pub struct Receipt {
    /// The code to follow the objection with.
    pub receipt_code: String,
    /// The nominee it concerns.
    pub nominee_name: String,
    /// The notice it was filed against.
    pub notice_id: Uuid,
    /// When the office's answer is due, counted in working days.
    pub answer_by: Option<Date>,
}

/// The receipt of an objection just filed on `today`.
///
/// # Errors
/// When the database fails.
pub async fn receipt(
    db: &DatabaseConnection,
    filed: &objection::Model,
    today: Date,
) -> AppResult<Receipt> {
    let status = status_by_receipt(db, &filed.receipt_code).await?;
    let answer_by = answer_expected_by(db, filed.document_id, today).await?;
    Ok(Receipt {
        receipt_code: filed.receipt_code.clone(),
        nominee_name: status.nominee_name,
        notice_id: filed.document_id,
        answer_by,
    })
}

/// The day by which the office answers an objection filed on `filed_on`: the working days of
/// [`ANSWER_WORKING_DAYS`] after the later of that day and the notice window's end.
///
/// # Errors
/// When the database fails.
pub async fn answer_expected_by(
    db: &impl ConnectionTrait,
    document_id: Uuid,
    filed_on: Date,
) -> AppResult<Option<Date>> {
    let Some(doc) = document::Entity::find_by_id(document_id).one(db).await? else {
        return Ok(None);
    };
    let from = doc
        .window_ends_on
        .map_or(filed_on, |end| end.max(filed_on))
        .next_day()
        .unwrap_or(filed_on);
    Ok(calendar(db).await?.window_end(from, ANSWER_WORKING_DAYS))
}

/// What the filer sees with their receipt code.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectionStatusView {
    /// The receipt code.
    pub receipt_code: String,
    /// The nominee objected to.
    pub nominee_name: String,
    /// When it was filed, local time.
    pub filed_at: String,
    /// Where it stands.
    pub status: ObjectionStatus,
    /// The office's answer, once decided.
    pub outcome_reason: String,
    /// When it was decided, local time.
    pub decided_at: Option<String>,
    /// The notice it was filed against.
    pub document_id: Uuid,
}

/// An objection's status by its receipt code.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown code.
pub async fn status_by_receipt(
    db: &DatabaseConnection,
    code: &str,
) -> AppResult<ObjectionStatusView> {
    let (found, nominee) = by_receipt(db, code).await?;
    Ok(ObjectionStatusView {
        receipt_code: found.receipt_code,
        nominee_name: nominee,
        filed_at: crate::domain::local_time(found.created_at),
        status: found.status,
        outcome_reason: if found.status.is_decided() {
            found.outcome_reason
        } else {
            String::new()
        },
        decided_at: found.decided_at.map(crate::domain::local_time),
        document_id: found.document_id,
    })
}

/// An objection by its receipt code, with its nominee's name: what the filer may see of it is
/// theirs to pick (the status, the outcome once decided, the dates).
///
/// # Errors
/// [`AppError::NotFound`] for an unknown code.
pub async fn by_receipt(
    db: &DatabaseConnection,
    code: &str,
) -> AppResult<(objection::Model, String)> {
    let found = objection::Entity::find()
        .filter(objection::Column::ReceiptCode.eq(normalise_receipt(code)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let nominee = nomination::Entity::find_by_id(found.nomination_id)
        .one(db)
        .await?
        .map(|n| n.nominee_name)
        .unwrap_or_default();
    Ok((found, nominee))
}

/// An objection as the office's queue lists it.
#[derive(Clone, Debug, Serialize)]
pub struct QueueRow {
    /// The objection.
    pub objection: objection::Model,
    /// The nominee's name.
    pub nominee_name: String,
    /// Filed at, local time.
    pub filed_at: String,
}

/// The office's objection queue for a campaign, open ones first, oldest first.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn queue(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<QueueRow>)> {
    let campaign = office_campaign(db, actor, id).await?;
    let found = objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(campaign.id))
        .order_by_asc(objection::Column::CreatedAt)
        .all(db)
        .await?;
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(found.iter().map(|o| o.nomination_id)))
        .all(db)
        .await?;
    let mut rows: Vec<QueueRow> = found
        .into_iter()
        .map(|o| QueueRow {
            nominee_name: nominations
                .iter()
                .find(|n| n.id == o.nomination_id)
                .map(|n| n.nominee_name.clone())
                .unwrap_or_default(),
            filed_at: crate::domain::local_time(o.created_at),
            objection: o,
        })
        .collect();
    rows.sort_by_key(|r| r.objection.status.is_decided());
    Ok((campaign, rows))
}

/// One objection for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn objection_for_office(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ObjectionId,
) -> AppResult<QueueRow> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let found = objection::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let nominee = nomination::Entity::find_by_id(found.nomination_id)
        .one(db)
        .await?
        .map(|n| n.nominee_name)
        .unwrap_or_default();
    Ok(QueueRow {
        nominee_name: nominee,
        filed_at: crate::domain::local_time(found.created_at),
        objection: found,
    })
}

/// An objection's attachment, for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] without one.
pub async fn objection_attachment(
    app: &App,
    actor: &Actor,
    id: ObjectionId,
) -> AppResult<(String, String, Vec<u8>)> {
    let row = objection_for_office(&app.db, actor, id).await?.objection;
    let (Some(name), Some(kind), Some(key)) =
        (row.attachment_name, row.attachment_type, row.attachment_key)
    else {
        return Err(AppError::NotFound);
    };
    let bytes = rocket::tokio::fs::read(app.config.storage_dir().join("objections").join(key))
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((name, kind, bytes))
}

/// Refuses to handle a campaign's objections outside the notice and final list stages, and once
/// its final list is confirmed. Returns the campaign.
async fn check_decidable(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<campaign::Model> {
    let (campaign, _) = stages::require(db, campaign_id, Action::DecideObjection).await?;
    if !documents_of(db, campaign_id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    Ok(campaign)
}

/// Whether the office may work on a campaign's objections now (for offering the forms).
///
/// # Errors
/// When the database fails.
pub async fn may_decide(db: &impl ConnectionTrait, campaign_id: Uuid) -> AppResult<bool> {
    match check_decidable(db, campaign_id).await {
        Ok(_) => Ok(true),
        Err(AppError::Refused(..)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// An undecided objection of a campaign whose objections may be handled now, at `version`.
async fn objection_to_change(
    txn: &impl ConnectionTrait,
    id: ObjectionId,
    version: i32,
) -> AppResult<(objection::Model, campaign::Model)> {
    let found = objection::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.version != version {
        return Err(AppError::Stale);
    }
    if found.status.is_decided() {
        return Err(AppError::Refused("error-objection-decided", vec![]));
    }
    let campaign = check_decidable(txn, found.campaign_id).await?;
    Ok((found, campaign))
}

/// The office records a step of its investigation; the objection is then under investigation.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`];
/// [`AppError::Refused`] once decided; [`AppError::Invalid`] on `note`.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ObjectionId,
    version: i32,
    note: &str,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let note = errors.check("note", required_text(note, 2000));
    errors.into_result()?;
    let note = note.unwrap_or_default();
    let txn = db::begin_write(db).await?;
    let (found, _) = objection_to_change(&txn, id, version).await?;
    let line = format!(
        "[{} {}] {}",
        crate::domain::local_time(now()),
        actor.display_name,
        note
    );
    let notes = if found.notes.is_empty() {
        line
    } else {
        format!("{}\n{line}", found.notes)
    };
    let mut active = found.clone().into_active_model();
    active.notes = Set(notes);
    active.status = Set(ObjectionStatus::Investigating);
    active.version = Set(found.version + 1);
    active.updated_at = Set(now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("objection.note", "objection", found.id)
            .campaign(found.campaign_id)
            .after(json!({ "note": note })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The office's decision on an objection.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct OutcomeInput {
    /// `refused`, `dismissed` or `upheld`.
    #[field(default = String::new())]
    pub outcome: String,
    /// The reason, told to the filer.
    #[field(default = String::new())]
    pub reason: String,
    /// With `upheld`: publish a corrected notice without the nominee.
    #[field(default = false)]
    pub correct: bool,
    /// The objection's version when shown.
    #[field(default = 0)]
    pub version: i32,
}

/// The office decides an objection. Upheld: the nominee is withdrawn from the shortlist and,
/// if asked, a corrected notice is published at once saying so.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`];
/// [`AppError::Refused`] once decided or after the final list; [`AppError::Invalid`] on
/// `outcome` or `reason`.
pub async fn decide(
    db: &DatabaseConnection,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    id: ObjectionId,
    input: &OutcomeInput,
    lang: Lang,
) -> AppResult<objection::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let outcome = match input.outcome.as_str() {
        "refused" => Some(ObjectionStatus::Refused),
        "dismissed" => Some(ObjectionStatus::Dismissed),
        "upheld" => Some(ObjectionStatus::Upheld),
        _ => {
            errors.add("outcome", "error-required");
            None
        }
    };
    let reason = errors.check("reason", required_text(&input.reason, 2000));
    errors.into_result()?;
    let (Some(outcome), Some(reason)) = (outcome, reason) else {
        return Err(AppError::Internal("checked outcome form".into()));
    };
    let txn = db::begin_write(db).await?;
    let (found, campaign) = objection_to_change(&txn, id, input.version).await?;
    let at = now();
    let mut active = found.clone().into_active_model();
    active.status = Set(outcome);
    active.outcome_reason = Set(reason.clone());
    active.decided_by = Set(Some(actor.user_id));
    active.decided_at = Set(Some(at));
    active.version = Set(found.version + 1);
    active.updated_at = Set(at);
    let decided = active.update(&txn).await?;
    let mut withdrawn = false;
    let mut correction = None;
    if outcome == ObjectionStatus::Upheld {
        shortlist_entry::Entity::delete_many()
            .filter(shortlist_entry::Column::NominationId.eq(found.nomination_id))
            .exec(&txn)
            .await?;
        let nominee = nomination::Entity::find_by_id(found.nomination_id)
            .one(&txn)
            .await?
            .filter(|n| n.status == NominationStatus::OnNotice);
        withdrawn = nominee.is_some();
        if let Some(n) = &nominee {
            workflow::apply::one(
                &txn,
                actor,
                workflow::apply::Move {
                    nomination: n,
                    transition: Transition::Withdraw,
                    to: NominationStatus::Withdrawn,
                    level: None,
                    reason: Some(reason.clone()),
                    stage: campaign.stage,
                    overrides: Vec::new(),
                },
            )
            .await?;
        }
        if withdrawn && input.correct {
            let current = documents_of(&txn, found.campaign_id, DocumentKind::Notice)
                .await?
                .into_iter()
                .find(|d| d.status == DocumentStatus::Published)
                .ok_or(AppError::NotFound)?;
            let nominee = nomination::Entity::find_by_id(found.nomination_id)
                .one(&txn)
                .await?
                .map(|n| n.nominee_name)
                .unwrap_or_default();
            let note = i18n::translate(
                lang,
                "notice-withdrawn-note",
                &[("name", nominee.clone()), ("reason", reason.clone())],
            );
            correction = Some(
                publish_correction(&txn, signer, actor, &current, note)
                    .await?
                    .id,
            );
        }
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("objection.decide", "objection", found.id)
            .campaign(found.campaign_id)
            .before(json!({ "status": found.status }))
            .after(json!({
                "status": outcome,
                "reason": reason,
                "withdrawn": withdrawn.then_some(found.nomination_id),
                "correction": correction,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(decided)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_codes_are_random_and_read_back_however_typed() {
        let code = receipt_code().unwrap();
        assert_eq!(code.len(), 17);
        assert_ne!(code, receipt_code().unwrap());
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_receipt(&typed), code);
    }
}
