//! The provincial demo (`laurel demo --province`): a province of four cities whose campaign is
//! carried through recommendation at every level, review, a finished clearance with one
//! objection, expert evaluation, and into its public vote with votes cast; loaded only into a
//! new database, and never mixed with the city's demo.

use std::collections::HashSet;

use laurel::{
    domain::{demo, units, voting},
    entity::{
        campaign::{self, StageKind},
        clearance_answer::{self, Opinion},
        clearance_decision::{self, Decision},
        nomination::{self, NominationStatus},
        unit::UnitKind,
        vote,
    },
    error::AppError,
};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::*;

#[rocket::async_test]
async fn the_provincial_demo_carries_a_province_campaign_into_its_public_vote() {
    let app = TestApp::new().await;
    let report = demo::province::load(app.app())
        .await
        .expect("the provincial demo loads");
    let db = &app.app().db;

    // A province of four cities, each with its districts, streets and communities.
    let all = units::list_all(db).await.expect("units");
    let root = all.iter().find(|u| u.parent_id.is_none()).expect("root");
    assert_eq!(
        (root.kind, root.name.as_str()),
        (UnitKind::Province, "山东省")
    );
    let count = |kind| all.iter().filter(|u| u.kind == kind).count();
    assert_eq!(
        [
            count(UnitKind::City),
            count(UnitKind::District),
            count(UnitKind::Street),
            count(UnitKind::Community),
            count(UnitKind::Agency),
        ],
        [4, 8, 16, 32, 5]
    );
    let reported: HashSet<&str> = report.users.iter().map(|u| u.0.as_str()).collect();
    for username in ["office", "qingdao", "jinan", "licang", "gongan", "expert1"] {
        assert!(reported.contains(username), "{username}");
    }

    // Hundreds of nominations with distinct, generated names.
    let made = nomination::Entity::find().all(db).await.expect("rows");
    assert_eq!(made.len(), report.nominations);
    assert!(made.len() >= 150, "{} nominations", made.len());
    let names: HashSet<&str> = made.iter().map(|n| n.nominee_name.as_str()).collect();
    assert_eq!(names.len(), made.len());
    let by_status = |status| made.iter().filter(|n| n.status == status).count();
    // Each street declined one; the clearance withdrew one; every other one was scored.
    assert_eq!(by_status(NominationStatus::Declined), 16);
    assert_eq!(by_status(NominationStatus::Withdrawn), 1);
    assert_eq!(by_status(NominationStatus::Assessed), made.len() - 17);

    // The campaign is in its voting stage, with cities among its levels.
    let found = campaign::Entity::find()
        .one(db)
        .await
        .expect("query")
        .expect("the campaign");
    assert_eq!(found.stage, StageKind::Voting);
    assert_eq!(
        laurel::domain::workflow::levels(&found),
        [UnitKind::Street, UnitKind::District, UnitKind::City]
    );

    // The clearance finished: every agency answered on every candidate, one objected once,
    // and the office withdrew that candidate.
    let answers = clearance_answer::Entity::find()
        .all(db)
        .await
        .expect("rows");
    assert_eq!(answers.len(), (made.len() - 16) * 5);
    let objections: Vec<_> = answers
        .iter()
        .filter(|a| a.opinion == Opinion::Objection)
        .collect();
    assert_eq!(objections.len(), 1);
    let decisions = clearance_decision::Entity::find()
        .all(db)
        .await
        .expect("rows");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].decision, Decision::Withdraw);
    assert_eq!(decisions[0].nomination_id, objections[0].nomination_id);

    // The public has voted; one network's burst is held for the office.
    let counted = vote::Entity::find()
        .filter(vote::Column::Status.eq(vote::VoteStatus::Counted))
        .count(db)
        .await
        .expect("count");
    assert!(counted > 400, "{counted} votes counted");
    let office = app.actor("office").await;
    let held = voting::held(db, &office, found.id).await.expect("held");
    // Seventy votes of one network in a minute or two: past the limit of thirty a minute
    // (or twenty at one second), whichever minutes they fell in.
    assert!(!held.is_empty());
    assert!(
        held.iter().all(|g| g.prefix == "203.0.113.0/24"),
        "{held:?}"
    );
    let held_votes: u64 = held.iter().map(|g| g.count).sum();
    assert!((5..=50).contains(&held_votes), "{held:?}");

    // The public ballot shows the candidates and nothing private of them.
    let (status, page) = app.get(&format!("/vote/{}", found.id)).await;
    assert_eq!(status, Status::Ok);
    let candidate = made
        .iter()
        .find(|n| n.status == NominationStatus::Assessed)
        .expect("a candidate");
    assert!(page.contains(&candidate.nominee_name));
    for n in &made {
        let private = [
            n.phone.clone().unwrap_or_default(),
            n.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            n.id_number_enc
                .as_ref()
                .map(|blob| app.app().pii.decrypt(blob).expect("decrypts"))
                .unwrap_or_default(),
        ];
        for value in private.iter().filter(|v| !v.is_empty()) {
            assert!(!page.contains(value.as_str()), "{value} on the ballot");
        }
    }
    for answer in &answers {
        if let Some(reason) = &answer.reason {
            assert!(!page.contains(reason.as_str()));
        }
    }

    // Neither demo loads on top of it.
    let again = demo::province::load(app.app()).await;
    assert!(
        matches!(
            again,
            Err(AppError::Refused("error-demo-province-fresh", _))
        ),
        "{again:?}"
    );
    let city = demo::load(app.app()).await;
    assert!(
        matches!(
            city,
            Err(AppError::Refused("error-demo-city-on-province", _))
        ),
        "{city:?}"
    );
}

#[rocket::async_test]
async fn the_provincial_demo_loads_only_into_a_new_database() {
    let app = TestApp::new().await;
    let _world = app.world().await;
    let loaded = demo::province::load(app.app()).await;
    assert!(
        matches!(
            loaded,
            Err(AppError::Refused("error-demo-province-fresh", _))
        ),
        "{loaded:?}"
    );
    assert_eq!(
        units::list_all(&app.app().db)
            .await
            .expect("units")
            .iter()
            .filter(|u| u.kind == UnitKind::Province)
            .count(),
        0
    );
}
