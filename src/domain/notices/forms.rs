//! What the office's notice pages show, each in one call: the desk with the notice form, the
//! final list's confirmation form, and one objection with what may be done with it.

use super::*;

/// The notice desk with its form: the form as typed, or as the saved state suggests.
#[derive(Debug, Serialize)]
pub struct DeskView {
    /// The desk.
    pub desk: Desk,
    /// The notice in force.
    pub current: Option<document::Model>,
    /// The notice form.
    pub form: DocumentInput,
    /// The window's last day for the form's start and working days, when they are valid.
    pub window_end: Option<String>,
    /// Whether the final list may be confirmed now.
    pub confirmable: bool,
    /// Why not, in the reader's language.
    pub blocked: Option<String>,
}

/// The office's notice desk for a campaign, with the notice form.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn desk_view(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    today: Date,
    form: Option<DocumentInput>,
    lang: Lang,
) -> AppResult<DeskView> {
    let desk = desk(db, actor, id, today).await?;
    let current = desk.current().cloned();
    let form = form.unwrap_or_else(|| match (&desk.draft, &current) {
        (Some(draft), _) => DocumentInput::from_model(draft),
        (None, Some(current)) => DocumentInput {
            change_note: String::new(),
            version: 0,
            ..DocumentInput::from_model(current)
        },
        (None, None) => DocumentInput::blank_notice(&desk.campaign, &desk.lifecycle, lang),
    });
    let window_end = match (
        parse_date(&form.window_starts_on),
        form.working_days.trim().parse::<u32>(),
    ) {
        (Ok(start), Ok(days)) if (1..=30).contains(&days) => window_end(db, start, days)
            .await
            .ok()
            .map(|d| d.to_string()),
        _ => None,
    };
    let (confirmable, blocked) = match check_confirmable(db, desk.campaign.id, today).await {
        Ok(_) => (true, None),
        Err(e @ AppError::Refused(..)) => (false, Some(e.message(lang))),
        Err(other) => return Err(other),
    };
    Ok(DeskView {
        desk,
        current,
        form,
        window_end,
        confirmable,
        blocked,
    })
}

/// The final list's confirmation form, or what stands in its way.
#[derive(Debug, Serialize)]
pub struct FinalView {
    /// The campaign.
    pub campaign: campaign::Model,
    /// The shortlist, public fields only.
    pub shortlist: Vec<Section>,
    /// Why the list may not be confirmed now, in the reader's language.
    pub blocked: Option<String>,
    /// The catalogue key of that reason.
    pub blocked_by: Option<&'static str>,
    /// The final list's form.
    pub form: DocumentInput,
}

/// The final list's confirmation form: as typed, or pre-filled from the notice in force.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn final_view(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    today: Date,
    form: Option<DocumentInput>,
    lang: Lang,
) -> AppResult<FinalView> {
    let campaign = office_campaign(db, actor, id).await?;
    let life = stages::load(db, &campaign).await?;
    let (notice, blocked, blocked_by) = match check_confirmable(db, campaign.id, today).await {
        Ok(notice) => (Some(notice), None, None),
        Err(e @ AppError::Refused(..)) => (None, Some(e.message(lang)), Some(e.code())),
        Err(other) => return Err(other),
    };
    let form = form.unwrap_or_else(|| match &notice {
        Some(notice) => DocumentInput::blank_final_list(&campaign, &life, notice, lang),
        None => DocumentInput::default(),
    });
    let shortlist = shortlist_sections(db, campaign.id, false).await?;
    Ok(FinalView {
        campaign,
        shortlist,
        blocked,
        blocked_by,
        form,
    })
}

/// One objection for the office, with its outcome form.
#[derive(Debug, Serialize)]
pub struct ObjectionView {
    /// The objection and its nominee.
    pub row: QueueRow,
    /// The outcome form: as typed, or blank at the objection's version.
    pub outcome: OutcomeInput,
    /// Whether its campaign's objections may be handled now.
    pub decidable: bool,
}

/// One objection for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn objection_view(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ObjectionId,
    outcome: Option<OutcomeInput>,
) -> AppResult<ObjectionView> {
    let row = objection_for_office(db, actor, id).await?;
    let decidable = may_decide(db, row.objection.campaign_id).await?;
    let outcome = outcome.unwrap_or_else(|| OutcomeInput {
        version: row.objection.version,
        ..OutcomeInput::default()
    });
    Ok(ObjectionView {
        row,
        outcome,
        decidable,
    })
}
