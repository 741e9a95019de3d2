//! What the public reads first: the home page (each announced campaign with where its notice
//! stands, and the newest published documents) and a campaign's public page with its
//! published documents.

use super::*;
use crate::domain::campaigns::{self, CampaignPage, CampaignSummary};

/// How many published documents the home page lists.
const HOME_DOCUMENTS: u64 = 10;

/// The public home page.
#[derive(Debug, Serialize)]
pub struct FrontPage {
    /// The announced campaigns.
    pub campaigns: Vec<CampaignSummary>,
    /// Each campaign's line, in the same order.
    pub headlines: Vec<Headline>,
    /// The newest published notices and lists (通知公告).
    pub documents: Vec<DocumentLine>,
}

/// The public home page on `today`.
///
/// # Errors
/// When the database fails.
pub async fn front_page(db: &DatabaseConnection, today: Date) -> AppResult<FrontPage> {
    let campaigns = campaigns::public_summaries(db, today).await?;
    let headlines = headlines(db, &campaigns, today).await?;
    let documents = recent_published(db, HOME_DOCUMENTS)
        .await?
        .iter()
        .map(DocumentLine::of)
        .collect();
    Ok(FrontPage {
        campaigns,
        headlines,
        documents,
    })
}

/// A campaign's public page.
#[derive(Debug, Serialize)]
pub struct CampaignFront {
    /// The campaign, its categories, rules and stages.
    #[serde(flatten)]
    pub campaign: CampaignPage,
    /// Its published notices and lists.
    pub documents: Vec<DocumentLine>,
}

/// A campaign's public page on `today`.
///
/// # Errors
/// [`AppError::NotFound`] unless the campaign is announced.
pub async fn campaign_front(
    db: &DatabaseConnection,
    id: CampaignId,
    today: Date,
) -> AppResult<CampaignFront> {
    let campaign = campaigns::public_page(db, id, today).await?;
    let documents = published_of(db, campaign.campaign.id)
        .await?
        .iter()
        .map(DocumentLine::of)
        .collect();
    Ok(CampaignFront {
        campaign,
        documents,
    })
}
