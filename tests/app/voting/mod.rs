//! Public online voting: verification by a code through a real SMS gateway, the rules of a
//! voter's day under simultaneous requests, limits, bursts, and what the public sees.

mod abuse;
mod ballot;
mod blend;

use laurel::domain::{campaigns, stages::StageKind, voting};

use crate::helpers::*;

/// Rules of a test campaign's vote.
#[derive(Clone, Copy)]
pub struct Rules {
    pub per_day: u8,
    pub several: bool,
    pub totals: bool,
}

/// Assessed candidates with these names, the campaign moved into a voting stage (open from
/// yesterday to five days on) with `rules`.
pub async fn voting_open(
    app: &TestApp,
    world: &World,
    names: &[&str],
    rules: Rules,
) -> Vec<uuid::Uuid> {
    let judges = pool(app, 5).await;
    let ids = eligible_named(app, world, names).await;
    change_categories(app, world, |row| row.reviewers_per_nomination = "5".into()).await;
    let (_, _, rubric) = assigned_panel(app, world, &judges).await;
    score_all(app, &judges, &rubric, |nominee, max| {
        let rank = names.iter().position(|n| *n == nominee).expect("known");
        (max - i32::try_from(rank).unwrap_or(0)).max(0)
    })
    .await;
    let office = app.actor("office").await;
    let db = &app.app().db;
    let today = app.app().config.today();
    let mut input = campaigns::form_of(db, &office, world.campaign.id.into())
        .await
        .expect("form");
    input.voting = true;
    input.voting_opens_on = (today - time::Duration::days(1)).to_string();
    input.voting_closes_on = (today + time::Duration::days(5)).to_string();
    input.votes_per_day = rules.per_day.to_string();
    input.vote_several = rules.several;
    input.vote_totals = rules.totals;
    campaigns::update_campaign(db, &office, world.campaign.id.into(), &input, today)
        .await
        .expect("voting added");
    reach(app, world, StageKind::Voting).await;
    ids
}

/// A verified voter's pass, through the domain with a code read at the gateway.
pub async fn pass_for(
    app: &TestApp,
    sms: &SmsGateway,
    world: &World,
    phone: &str,
    ip: &str,
) -> String {
    let today = app.app().config.today();
    voting::request_code(
        app.app(),
        world.campaign.id,
        &voting::CodeInput {
            phone: phone.into(),
            ..voting::CodeInput::default()
        },
        Some(ip),
        today,
    )
    .await
    .expect("a code");
    voting::verify(
        app.app(),
        world.campaign.id,
        &voting::VerifyInput {
            phone: phone.into(),
            code: sms.code_for(phone),
        },
        today,
    )
    .await
    .expect("verified")
}

/// An app whose text messages go to `sms`, with `more` settings.
pub async fn app_with(sms: &SmsGateway, more: &[(&str, &str)]) -> TestApp {
    let mut settings = sms.settings();
    settings.extend(more.iter().map(|(k, v)| (*k, (*v).to_owned())));
    TestApp::with(&settings).await
}
