//! A demo nomination's way to the office: entered and submitted by its unit's recommender on a
//! day inside the campaign's window, then recommended (or declined) by each level of its chain,
//! the streets first and the districts after them, each on its own day.

use std::collections::HashMap;

use time::Date;

use super::{
    actor_of, category_id, internal,
    nominees::{Nominee, nomination_input},
    units::is_street,
};
use crate::{
    App,
    domain::{actor::Actor, campaigns, ids::CampaignId, nominations, review, workflow::Transition},
    entity::nomination::{self, NominationStatus},
    error::AppResult,
};

/// The days a campaign's nominations move on: submitted, recommended by the streets, by the
/// districts.
#[derive(Clone, Copy)]
pub(super) struct Days {
    pub(super) submitted: Date,
    pub(super) streets: Date,
    pub(super) districts: Date,
}

/// A planned decline: the nominee's name and the reason of the first level holding it.
pub(super) type Decline = (&'static str, &'static str);

/// Enters each nominee as its unit's recommender would and submits it on `day`. Returns the
/// nominations in the order of `nominees`.
///
/// # Errors
/// Whatever the nomination services return.
pub(super) async fn submit_all(
    app: &App,
    actors: &HashMap<&'static str, Actor>,
    campaign: CampaignId,
    nominees: &[&Nominee],
    day: Date,
) -> AppResult<Vec<nomination::Model>> {
    let categories = campaigns::categories_of(&app.db, campaign).await?;
    let mut made = Vec::new();
    for nominee in nominees {
        let category = category_id(&categories, nominee.category)?;
        let actor = actor_of(actors, nominee.by)?;
        let input = nomination_input(nominee)?;
        // Not bound to today: the demo replays days of the campaign's window.
        let draft = nominations::import_draft(app, actor, campaign, category, &input).await?;
        let sent = review::transition(
            app,
            actor,
            draft.id.into(),
            Transition::Submit,
            draft.version,
            "",
            day,
        )
        .await?;
        made.push(sent);
    }
    Ok(made)
}

/// Every level passes on what reached it, the streets on their day and then the districts on
/// theirs, until each nomination is at the office; one named in `declines` is declined instead,
/// with its reason, by the first level holding it.
///
/// # Errors
/// Whatever `review::transition` returns.
pub(super) async fn recommend_all(
    app: &App,
    actors: &HashMap<&'static str, Actor>,
    made: &mut [nomination::Model],
    days: Days,
    declines: &[Decline],
) -> AppResult<()> {
    for streets in [true, false] {
        for nomination in made.iter_mut() {
            if nomination.status != NominationStatus::Pending {
                continue;
            }
            let holder = actors
                .values()
                .find(|a| Some(a.unit_id) == nomination.level_unit_id)
                .ok_or_else(|| internal("a recommending unit has no demo user"))?;
            if is_street(&holder.unit_name) != streets {
                continue;
            }
            let day = if streets {
                days.streets
            } else {
                days.districts
            };
            let (transition, reason) = match declines
                .iter()
                .find(|(name, _)| *name == nomination.nominee_name)
            {
                Some((_, reason)) => (Transition::Decline, *reason),
                None => (Transition::Recommend, ""),
            };
            *nomination = review::transition(
                app,
                holder,
                nomination.id.into(),
                transition,
                nomination.version,
                reason,
                day,
            )
            .await?;
        }
    }
    Ok(())
}
