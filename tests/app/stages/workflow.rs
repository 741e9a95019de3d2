//! The nomination's state machine across the stages, from eligible to the honor roll: a
//! nomination rejected after eligibility goes no further, and a confirmed final list fixes
//! every sheet and score.

use laurel::{
    domain::{
        evaluation, notices, review,
        stages::{self, StageKind},
        workflow::Transition,
    },
    entity::nomination::NominationStatus,
};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use time::Duration;

use crate::helpers::*;

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
        campaign_version(&app, &world).await,
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
    let (status, body) = decide_by_api(&app, &token, ids[2], "withdraw", "").await;
    assert_eq!(status, Status::UnprocessableEntity, "a reason is required");
    assert_eq!(body["fields"][0]["key"], "error-reason-required");
    let (status, body) = decide_by_api(&app, &token, ids[2], "withdraw", "本人申请撤回").await;
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
    let notice = publish_notice_on(&app, &world, today - Duration::days(30)).await;
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
    publish_notice_on(&app, &world, today - Duration::days(30)).await;
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
    assert!(ranking.contains(&zh("nomination-status-honoree", &[])));
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
        .split(&zh("campaigns-group-finished", &[]))
        .nth(1)
        .unwrap_or_default();
    assert!(finished.contains(&world.campaign.title));
}
