//! Votes arriving together are cast in one transaction (group commit); each is still answered
//! as if it had been cast alone, and one the database refuses fails only itself.

use laurel::{
    domain::voting,
    entity::{nomination, vote},
    error::AppError,
};
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::*;

fn refused_as(result: &Result<voting::Cast, AppError>, key: &str) -> bool {
    matches!(result, Err(AppError::Refused(k, _)) if *k == key)
}

#[rocket::async_test]
async fn votes_arriving_together_are_each_answered_as_if_cast_alone() {
    let (sms, app, world, ids) = voting_with(
        &[],
        &["子", "丑", "寅"],
        VoteRules {
            per_day: 2,
            several: true,
            totals: true,
        },
    )
    .await;
    let c = world.campaign.id;
    let today = app.app().config.today();
    let a = pass_for(&app, &sms, &world, "13912340101", "10.1.1.1").await;
    let b = pass_for(&app, &sms, &world, "13912340102", "10.1.2.1").await;
    let stranger = uuid::Uuid::now_v7();
    let asks: Vec<(Option<&str>, uuid::Uuid, uuid::Uuid)> = vec![
        (Some(&a), c, ids[0]),           // counts, one left
        (Some(&a), c, ids[0]),           // the same candidate again today
        (Some(&a), c, ids[1]),           // counts, none left
        (Some(&a), c, ids[2]),           // past the day's two
        (None, c, ids[0]),               // no pass
        (Some("not-a-pass"), c, ids[0]), // a pass nobody was given
        (Some(&b), c, stranger),         // not a candidate
        (Some(&b), stranger, ids[2]),    // not a campaign
        (Some(&b), c, ids[2]),           // counts, one left
    ];
    let app_ref = &app;
    let results = rocket::futures::future::join_all(asks.iter().map(|(pass, campaign, n)| {
        voting::cast(app_ref.app(), *campaign, *pass, *n, Some("10.1.0.1"), today)
    }))
    .await;
    assert!(
        matches!(
            results[0],
            Ok(voting::Cast {
                held: false,
                left_today: 1
            })
        ),
        "{:?}",
        results[0]
    );
    assert!(
        refused_as(&results[1], "error-vote-already"),
        "{:?}",
        results[1]
    );
    assert!(
        matches!(results[2], Ok(voting::Cast { left_today: 0, .. })),
        "{:?}",
        results[2]
    );
    assert!(
        refused_as(&results[3], "error-vote-limit"),
        "{:?}",
        results[3]
    );
    assert!(
        refused_as(&results[4], "error-vote-not-verified"),
        "{:?}",
        results[4]
    );
    assert!(
        refused_as(&results[5], "error-vote-not-verified"),
        "{:?}",
        results[5]
    );
    assert!(
        matches!(results[6], Err(AppError::NotFound)),
        "{:?}",
        results[6]
    );
    assert!(
        matches!(results[7], Err(AppError::NotFound)),
        "{:?}",
        results[7]
    );
    assert!(
        matches!(results[8], Ok(voting::Cast { left_today: 1, .. })),
        "{:?}",
        results[8]
    );
    let counted = voting::count(&app.app().db, c).await.expect("totals");
    assert_eq!(
        [ids[0], ids[1], ids[2]].map(|id| counted.get(&id).copied()),
        [Some(1), Some(1), Some(1)]
    );
}

#[rocket::async_test]
async fn a_vote_the_database_refuses_in_a_group_fails_only_itself() {
    let (sms, app, world, ids) = voting_with(
        &[],
        &["卯", "辰"],
        VoteRules {
            per_day: 2,
            several: false,
            totals: true,
        },
    )
    .await;
    let c = world.campaign.id;
    let db = &app.app().db;
    let today = app.app().config.today();
    let mut passes = Vec::new();
    for i in 0..10_u16 {
        passes.push(
            pass_for(
                &app,
                &sms,
                &world,
                &format!("1371111{i:04}"),
                &format!("10.2.{i}.1"),
            )
            .await,
        );
    }
    // The last voter's second slot of the day is taken already, as by another instance's vote
    // the group could not see: the insert of the group it lands in (the first caller is a
    // group alone, the nine others wait together meanwhile) fails on the slot's unique index.
    let voter = voting::voter_of(db, c, &passes[9])
        .await
        .expect("a voter")
        .expect("a valid pass");
    let category = nomination::Entity::find_by_id(ids[0])
        .one(db)
        .await
        .expect("read")
        .expect("a candidate")
        .category_id;
    let id = uuid::Uuid::now_v7();
    vote::Entity::insert(vote::ActiveModel {
        id: Set(id),
        campaign_id: Set(c),
        category_id: Set(category),
        nomination_id: Set(ids[0]),
        voter_hash: Set(voter),
        day: Set(today),
        slot: Set(1),
        candidate_key: Set(id.to_string()),
        prefix: Set("10.9.9.0/24".into()),
        status: Set(vote::VoteStatus::Counted),
        flag: Set(None),
        decided_by: Set(None),
        created_at: Set(laurel::domain::now()),
    })
    .exec(db)
    .await
    .expect("the stray vote");
    let (app_ref, candidate) = (&app, ids[0]);
    let results =
        rocket::futures::future::join_all(
            passes.iter().enumerate().map(|(i, pass)| {
                let ip = format!("10.2.{i}.1");
                async move {
                    voting::cast(app_ref.app(), c, Some(pass), candidate, Some(&ip), today).await
                }
            }),
        )
        .await;
    assert!(
        refused_as(&results[9], "error-vote-limit"),
        "{:?}",
        results[9]
    );
    assert!(
        results[..9].iter().all(Result::is_ok),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    let counted = voting::count(db, c).await.expect("totals");
    assert_eq!(
        counted.get(&ids[0]),
        Some(&(1 + 9)),
        "the stray vote and the nine others"
    );
}
