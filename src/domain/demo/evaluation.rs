//! The demo's expert evaluations: one panel of the five demo experts for a campaign's four
//! categories, every eligible nomination assigned to all five, the sheets scored (all of them,
//! or as far as each expert has come), and the shortlist fixed from the top of the ranking —
//! which, for 2022, is the city's final list with Licang's seven real honorees.

use std::collections::HashMap;

use time::Date;
use uuid::Uuid;

use crate::{
    App,
    domain::{
        actor::Actor,
        campaigns,
        evaluation::{self, PanelInput, SheetInput},
        ids::CampaignId,
        stages,
    },
    entity::campaign::StageKind,
    error::AppResult,
    i18n::Lang,
};

/// How strong each reviewer finds a nomination, in tenths of the maximum: the favoured ones
/// (the honorees to be) score 8–9, the others 6–7, with each reviewer's own leniency.
fn points_for(max: i32, honoree: bool, reviewer: usize, criterion: usize) -> i32 {
    let base = if honoree { 85 } else { 65 };
    // Reviewers differ a little, and not in the same direction on every criterion.
    let spread = i32::try_from((reviewer * 3 + criterion * 5) % 9).unwrap_or(0) - 4;
    (max * (base + spread) / 100).clamp(0, max)
}

/// How far an expert has come with their score sheets in a campaign.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Progress {
    /// Every sheet submitted.
    Submitted,
    /// Every sheet saved as a draft, none submitted.
    Drafted,
    /// Not started.
    NotStarted,
}

/// Forms the campaign's panel, `name`, of the demo's experts for all its categories and
/// assigns every eligible nomination (to all five: the categories ask for five reviewers).
///
/// # Errors
/// Whatever the evaluation services return.
pub(super) async fn form_panel(
    app: &App,
    admin: &Actor,
    campaign: CampaignId,
    name: &str,
    experts: &[&Actor],
) -> AppResult<()> {
    let categories = campaigns::categories_of(&app.db, campaign).await?;
    let input = PanelInput {
        name: name.into(),
        categories: categories.iter().map(|c| c.id.to_string()).collect(),
        members: experts.iter().map(|e| e.user_id.to_string()).collect(),
    };
    let panel = evaluation::create_panel(&app.db, admin, campaign, &input).await?;
    evaluation::auto_assign(&app.db, admin, panel.id).await?;
    Ok(())
}

/// Each expert scores their assignments of the campaign titled `title` on `day`, as far as
/// their [`Progress`] says: the `favoured` nominees high and approved, the others lower and not.
///
/// # Errors
/// Whatever the evaluation services return.
pub(super) async fn score(
    app: &App,
    campaign: CampaignId,
    title: &str,
    experts: &[(&Actor, Progress)],
    favoured: &[&str],
    day: Date,
) -> AppResult<()> {
    let mut rubrics = HashMap::new();
    for category in campaigns::categories_of(&app.db, campaign).await? {
        rubrics.insert(
            category.name.clone(),
            evaluation::rubric(&app.db, category.id, Lang::ZhCn).await?,
        );
    }
    for (index, (expert, progress)) in experts.iter().enumerate() {
        if *progress == Progress::NotStarted {
            continue;
        }
        for mine in evaluation::my_assignments(&app.db, expert).await? {
            if mine.campaign_title != title || mine.sheet_status.is_some() {
                continue;
            }
            let honoree = favoured.contains(&mine.nominee_name.as_str());
            let Some(rubric) = rubrics.get(&mine.category_name) else {
                continue;
            };
            let sheet = SheetInput {
                points: rubric
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        (
                            c.id.to_string(),
                            points_for(c.max_points, honoree, index, i).to_string(),
                        )
                    })
                    .collect(),
                approve: if honoree { "yes" } else { "no" }.into(),
                comment: if honoree {
                    "事迹突出，同意推荐。"
                } else {
                    "事迹较好，但与入围对象相比尚有差距。"
                }
                .into(),
                version: 0,
            };
            let submit = *progress == Progress::Submitted;
            evaluation::save_sheet(&app.db, expert, mine.id, &sheet, submit, Lang::ZhCn, day)
                .await?;
        }
    }
    Ok(())
}

/// Moves the campaign to its shortlist stage and fixes each category's shortlist: the
/// `favoured` nominees, in the order given. They top the ranking, so no rationale is needed
/// (the service asks for one otherwise, and the load stops).
///
/// # Errors
/// Whatever the evaluation services return.
async fn fix_shortlists(
    app: &App,
    admin: &Actor,
    campaign: CampaignId,
    favoured: &[&str],
) -> AppResult<()> {
    stages::advance_to(&app.db, admin, campaign, StageKind::Shortlist).await?;
    for category in campaigns::categories_of(&app.db, campaign).await? {
        let (_, _, rows) = evaluation::ranking(&app.db, admin, category.id, Lang::ZhCn).await?;
        let chosen: Vec<Uuid> = favoured
            .iter()
            .filter_map(|name| {
                rows.iter()
                    .find(|r| r.nominee_name == *name && r.rank.is_some())
            })
            .map(|r| r.nomination_id)
            .collect();
        if !chosen.is_empty() {
            evaluation::fix_shortlist(&app.db, admin, category.id, &chosen, "", Lang::ZhCn).await?;
        }
    }
    Ok(())
}

/// A whole evaluation: the panel, every sheet submitted on `day`, and the shortlists of the
/// `favoured` nominees (see [`fix_shortlists`]).
///
/// # Errors
/// Whatever the evaluation services return.
pub(super) async fn evaluate(
    app: &App,
    admin: &Actor,
    campaign: CampaignId,
    title: &str,
    favoured: &[&str],
    experts: &[&Actor],
    day: Date,
) -> AppResult<()> {
    let name = format!("{title}评审委员会");
    form_panel(app, admin, campaign, &name, experts).await?;
    let all: Vec<(&Actor, Progress)> = experts.iter().map(|e| (*e, Progress::Submitted)).collect();
    score(app, campaign, title, &all, favoured, day).await?;
    fix_shortlists(app, admin, campaign, favoured).await
}

#[cfg(test)]
mod tests {
    use super::points_for;

    #[test]
    fn honorees_always_outscore_the_others_on_every_criterion() {
        for max in [15, 20, 25, 40] {
            for reviewer in 0..5 {
                for criterion in 0..4 {
                    let lowest_honoree = (0..5)
                        .map(|r| points_for(max, true, r, criterion))
                        .min()
                        .unwrap_or(0);
                    let highest_other = (0..5)
                        .map(|r| points_for(max, false, r, criterion))
                        .max()
                        .unwrap_or(0);
                    assert!(
                        lowest_honoree > highest_other,
                        "max {max} reviewer {reviewer} criterion {criterion}"
                    );
                    assert!(points_for(max, true, reviewer, criterion) <= max);
                }
            }
        }
    }
}
