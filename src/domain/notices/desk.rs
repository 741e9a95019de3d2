//! The office's notice desk for a campaign: the shortlist by category, the notice's drafts and
//! published versions, the open objections and what the office may do next.

use super::*;

/// Everything the office's notice desk shows for a campaign.
#[derive(Clone, Debug, Serialize)]
pub struct Desk {
    /// The campaign.
    pub campaign: campaign::Model,
    /// The shortlist as it stands, as the notice would list it.
    pub shortlist: Vec<Section>,
    /// The notice being composed, if any.
    pub draft: Option<document::Model>,
    /// Published notices, newest first.
    pub notices: Vec<document::Model>,
    /// The final list, once confirmed.
    pub final_list: Option<document::Model>,
    /// Objections not yet decided.
    pub open_objections: u64,
    /// All objections.
    pub objections: u64,
    /// The campaign's stages.
    pub lifecycle: Lifecycle,
    /// Each action's name and whether it may happen now (for offering forms).
    pub offers: std::collections::BTreeMap<String, bool>,
}

impl Desk {
    /// The notice in force: the newest published one.
    #[must_use]
    pub fn current(&self) -> Option<&document::Model> {
        self.notices.first()
    }
}

pub(crate) async fn office_campaign(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<campaign::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The shortlist of a campaign as a notice lists it: by category in the office's order, public
/// fields only, nominations shortlisted or already on notice (never one withdrawn).
///
/// # Errors
/// When the database fails.
pub async fn shortlist_sections(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    with_deeds: bool,
) -> AppResult<Vec<Section>> {
    let categories = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign_id))
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?;
    let entries = shortlist_entry::Entity::find()
        .filter(shortlist_entry::Column::CategoryId.is_in(categories.iter().map(|c| c.id)))
        .order_by_asc(shortlist_entry::Column::Position)
        .all(db)
        .await?;
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(entries.iter().map(|e| e.nomination_id)))
        .filter(
            nomination::Column::Status
                .is_in([NominationStatus::Shortlisted, NominationStatus::OnNotice]),
        )
        .all(db)
        .await?;
    let mut sections = Vec::new();
    for category in &categories {
        let lines: Vec<Entry> = entries
            .iter()
            .filter(|e| e.category_id == category.id)
            .filter_map(|e| nominations.iter().find(|n| n.id == e.nomination_id))
            .map(|n| Entry {
                id: n.id,
                name: n.nominee_name.clone(),
                affiliation: n.affiliation.clone(),
                deeds_summary: with_deeds.then(|| n.deeds_summary.clone()),
            })
            .collect();
        if !lines.is_empty() {
            sections.push(Section {
                name: category.name.clone(),
                entries: lines,
            });
        }
    }
    Ok(sections)
}

/// The documents of a campaign of one kind, published ones newest first.
pub(super) async fn documents_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    kind: DocumentKind,
) -> AppResult<Vec<document::Model>> {
    Ok(document::Entity::find()
        .filter(document::Column::CampaignId.eq(campaign_id))
        .filter(document::Column::Kind.eq(kind))
        .order_by_desc(document::Column::Number)
        .all(db)
        .await?)
}

/// The office's notice desk for a campaign.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn desk(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    today: Date,
) -> AppResult<Desk> {
    let campaign = office_campaign(db, actor, id).await?;
    let lifecycle = stages::load(db, &campaign).await?;
    let offers = crate::domain::stages::gate::offers(&lifecycle, None, today);
    let shortlist = shortlist_sections(db, campaign.id, true).await?;
    let all = documents_of(db, campaign.id, DocumentKind::Notice).await?;
    let (drafts, notices): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|d| d.status == DocumentStatus::Draft);
    let final_list = documents_of(db, campaign.id, DocumentKind::FinalList)
        .await?
        .into_iter()
        .find(|d| d.status == DocumentStatus::Published);
    let objections = objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(campaign.id))
        .count(db)
        .await?;
    let open_objections = open_objections(db, campaign.id).await?;
    Ok(Desk {
        campaign,
        shortlist,
        draft: drafts.into_iter().next(),
        notices,
        final_list,
        open_objections,
        objections,
        lifecycle,
        offers,
    })
}

pub(super) async fn open_objections(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<u64> {
    Ok(objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(campaign_id))
        .filter(
            objection::Column::Status
                .is_in([ObjectionStatus::Received, ObjectionStatus::Investigating]),
        )
        .count(db)
        .await?)
}
