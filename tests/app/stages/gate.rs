//! The gate that binds every action to its stage: each stage refuses, through the pages and the
//! API, what belongs to another, and names the stage it belongs to.

use laurel::{
    domain::{
        campaigns, evaluation, notices,
        stages::{self, StageKind},
    },
    entity::nomination::NominationStatus,
};
use rocket::http::Status;
use serde_json::{Value, json};
use time::Duration;

use crate::helpers::*;

/// What a probe of one action got: the status, and the error key when refused.
fn refused_key(status: Status, body: &Value) -> Option<String> {
    (status == Status::Conflict).then(|| body["error"].as_str().unwrap_or_default().to_owned())
}

#[rocket::async_test]
async fn each_stage_refuses_what_belongs_to_another_stage_and_names_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = app.actor("office").await;
    let today = app.app().config.today();
    set_unit_quota(&app, &world, "10").await;
    let office_token = api_token(&app, "office").await;
    let community = api_token(&app, "rec_a1").await;
    let street = api_token(&app, "rec_a").await;
    let category = app.category(&world, "volunteer").await;
    let campaign = world.campaign.id;

    // Nominating through the API: refused outside recommendation.
    let nominate = |seq: u16| {
        let mut fields =
            serde_json::to_value(person(&format!("探针{seq}"), 300 + seq)).expect("json");
        fields["campaign_id"] = json!(campaign);
        fields["category_id"] = json!(category.id);
        fields
    };
    let try_nominate = async |seq: u16| {
        let (status, body) = app
            .api(
                "POST",
                "/api/v1/nominations",
                &community,
                Some(nominate(seq)),
            )
            .await;
        refused_key(status, &body)
    };
    // The office's page forms refused by stage answer 409 with both stages named, and the
    // current one's dates (the fixture's recommendation runs from day -3 to day 25).
    let told = |allowed: &str, current: &str, dates: String| {
        zh(
            "error-stage",
            &[
                ("allowed", allowed.into()),
                ("current", current.into()),
                ("dates", dates),
            ],
        )
    };

    // Call (the office goes back from recommendation: nothing was submitted yet).
    stages::back(
        &app.app().db,
        &office,
        campaign.into(),
        campaign_version(&app, &world).await,
        "延后开始推荐",
    )
    .await
    .expect("back to the call");
    assert_eq!(try_nominate(1).await.as_deref(), Some("error-stage"));
    reach(&app, &world, StageKind::Recommendation).await;

    // Recommendation: one nomination stays with its street, three reach the office.
    let submit = async |seq: u16| -> uuid::Uuid {
        let (status, body) = app
            .api(
                "POST",
                "/api/v1/nominations",
                &community,
                Some(nominate(seq)),
            )
            .await;
        assert_eq!(status, Status::Ok, "{body}");
        let id: uuid::Uuid = serde_json::from_value(body["id"].clone()).expect("an id");
        let (status, _) = app
            .api(
                "POST",
                &format!("/api/v1/nominations/{id}/submit"),
                &community,
                Some(json!({"version": 1})),
            )
            .await;
        assert_eq!(status, Status::Ok);
        id
    };
    let pending = submit(2).await;
    let mut at_office = Vec::new();
    for seq in 3..6 {
        let id = submit(seq).await;
        for who in ["rec_a", "rec_district"] {
            let token = api_token(&app, who).await;
            assert_eq!(
                decide_by_api(&app, &token, id, "recommend", "").await.0,
                Status::Ok
            );
        }
        at_office.push(id);
    }
    let (status, body) =
        decide_by_api(&app, &office_token, at_office[0], "mark_eligible", "").await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    app.login("office").await;
    let response = app
        .post_form(&format!("/evaluation/panels?campaign={campaign}"), &[])
        .await;
    assert_eq!(response.status(), Status::Conflict);
    let html = response.into_string().await.unwrap_or_default();
    let dates = format!(
        "{} – {}",
        today - Duration::days(3),
        today + Duration::days(25)
    );
    assert!(
        html.contains(&told("evaluation", "recommendation", dates)),
        "{html}"
    );
    let (_, desk) = app.get(&format!("/publicity/campaigns/{campaign}")).await;
    assert!(desk.contains("id=\"notice-not-now\""), "no notice composer");
    let (_, evaluation_page) = app.get(&format!("/evaluation?campaign={campaign}")).await;
    assert!(
        evaluation_page.contains("id=\"evaluation-closed\""),
        "no panel form"
    );

    // Review: the office decides; nominating and recommending are over.
    reach(&app, &world, StageKind::Review).await;
    for id in &at_office[1..] {
        assert_eq!(
            decide_by_api(&app, &office_token, *id, "mark_eligible", "")
                .await
                .0,
            Status::Ok
        );
    }
    assert_eq!(try_nominate(6).await.as_deref(), Some("error-stage"));
    let (status, body) = decide_by_api(&app, &street, pending, "recommend", "").await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let (status, body) = decide_by_api(&app, &office_token, at_office[1], "withdraw", "撤回").await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/evaluation/categories/{}/shortlist", category.id),
            &office_token,
            Some(json!({"nominations": [at_office[1]]})),
        )
        .await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));

    // Evaluation: panels and scores; review decisions are over.
    let judges = pool(&app, 3).await;
    change_categories(&app, &world, |row| {
        row.reviewers_per_nomination = "3".into()
    })
    .await;
    let members: Vec<&laurel::domain::actor::Actor> = judges.iter().collect();
    let panel = volunteer_panel(&app, &world, &members).await;
    let (status, _) = app
        .api(
            "POST",
            &format!("/api/v1/evaluation/panels/{panel}/assign"),
            &office_token,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    let (status, body) =
        decide_by_api(&app, &office_token, at_office[0], "mark_eligible", "").await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    score_everything(&app, &world, &judges, &["探针4", "探针5"]).await;
    assert_eq!(
        reload(&app, at_office[1]).await.status,
        NominationStatus::Assessed
    );

    // Shortlist: scoring, reopening and assigning are over.
    reach(&app, &world, StageKind::Shortlist).await;
    let seat = evaluation::my_assignments(&app.app().db, &judges[0])
        .await
        .expect("mine")
        .remove(0);
    let judge = api_token(&app, "judge0").await;
    let (status, body) = app
        .api(
            "PUT",
            &format!("/api/v1/evaluation/assignments/{}/sheet", seat.id),
            &judge,
            Some(json!({"points": {}, "version": 1})),
        )
        .await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/evaluation/panels/{panel}/assign"),
            &office_token,
            None,
        )
        .await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let (status, _) = app
        .api(
            "POST",
            &format!("/api/v1/evaluation/categories/{}/shortlist", category.id),
            &office_token,
            Some(json!({"nominations": [at_office[1], at_office[2]]})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    let response = app
        .post_form(&format!("/publicity/campaigns/{campaign}/notice"), &[])
        .await;
    assert_eq!(response.status(), Status::Conflict);

    // Notice: objections within the window; the shortlist is fixed.
    reach(&app, &world, StageKind::Notice).await;
    let notice = publish_notice_on(&app, &world, today).await;
    assert_eq!(
        reload(&app, at_office[1]).await.status,
        NominationStatus::OnNotice
    );
    let filed = notices::file_objection(
        app.app(),
        notice.into(),
        &notices::ObjectionInput {
            nominee: at_office[1].to_string(),
            text: "该同志服务时长不实，请核实。".into(),
            filer_name: "张实名".into(),
            filer_unit: "某单位".into(),
            filer_contact: "13712345678".into(),
        },
        None,
        Some("10.0.0.7"),
        today,
    )
    .await
    .expect("filed within the window");
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/evaluation/categories/{}/shortlist", category.id),
            &office_token,
            Some(json!({"nominations": [at_office[1]]})),
        )
        .await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let response = app
        .post_form(&format!("/publicity/campaigns/{campaign}/final-list"), &[])
        .await;
    assert_eq!(response.status(), Status::Conflict);

    // Final list: objections are decided but no longer filed; the notice is no longer
    // composed.
    reach(&app, &world, StageKind::FinalList).await;
    let refused = notices::file_objection(
        app.app(),
        notice.into(),
        &notices::ObjectionInput {
            nominee: at_office[2].to_string(),
            text: "迟到的异议，请核实。".into(),
            filer_name: "李实名".into(),
            filer_unit: "某单位".into(),
            filer_contact: "13712345679".into(),
        },
        None,
        Some("10.0.0.8"),
        today,
    )
    .await
    .expect_err("no objection outside the notice stage");
    assert_eq!(refused.code(), "error-stage");
    let response = app
        .post_form(
            &format!("/publicity/objections/{}/outcome", filed.id),
            &[
                ("version", &filed.version.to_string()),
                ("outcome", "dismissed"),
                ("reason", "经核实，异议不成立。"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "decided in its stage");
    let response = app
        .post_form(&format!("/publicity/campaigns/{campaign}/notice"), &[])
        .await;
    assert_eq!(response.status(), Status::Conflict);
    notices::confirm_final_list(
        &app.app().db,
        &app.app().signer,
        &office,
        campaign.into(),
        &final_list_input(today),
        today + Duration::days(30),
    )
    .await
    .expect("confirmed once the window has closed");

    // Archived: the campaign no longer changes, not even its settings.
    reach(&app, &world, StageKind::Archived).await;
    let form = campaigns::form_of(&app.app().db, &office, campaign.into())
        .await
        .expect("form");
    let (status, body) = app
        .api(
            "PUT",
            &format!("/api/v1/campaigns/{campaign}"),
            &office_token,
            Some(serde_json::to_value(&form).expect("json")),
        )
        .await;
    assert_eq!(
        refused_key(status, &body).as_deref(),
        Some("error-stage"),
        "{status} {body}"
    );
    let (status, body) = decide_by_api(&app, &office_token, at_office[1], "withdraw", "撤回").await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/campaigns/{campaign}/back"),
            &office_token,
            Some(json!({"version": campaign_version(&app, &world).await, "reason": "x"})),
        )
        .await;
    assert_eq!(
        (status, body["stage"].as_str()),
        (Status::Ok, Some("final_list")),
        "back to the final list: nothing happens in the archive"
    );
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/campaigns/{campaign}/back"),
            &office_token,
            Some(json!({"version": campaign_version(&app, &world).await, "reason": "x"})),
        )
        .await;
    assert_eq!(
        refused_key(status, &body).as_deref(),
        Some("stage-back-started"),
        "never back past a confirmed final list"
    );
}
