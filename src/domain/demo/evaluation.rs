//! The demo's expert evaluation of the 2022 campaign: one panel of the five demo experts for
//! the four categories, every eligible nomination scored by all five, and the shortlist fixed
//! from the ranking — which puts the seven real honorees on it.

use std::collections::HashMap;

use uuid::Uuid;

use crate::{
    App,
    domain::{
        actor::Actor,
        campaigns,
        evaluation::{self, PanelInput},
        ids::CampaignId,
        scoresheets::{self, SheetInput},
        stages,
    },
    error::AppResult,
    i18n::Lang,
};

/// How strong each reviewer finds a nomination, in tenths of the maximum: the honorees (the
/// first `honorees` names) score 8–9, the others 6–7, with each reviewer's own leniency.
fn points_for(max: i32, honoree: bool, reviewer: usize, criterion: usize) -> i32 {
    let base = if honoree { 85 } else { 65 };
    // Reviewers differ a little, and not in the same direction on every criterion.
    let spread = i32::try_from((reviewer * 3 + criterion * 5) % 9).unwrap_or(0) - 4;
    (max * (base + spread) / 100).clamp(0, max)
}

/// Forms the panel, assigns, scores and fixes the shortlist. `honorees` are the names of the
/// real honorees; `experts` the demo's reviewers by username.
///
/// # Errors
/// Whatever the evaluation services return.
pub async fn evaluate(
    app: &App,
    admin: &Actor,
    campaign: CampaignId,
    honorees: &[&str],
    experts: &[&Actor],
) -> AppResult<()> {
    let categories = campaigns::categories_of(&app.db, campaign).await?;
    let input = PanelInput {
        name: "2022年度评审委员会".into(),
        categories: categories.iter().map(|c| c.id.to_string()).collect(),
        members: experts.iter().map(|e| e.user_id.to_string()).collect(),
    };
    // Scored on the first of December.
    let day = time::macros::date!(2022 - 12 - 01);
    let panel = evaluation::create_panel(&app.db, admin, campaign, &input).await?;
    evaluation::auto_assign(&app.db, admin, panel.id).await?;
    let mut rubrics = HashMap::new();
    for category in &categories {
        rubrics.insert(
            category.name.clone(),
            evaluation::rubric(&app.db, category.id, Lang::ZhCn).await?,
        );
    }
    for (index, expert) in experts.iter().enumerate() {
        for mine in evaluation::my_assignments(&app.db, expert).await? {
            let honoree = honorees.contains(&mine.nominee_name.as_str());
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
            scoresheets::save(&app.db, expert, mine.id, &sheet, true, Lang::ZhCn, day).await?;
        }
    }
    stages::advance_to(
        &app.db,
        admin,
        campaign,
        crate::entity::campaign_stage::StageKind::Shortlist,
    )
    .await?;
    for category in &categories {
        let (_, _, rows) = scoresheets::ranking(&app.db, admin, category.id, Lang::ZhCn).await?;
        let quota = usize::try_from(category.quota).unwrap_or(0);
        let top: Vec<Uuid> = rows
            .iter()
            .filter(|r| r.rank.is_some())
            .take(quota)
            .map(|r| r.nomination_id)
            .collect();
        scoresheets::fix_shortlist(&app.db, admin, category.id, &top, "", Lang::ZhCn).await?;
    }
    Ok(())
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
