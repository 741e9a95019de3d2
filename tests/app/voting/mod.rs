//! Public online voting: verification by a code through a real SMS gateway, the rules of a
//! voter's day under simultaneous requests, limits, bursts, and what the public sees.

mod abuse;
mod api;
mod ballot;
mod blend;
mod groups;
mod province_demo;

use laurel::domain::voting;

use crate::helpers::*;

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

/// A campaign voting today under `rules` with `names` as candidates, on an app (`more`: further
/// settings) whose text messages go to a real local SMS gateway: the gateway (kept alive with the
/// app), the app, its world and the candidates' nominations.
pub async fn voting_with(
    more: &[(&str, &str)],
    names: &[&str],
    rules: VoteRules,
) -> (SmsGateway, TestApp, World, Vec<uuid::Uuid>) {
    let sms = SmsGateway::start().await;
    let app = app_with(&sms, more).await;
    let world = app.world().await;
    let ids = voting_open(&app, &world, names, rules).await;
    (sms, app, world, ids)
}
