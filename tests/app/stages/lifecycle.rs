//! The campaign's stages: the office moves on only with what the next stage needs, the dates
//! that happened stay, a finished campaign migrates into its stages unchanged, and the demo has
//! a campaign in each stage.

use laurel::{
    domain::{
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
use time::Duration;

use crate::helpers::*;

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
    let open = zh("stage-open-pending", &[("count", "1".into())]);
    assert!(
        confirm.contains(&open),
        "one waits with its street: {confirm}"
    );
    // A submission happened: going back to the call would leave it behind.
    let response = app
        .post_form(
            &format!("/campaigns/{}/back", world.campaign.id),
            &[
                ("version", &campaign_version(&app, &world).await.to_string()),
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
            &[("version", &campaign_version(&app, &world).await.to_string())],
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
    assert!(confirm.contains(&zh("stage-blocked-shortlist", &[])));
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
            &[("version", &campaign_version(&app, &world).await.to_string())],
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
    publish_notice_on(&app, &world, today).await;
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
    let item = |key: &str, count: u64| zh(key, &[("count", count.to_string())]);

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
    assert!(form.contains(&zh("objection-submit", &[])));
    assert!(!form.contains(&zh("objection-closed", &[])));

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
