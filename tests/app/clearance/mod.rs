//! Clearance by other agencies (联审): the stage in the timeline, the agencies' queues and
//! answers, the office's decisions, the sheets, and that nothing of it is public.

mod api;
mod lifecycle;
mod sheets;

use laurel::domain::{
    campaigns, clearance,
    stages::StageKind,
    units::{self, Unit, UnitInput},
};

use crate::helpers::*;

/// A campaign whose clearance follows review, with two agencies named and their users
/// (`court`, `police`); the campaign is in its clearance stage.
pub struct Cleared {
    pub ids: Vec<uuid::Uuid>,
    pub court: Unit,
    pub police: Unit,
}

/// An agency under the city with one user of the agency role.
pub async fn agency(app: &TestApp, name: &str, username: &str) -> Unit {
    let office = app.actor("office").await;
    let db = &app.app().db;
    let city = units::list_all(db).await.expect("units").remove(0);
    let unit = units::create_unit(
        db,
        &office,
        &UnitInput {
            name: name.into(),
            kind: "agency".into(),
            parent_id: city.id.to_string(),
        },
    )
    .await
    .expect("agency");
    app.add_user(username, &format!("{name}联络员"), "agency", &unit)
        .await;
    unit
}

/// The office places the fixture campaign's clearance after `after`, the agencies answering
/// by 32 days from today.
pub async fn place_clearance(app: &TestApp, world: &World, after: &str) -> time::Date {
    let office = app.actor("office").await;
    let db = &app.app().db;
    let closes_on = app.app().config.today() + time::Duration::days(32);
    let mut input = campaigns::form_of(db, &office, world.campaign.id.into())
        .await
        .expect("form");
    input.clearance_after = after.into();
    input.clearance_closes_on = closes_on.to_string();
    campaigns::update_campaign(
        db,
        &office,
        world.campaign.id.into(),
        &input,
        app.app().config.today(),
    )
    .await
    .expect("clearance placed");
    closes_on
}

/// Eligible nominations with these names, a clearance after review with the court and the
/// police named, the campaign in its clearance stage.
pub async fn cleared(app: &TestApp, world: &World, names: &[&str]) -> Cleared {
    let ids = eligible_named(app, world, names).await;
    place_clearance(app, world, "review").await;
    let court = agency(app, "李沧区人民法院", "court").await;
    let police = agency(app, "李沧公安分局", "police").await;
    let office = app.actor("office").await;
    clearance::set_agencies(
        &app.app().db,
        &office,
        world.campaign.id,
        &[court.id, police.id],
    )
    .await
    .expect("agencies named");
    reach(app, world, StageKind::Clearance).await;
    Cleared { ids, court, police }
}

/// The ID number the fixture gave the `seq`-th of `eligible_named`'s nominations.
pub fn id_number_of(seq: u16) -> String {
    person("", 200 + seq).id_number
}

/// An agency user answers on a candidate through its page.
pub async fn answer<'a>(
    app: &'a TestApp,
    world: &World,
    nomination: uuid::Uuid,
    opinion: &str,
    reason: &str,
) -> rocket::local::asynchronous::LocalResponse<'a> {
    app.post_form(
        &format!("/clearance/{}/{nomination}", world.campaign.id),
        &[("opinion", opinion), ("reason", reason)],
    )
    .await
}
