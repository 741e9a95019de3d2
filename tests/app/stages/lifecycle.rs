//! One lifecycle: the campaign's stages and the office's moves between them, the gate that
//! binds every action to its stage (through the pages and the API), and the nomination's state
//! machine from eligible to the honor roll.

use laurel::{
    domain::{
        accounts::tokens,
        campaigns, evaluation,
        ids::CampaignId,
        notices, review,
        stages::{self, StageKind},
        workflow::Transition,
    },
    entity::nomination::{self, NominationStatus},
};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use time::Duration;

use crate::helpers::*;

async fn api_token(app: &TestApp, username: &str) -> String {
    let actor = app.actor(username).await;
    tokens::create_token(&app.app().db, &actor, "stages", "", 180)
        .await
        .expect("token")
        .0
}

async fn reload(app: &TestApp, id: uuid::Uuid) -> nomination::Model {
    nomination::Entity::find_by_id(id)
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("exists")
}

async fn version_of(app: &TestApp, world: &World) -> i32 {
    campaigns::get_any(&app.app().db, world.campaign.id.into())
        .await
        .expect("campaign")
        .0
        .version
}

/// A decision through the API.
async fn decide(
    app: &TestApp,
    token: &str,
    id: uuid::Uuid,
    decision: &str,
    reason: &str,
) -> (Status, Value) {
    let version = reload(app, id).await.version;
    app.api(
        "POST",
        &format!("/api/v1/nominations/{id}/decisions"),
        token,
        Some(json!({"decision": decision, "version": version, "reason": reason})),
    )
    .await
}

/// Every reviewer submits every sheet they hold, the first name on `order` scoring highest.
async fn score_everything(
    app: &TestApp,
    world: &World,
    judges: &[laurel::domain::actor::Actor],
    order: &[&str],
) {
    let category = app.category(world, "volunteer").await.id;
    let rubric = evaluation::rubric(&app.app().db, category, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    for judge in judges {
        for mine in evaluation::my_assignments(&app.app().db, judge)
            .await
            .expect("mine")
        {
            let rank = order
                .iter()
                .position(|n| *n == mine.nominee_name)
                .unwrap_or(0);
            let sheet = evaluation::SheetInput {
                points: rubric
                    .iter()
                    .map(|c| {
                        let points = (c.max_points - i32::try_from(rank).unwrap_or(0)).max(0);
                        (c.id.to_string(), points.to_string())
                    })
                    .collect(),
                approve: "yes".into(),
                comment: "同意".into(),
                version: 0,
            };
            evaluation::save_sheet(
                &app.app().db,
                judge,
                mine.id,
                &sheet,
                true,
                laurel::i18n::Lang::ZhCn,
                app.app().config.today(),
            )
            .await
            .expect("scored");
        }
    }
}

/// The fixture's notice, published by the office with its window starting on `start`.
async fn publish(app: &TestApp, world: &World, start: time::Date) -> uuid::Uuid {
    let office = app.actor("office").await;
    let input = notices::DocumentInput {
        issuing_organ: "青岛市李沧区文明办".into(),
        issued_on: start.to_string(),
        title: "拟表彰对象公示".into(),
        body: "公示时间：[start]至[end]。".into(),
        window_starts_on: start.to_string(),
        working_days: "5".into(),
        ..notices::DocumentInput::default()
    };
    let id = CampaignId(world.campaign.id);
    let draft = notices::save_notice(&app.app().db, &office, id, &input)
        .await
        .expect("draft");
    notices::publish_notice(&app.app().db, &app.app().signer, &office, id, draft.version)
        .await
        .expect("published")
        .id
}

fn final_list_input(day: time::Date) -> notices::DocumentInput {
    notices::DocumentInput {
        issuing_organ: "青岛市李沧区文明办".into(),
        issued_on: day.to_string(),
        title: "先进典型名单".into(),
        body: "现将名单公布如下。".into(),
        ..notices::DocumentInput::default()
    }
}

#[rocket::async_test]
async fn a_nomination_rejected_after_eligibility_is_never_ranked_shortlisted_published_or_confirmed()
 {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = app.actor("office").await;
    let today = app.app().config.today();
    let names = ["留用甲", "驳回乙", "撤回丙"];
    let ids = eligible_named(&app, &world, &names).await;
    let judges = pool(&app, 3).await;
    let members: Vec<&laurel::domain::actor::Actor> = judges.iter().collect();
    let panel = volunteer_panel(&app, &world, &members).await;
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    // Nothing is scored yet: the office may still go back to review, with a reason.
    stages::back(
        &app.app().db,
        &office,
        world.campaign.id.into(),
        version_of(&app, &world).await,
        "补充审核一份材料",
    )
    .await
    .expect("back to review");
    assert_eq!(audit_count(app.app(), "campaign.back").await, 1);
    let rejected = review::transition(
        app.app(),
        &office,
        ids[1].into(),
        Transition::Reject,
        reload(&app, ids[1]).await.version,
        "注册志愿者不满三年",
        today,
    )
    .await
    .expect("rejected after it was eligible");
    assert_eq!(rejected.status, NominationStatus::Rejected);
    // Its seats end: no reviewer holds it any more.
    let open_seats = laurel::entity::assignment::Entity::find()
        .filter(laurel::entity::assignment::Column::NominationId.eq(ids[1]))
        .filter(laurel::entity::assignment::Column::EndedAt.is_null())
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(open_seats, 0);

    reach(&app, &world, StageKind::Evaluation).await;
    for judge in &judges {
        let mine = evaluation::my_assignments(&app.app().db, judge)
            .await
            .expect("mine");
        assert!(
            mine.iter().all(|a| a.nominee_name != names[1]),
            "a rejected nomination is nobody's to score"
        );
    }
    score_everything(&app, &world, &judges, &names).await;
    assert_eq!(
        reload(&app, ids[0]).await.status,
        NominationStatus::Assessed
    );
    // Scored, then withdrawn during evaluation (the nominee declines), with the reason.
    let token = api_token(&app, "office").await;
    let (status, body) = decide(&app, &token, ids[2], "withdraw", "").await;
    assert_eq!(status, Status::UnprocessableEntity, "a reason is required");
    assert_eq!(body["fields"][0]["key"], "error-reason-required");
    let (status, body) = decide(&app, &token, ids[2], "withdraw", "本人申请撤回").await;
    assert_eq!(
        (status, body["status"].as_str()),
        (Status::Ok, Some("withdrawn"))
    );
    let history = review::history(&app.app().db, ids[2])
        .await
        .expect("history");
    let last = history.last().expect("an entry");
    assert_eq!(
        (
            last.decision.as_str(),
            last.stage.as_deref(),
            last.reason.as_deref()
        ),
        ("withdraw", Some("evaluation"), Some("本人申请撤回"))
    );

    let category = app.category(&world, "volunteer").await;
    let (_, _, ranking) = evaluation::ranking(
        &app.app().db,
        &office,
        category.id,
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect("ranking");
    let ranked: Vec<&str> = ranking.iter().map(|r| r.nominee_name.as_str()).collect();
    assert_eq!(ranked, [names[0]], "only the one still in evaluation ranks");

    reach(&app, &world, StageKind::Shortlist).await;
    let refused = evaluation::fix_shortlist(
        &app.app().db,
        &office,
        category.id,
        &ids,
        "",
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect_err("the rejected and the withdrawn cannot be shortlisted");
    assert_eq!(refused.code(), "error-invalid");
    evaluation::fix_shortlist(
        &app.app().db,
        &office,
        category.id,
        &ids[..1],
        "",
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect("shortlisted");

    reach(&app, &world, StageKind::Notice).await;
    let notice = publish(&app, &world, today - Duration::days(30)).await;
    let content = notices::published(&app.app().db, notice.into())
        .await
        .expect("published")
        .content
        .unwrap_or_default();
    assert!(content.contains(names[0]));
    assert!(!content.contains(names[1]) && !content.contains(names[2]));
    assert_eq!(
        reload(&app, ids[0]).await.status,
        NominationStatus::OnNotice
    );

    reach(&app, &world, StageKind::FinalList).await;
    notices::confirm_final_list(
        &app.app().db,
        &app.app().signer,
        &office,
        world.campaign.id.into(),
        &final_list_input(today),
        today,
    )
    .await
    .expect("confirmed");
    let honored: Vec<String> = laurel::entity::honoree::Entity::find()
        .all(&app.app().db)
        .await
        .expect("honorees")
        .into_iter()
        .map(|h| h.name)
        .collect();
    assert_eq!(honored, [names[0]]);
    let statuses = [
        reload(&app, ids[0]).await.status,
        reload(&app, ids[1]).await.status,
        reload(&app, ids[2]).await.status,
    ];
    assert_eq!(
        statuses,
        [
            NominationStatus::Honoree,
            NominationStatus::Rejected,
            NominationStatus::Withdrawn
        ]
    );
}

#[rocket::async_test]
async fn once_the_final_list_is_confirmed_no_sheet_reopens_and_no_score_changes() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = app.actor("office").await;
    let today = app.app().config.today();
    shortlisted(&app, &world, &["甲志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    publish(&app, &world, today - Duration::days(30)).await;
    reach(&app, &world, StageKind::FinalList).await;
    notices::confirm_final_list(
        &app.app().db,
        &app.app().signer,
        &office,
        world.campaign.id.into(),
        &final_list_input(today),
        today,
    )
    .await
    .expect("confirmed");

    let judge = app.actor("judge0").await;
    let seat = evaluation::my_assignments(&app.app().db, &judge)
        .await
        .expect("mine")
        .remove(0);
    assert!(
        !seat.in_evaluation,
        "the reviewer's list says scoring is over"
    );
    let sheet = laurel::entity::score_sheet::Entity::find()
        .filter(laurel::entity::score_sheet::Column::AssignmentId.eq(seat.id))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("a sheet");
    let refused = evaluation::reopen_sheet(&app.app().db, &office, sheet.id, "重新评分")
        .await
        .expect_err("no reopening after the final list");
    assert_eq!(refused.code(), "error-stage");
    // Through the API a reviewer cannot score again either.
    let token = api_token(&app, "judge0").await;
    let (status, body) = app
        .api(
            "PUT",
            &format!("/api/v1/evaluation/assignments/{}/sheet", seat.id),
            &token,
            Some(json!({"points": {}, "approve": true, "version": sheet.version, "submit": true})),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Conflict, Some("error-stage"))
    );
    // The pages offer neither: the panel shows no reopen form, the ranking no shortlist form,
    // and the honoree shows as such.
    app.login("office").await;
    let category = app.category(&world, "volunteer").await;
    let (_, ranking) = app
        .get(&format!("/evaluation/categories/{}/ranking", category.id))
        .await;
    assert!(!ranking.contains("/shortlist\""), "no shortlist form");
    assert!(ranking.contains("id=\"shortlist-closed\""));
    assert!(ranking.contains(&laurel::i18n::t(
        laurel::i18n::Lang::ZhCn,
        "nomination-status-honoree"
    )));
    let panel = evaluation::panels_of(&app.app().db, &office, world.campaign.id.into())
        .await
        .expect("panels")
        .remove(0);
    let (_, panel_page) = app.get(&format!("/evaluation/panels/{}", panel.id)).await;
    assert!(!panel_page.contains("/reopen?"), "no reopen form");
    assert!(!panel_page.contains("/assign\""), "no assignment");
    assert!(panel_page.contains("id=\"evaluation-closed\""));
    // The campaign ends archived, and grouped as finished.
    reach(&app, &world, StageKind::Archived).await;
    let (_, listed) = app.get("/campaigns").await;
    let finished = listed
        .split(&laurel::i18n::t(
            laurel::i18n::Lang::ZhCn,
            "campaigns-group-finished",
        ))
        .nth(1)
        .unwrap_or_default();
    assert!(finished.contains(&world.campaign.title));
}

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
        laurel::i18n::translate(
            laurel::i18n::Lang::ZhCn,
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
        version_of(&app, &world).await,
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
                decide(&app, &token, id, "recommend", "").await.0,
                Status::Ok
            );
        }
        at_office.push(id);
    }
    let (status, body) = decide(&app, &office_token, at_office[0], "mark_eligible", "").await;
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
            decide(&app, &office_token, *id, "mark_eligible", "")
                .await
                .0,
            Status::Ok
        );
    }
    assert_eq!(try_nominate(6).await.as_deref(), Some("error-stage"));
    let (status, body) = decide(&app, &street, pending, "recommend", "").await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let (status, body) = decide(&app, &office_token, at_office[1], "withdraw", "撤回").await;
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
    let (status, body) = decide(&app, &office_token, at_office[0], "mark_eligible", "").await;
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
    let notice = publish(&app, &world, today).await;
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
    let (status, body) = decide(&app, &office_token, at_office[1], "withdraw", "撤回").await;
    assert_eq!(refused_key(status, &body).as_deref(), Some("error-stage"));
    let (status, body) = app
        .api(
            "POST",
            &format!("/api/v1/campaigns/{campaign}/back"),
            &office_token,
            Some(json!({"version": version_of(&app, &world).await, "reason": "x"})),
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
            Some(json!({"version": version_of(&app, &world).await, "reason": "x"})),
        )
        .await;
    assert_eq!(
        refused_key(status, &body).as_deref(),
        Some("stage-back-started"),
        "never back past a confirmed final list"
    );
}

#[rocket::async_test]
async fn the_office_moves_on_only_with_what_the_next_stage_needs_and_sees_what_is_left_open() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    submitted(&app, &world, &rec_a1, &person("待推荐", 1)).await;
    app.login("office").await;
    let (_, confirm) = app
        .get(&format!("/campaigns/{}/advance", world.campaign.id))
        .await;
    let open = laurel::i18n::translate(
        laurel::i18n::Lang::ZhCn,
        "stage-open-pending",
        &[("count", "1".into())],
    );
    assert!(
        confirm.contains(&open),
        "one waits with its street: {confirm}"
    );
    // A submission happened: going back to the call would leave it behind.
    let response = app
        .post_form(
            &format!("/campaigns/{}/back", world.campaign.id),
            &[
                ("version", &version_of(&app, &world).await.to_string()),
                ("reason", "重新宣传"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    // Without a reason, going back is answered at the field.
    reach(&app, &world, StageKind::Shortlist).await;
    let response = app
        .post_form(
            &format!("/campaigns/{}/back", world.campaign.id),
            &[("version", &version_of(&app, &world).await.to_string())],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("id=\"e-reason\"")
    );
    // Nothing is shortlisted: the notice cannot start.
    let (_, confirm) = app
        .get(&format!("/campaigns/{}/advance", world.campaign.id))
        .await;
    assert!(confirm.contains(&laurel::i18n::t(
        laurel::i18n::Lang::ZhCn,
        "stage-blocked-shortlist"
    )));
    assert!(
        !confirm.contains(&format!(
            "action=\"/campaigns/{}/advance\"",
            world.campaign.id
        )),
        "no confirm button while blocked"
    );
    let response = app
        .post_form(
            &format!("/campaigns/{}/advance", world.campaign.id),
            &[("version", &version_of(&app, &world).await.to_string())],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    let (campaign, _) = campaigns::get_any(&app.app().db, world.campaign.id.into())
        .await
        .expect("campaign");
    assert_eq!(campaign.stage, StageKind::Shortlist);
    // A stale page's move is refused: two clicks move the campaign once.
    let response = app
        .post_form(
            &format!("/campaigns/{}/back", world.campaign.id),
            &[("version", "1"), ("reason", "旧页面")],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
}

#[rocket::async_test]
async fn the_migration_carries_a_finished_campaign_into_its_stages_unchanged() {
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app())
        .await
        .expect("demo loads");
    let db = &app.app().db;
    let past = laurel::entity::campaign::Entity::find()
        .filter(laurel::entity::campaign::Column::Year.eq(2022))
        .one(db)
        .await
        .expect("query")
        .expect("the 2022 campaign");
    let list = notices::final_list_of(db, past.id)
        .await
        .expect("query")
        .expect("its final list");
    let statuses = async || {
        let mut all: Vec<(String, NominationStatus)> = nomination::Entity::find()
            .all(db)
            .await
            .expect("rows")
            .into_iter()
            .map(|n| (n.nominee_name, n.status))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    let before = statuses().await;
    let life_before = stages::load(db, &past).await.expect("stages");
    // Back to the schema before stages (the down migration), then up again: what an upgrade
    // of a database from before stages does.
    migrate_down_to_before(db, "m20260101_000020_stages").await;
    use migration::MigratorTrait;
    migration::Migrator::up(db, None).await.expect("up");
    let past_after = laurel::entity::campaign::Entity::find_by_id(past.id)
        .one(db)
        .await
        .expect("query")
        .expect("still there");
    assert_eq!(past_after.stage, StageKind::Archived);
    // The demo's campaigns in progress have other titles; this year's is the one open today.
    let current = laurel::entity::campaign::Entity::find()
        .filter(laurel::entity::campaign::Column::Year.ne(2022))
        .filter(laurel::entity::campaign::Column::Title.ends_with("年度学雷锋志愿服务先进典型"))
        .one(db)
        .await
        .expect("query")
        .expect("this year's");
    assert_eq!(current.stage, StageKind::Recommendation);
    assert_eq!(statuses().await, before, "every nomination keeps its state");
    let life_after = stages::load(db, &past_after).await.expect("stages");
    assert_eq!(life_after, life_before, "the same stages and dates");
    let after = notices::final_list_of(db, past.id)
        .await
        .expect("query")
        .expect("its final list");
    assert_eq!(
        (after.digest, after.content),
        (list.digest, list.content),
        "the published list is untouched"
    );
}

#[rocket::async_test]
async fn a_campaign_edited_after_its_notice_keeps_the_dates_that_happened() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = app.actor("office").await;
    let today = app.app().config.today();
    shortlisted(&app, &world, &["甲志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    // Published today: earlier than the review deadline the plan had (day 30).
    publish(&app, &world, today).await;
    let mut form = campaigns::form_of(&app.app().db, &office, world.campaign.id.into())
        .await
        .expect("form");
    assert_eq!(
        form.notice_starts_on,
        today.to_string(),
        "the window as published"
    );
    form.title = "2026年度学雷锋志愿服务先进典型（更名）".into();
    campaigns::update_campaign(
        &app.app().db,
        &office,
        world.campaign.id.into(),
        &form,
        today,
    )
    .await
    .expect("what happened is not checked against the plan");
    // A stage ahead still follows the one before it.
    let mut form = campaigns::form_of(&app.app().db, &office, world.campaign.id.into())
        .await
        .expect("form");
    form.announced_on = (today - Duration::days(1)).to_string();
    match campaigns::update_campaign(
        &app.app().db,
        &office,
        world.campaign.id.into(),
        &form,
        today,
    )
    .await
    {
        Err(laurel::error::AppError::Invalid(errors)) => {
            assert_eq!(errors.0[0].field, "announced_on");
            assert_eq!(errors.0[0].key, "error-timeline-order");
        }
        other => panic!("{other:?}"),
    }
}

#[rocket::async_test]
async fn the_demo_has_a_campaign_in_each_stage_a_new_user_should_see() {
    use laurel::{
        domain::stages::gate::{self, Action},
        entity::{campaign, objection, unit},
        i18n::{Lang, translate},
    };
    let app = TestApp::new().await;
    let report = laurel::domain::demo::load(app.app())
        .await
        .expect("demo loads");
    let db = &app.app().db;
    let today = app.app().config.today();
    let all = campaign::Entity::find().all(db).await.expect("campaigns");
    assert_eq!(all.len(), report.campaigns);
    let in_stage = |kind: StageKind| -> campaign::Model {
        let found: Vec<&campaign::Model> = all.iter().filter(|c| c.stage == kind).collect();
        assert_eq!(found.len(), 1, "one campaign in {kind:?}");
        found[0].clone()
    };
    let statuses = async |c: &campaign::Model| -> Vec<(String, NominationStatus)> {
        nomination::Entity::find()
            .filter(nomination::Column::CampaignId.eq(c.id))
            .all(db)
            .await
            .expect("nominations")
            .into_iter()
            .map(|n| (n.nominee_name, n.status))
            .collect()
    };
    let count = |rows: &[(String, NominationStatus)], status| {
        rows.iter().filter(|(_, s)| *s == status).count()
    };
    // What the office is told is still open before it moves a campaign on, as it reads it.
    let password = &report
        .users
        .iter()
        .find(|(name, ..)| name == "office")
        .expect("office")
        .3;
    let response = app
        .post_form(
            "/login",
            &[("username", "office"), ("password", password), ("next", "")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let open_items = async |c: &campaign::Model| -> String {
        let (status, page) = app.get(&format!("/campaigns/{}/advance", c.id)).await;
        assert_eq!(status, Status::Ok, "{}", c.title);
        page
    };
    let item = |key: &str, count: u64| translate(Lang::ZhCn, key, &[("count", count.to_string())]);

    // The 2022 campaign, archived with its final list; the only honorees of the roll.
    let past = in_stage(StageKind::Archived);
    assert_eq!(past.year, 2022);
    assert!(
        notices::final_list_of(db, past.id)
            .await
            .expect("query")
            .is_some()
    );
    let roll = laurel::entity::honoree::Entity::find()
        .count(db)
        .await
        .expect("count");
    assert_eq!(roll, 11, "no campaign in progress adds to the honor roll");

    // This year's campaign: two drafts, one waiting in 九水街道's inbox.
    let current = in_stage(StageKind::Recommendation);
    let rows = statuses(&current).await;
    assert_eq!(count(&rows, NominationStatus::Draft), 2);
    assert_eq!(count(&rows, NominationStatus::Pending), 1);
    let jiushui = app.actor("jiushui").await;
    assert_eq!(review::waiting_count(db, &jiushui).await.expect("count"), 1);
    let waiting = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(current.id))
        .filter(nomination::Column::Status.eq(NominationStatus::Pending))
        .one(db)
        .await
        .expect("query")
        .expect("the one waiting");
    let street = unit::Entity::find_by_id(waiting.level_unit_id.expect("held"))
        .one(db)
        .await
        .expect("query")
        .expect("unit");
    assert_eq!(street.name, "九水街道");

    // In review: one found eligible, one waiting at the office, one returned with its reason.
    let in_review = in_stage(StageKind::Review);
    let rows = statuses(&in_review).await;
    assert_eq!(count(&rows, NominationStatus::Eligible), 1);
    assert_eq!(count(&rows, NominationStatus::AtOffice), 1);
    assert_eq!(count(&rows, NominationStatus::Returned), 1);
    let office = app.actor("office").await;
    assert_eq!(review::waiting_count(db, &office).await.expect("count"), 1);
    let returned = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(in_review.id))
        .filter(nomination::Column::Status.eq(NominationStatus::Returned))
        .one(db)
        .await
        .expect("query")
        .expect("the returned one");
    assert_eq!(returned.nominee_name, "赵丽华");
    let history = review::history(db, returned.id).await.expect("history");
    let last = history.last().expect("decisions");
    assert_eq!(last.decision, Transition::ReturnForRevision.name());
    assert!(
        last.reason
            .as_deref()
            .is_some_and(|r| r.contains("证明材料"))
    );
    let life = stages::load(db, &in_review).await.expect("stages");
    assert!(gate::allows(&life, Action::Review, None, today));
    assert!(gate::allows(&life, Action::Resubmit, None, today));
    let page = open_items(&in_review).await;
    assert!(page.contains(&item("stage-open-at-office", 1)), "{page}");
    assert!(page.contains(&item("stage-open-returned", 1)), "{page}");

    // In evaluation: a panel of five, three of whom have submitted, one has drafts, one has
    // not started; so nothing is fully scored yet.
    let in_evaluation = in_stage(StageKind::Evaluation);
    let panels = evaluation::panels_of(db, &office, CampaignId(in_evaluation.id))
        .await
        .expect("panels");
    assert_eq!(panels.len(), 1);
    let mut sheets = Vec::new();
    for expert in ["expert1", "expert2", "expert3", "expert4", "expert5"] {
        let mine: Vec<Option<String>> = evaluation::my_assignments(db, &app.actor(expert).await)
            .await
            .expect("assignments")
            .into_iter()
            .filter(|a| a.campaign_title == in_evaluation.title)
            .inspect(|a| assert!(a.in_evaluation))
            .map(|a| a.sheet_status)
            .collect();
        assert_eq!(mine.len(), 3, "{expert} judges every nomination");
        sheets.push(mine[0].clone());
        assert!(mine.iter().all(|s| *s == mine[0]), "{expert}");
    }
    let submitted = Some("submitted".to_owned());
    assert_eq!(
        sheets,
        [
            submitted.clone(),
            submitted.clone(),
            submitted,
            Some("draft".to_owned()),
            None
        ]
    );
    let rows = statuses(&in_evaluation).await;
    assert_eq!(count(&rows, NominationStatus::Eligible), 3);
    let life = stages::load(db, &in_evaluation).await.expect("stages");
    assert!(gate::allows(&life, Action::Score, None, today));
    let page = open_items(&in_evaluation).await;
    assert!(page.contains(&item("stage-open-unscored", 3)), "{page}");

    // On notice: the window is open today, objections are taken, and one waits for a decision.
    let on_notice = in_stage(StageKind::Notice);
    let rows = statuses(&on_notice).await;
    assert_eq!(count(&rows, NominationStatus::OnNotice), 3);
    let notice = notices::published_of(db, on_notice.id)
        .await
        .expect("documents")
        .into_iter()
        .next()
        .expect("a published notice");
    assert!(notices::window_open(&notice, today));
    let life = stages::load(db, &on_notice).await.expect("stages");
    assert!(gate::allows(&life, Action::FileObjection, None, today));
    let open = objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(on_notice.id))
        .filter(objection::Column::Status.eq(objection::ObjectionStatus::Received))
        .count(db)
        .await
        .expect("count");
    assert_eq!(open, 1);
    let page = open_items(&on_notice).await;
    assert!(page.contains(&item("stage-open-objections", 1)), "{page}");
    app.logout().await;
    let (status, public) = app.get(&format!("/notices/{}", notice.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(public.contains(&format!("/notices/{}/objection", notice.id)));
    let (status, form) = app.get(&format!("/notices/{}/objection", notice.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(form.contains(&translate(Lang::ZhCn, "objection-submit", &[])));
    assert!(!form.contains(&translate(Lang::ZhCn, "objection-closed", &[])));

    // Waiting for its final list: the window has closed, the objection was decided, and the
    // office may confirm the list today.
    let final_list = in_stage(StageKind::FinalList);
    let rows = statuses(&final_list).await;
    assert_eq!(count(&rows, NominationStatus::OnNotice), 2);
    assert!(
        notices::final_list_of(db, final_list.id)
            .await
            .expect("query")
            .is_none()
    );
    notices::check_confirmable(db, final_list.id, today)
        .await
        .expect("the office may confirm the final list");
    let decided = objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(final_list.id))
        .filter(objection::Column::Status.eq(objection::ObjectionStatus::Dismissed))
        .count(db)
        .await
        .expect("count");
    assert_eq!(decided, 1);
}
