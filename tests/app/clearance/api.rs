//! The clearance through the JSON API: an agency's queue and answers, the office's matrix,
//! agencies and decisions.

use rocket::http::Status;
use serde_json::json;

use super::*;

#[rocket::async_test]
async fn an_agency_answers_and_the_office_decides_through_the_api() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let setup = cleared(&app, &world, &["冯八", "陈九"]).await;
    let c = world.campaign.id;
    let n = setup.ids[0];
    let court = token_for(&app, "court").await;
    let office = token_for(&app, "office").await;

    let (status, mine) = app.api("GET", "/api/v1/clearance", &court, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(mine[0]["campaign_id"], json!(c));
    assert_eq!(mine[0]["waiting"], json!(2));
    // The queue masks the numbers; the candidate's read shows it, and is audited.
    let (status, queue) = app
        .api("GET", &format!("/api/v1/clearance/{c}"), &court, None)
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(queue["rows"].as_array().map(Vec::len), Some(2));
    assert!(!queue.to_string().contains(&id_number_of(0)));
    let viewed = audit_count(app.app(), "clearance.view_id_number").await;
    let (status, one) = app
        .api("GET", &format!("/api/v1/clearance/{c}/{n}"), &court, None)
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(one["id_number"], json!(id_number_of(0)));
    assert_audited(app.app(), "clearance.view_id_number", viewed, 1).await;

    // An objection without its reason is refused at the field.
    let path = format!("/api/v1/clearance/{c}/{n}");
    let (status, refused) = app
        .api("PUT", &path, &court, Some(json!({"opinion": "objection"})))
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], json!("reason"));
    assert_eq!(refused["fields"][0]["key"], json!("error-required"));
    let (status, saved) = app
        .api(
            "PUT",
            &path,
            &court,
            Some(json!({"opinion": "objection", "reason": "有未结执行案件"})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(saved["opinion"], json!("objection"));
    assert_eq!(saved["agency_id"], json!(setup.court.id));
    // The office is not an agency.
    let (status, _) = app
        .api(
            "PUT",
            &path,
            &office,
            Some(json!({"opinion": "no_objection"})),
        )
        .await;
    assert_eq!(status, Status::Forbidden);

    // The office's matrix, then its decision.
    let (status, matrix) = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{c}/clearance"),
            &office,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(matrix["undecided"], json!(1));
    assert_eq!(matrix["expected"], json!(4));
    let row = matrix["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["nomination_id"] == json!(n)))
        .expect("the candidate's row");
    let court_at = matrix["agencies"]
        .as_array()
        .and_then(|a| a.iter().position(|a| a["id"] == json!(setup.court.id)))
        .expect("the court's column");
    assert_eq!(row["answers"][court_at]["reason"], json!("有未结执行案件"));
    let (status, _) = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{c}/clearance"),
            &court,
            None,
        )
        .await;
    assert_eq!(status, Status::Forbidden, "an agency reads no matrix");
    let decide = format!("/api/v1/campaigns/{c}/clearance/candidates/{n}/decision");
    let (status, decided) = app
        .api(
            "POST",
            &decide,
            &office,
            Some(json!({"decision": "withdraw", "reason": "有未结执行案件，撤销推荐"})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(decided["decision"], json!("withdraw"));
    assert_eq!(
        reload(&app, n).await.status,
        laurel::entity::nomination::NominationStatus::Withdrawn
    );

    // Naming a unit that is not an agency is refused at the field.
    let (status, refused) = app
        .api(
            "PUT",
            &format!("/api/v1/campaigns/{c}/clearance/agencies"),
            &office,
            Some(json!({"agencies": [setup.court.id, world.street_a.id]})),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(
        refused["fields"][0]["key"],
        json!("error-clearance-agency-unknown")
    );
    let (status, named) = app
        .api(
            "PUT",
            &format!("/api/v1/campaigns/{c}/clearance/agencies"),
            &office,
            Some(json!({"agencies": [setup.court.id, setup.police.id]})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(named["agencies"].as_array().map(Vec::len), Some(2));
}
