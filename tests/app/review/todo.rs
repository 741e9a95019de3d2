//! Screens that know the stage: each role's to-do block, where a decision sends its decider and
//! what they are told, the reason of a nomination sent back shown above its actions, and an
//! inbox only for units that have units below them.

use laurel::domain::{evaluation, review, stages::StageKind, workflow::Transition};
use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn each_role_sees_what_needs_it_now_on_its_dashboard() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let title = world.campaign.title.clone();
    let today = app.app().config.today();
    let rec_a1 = app.actor("rec_a1").await;
    let category = app.category(&world, "volunteer").await;
    laurel::domain::nominations::create_draft(
        app.app(),
        &rec_a1,
        world.campaign.id.into(),
        category.id.into(),
        &person("草稿人", 1),
    )
    .await
    .expect("draft");
    set_unit_quota(&app, &world, "2").await;
    let sent = submitted(&app, &world, &rec_a1, &person("送审人", 2)).await;
    let scored = submitted(&app, &world, &rec_a1, &person("评分人", 5)).await;

    // The community: its draft, with the days left to submit; no inbox of its own.
    app.login("rec_a1").await;
    let (_, dashboard) = app.get("/dashboard").await;
    assert!(dashboard.contains(&zh(
        "todo-drafts",
        &[("count", "1".into()), ("campaign", title.clone())]
    )));
    let submit_by = today + time::Duration::days(20);
    assert!(dashboard.contains(&zh(
        "todo-days-left",
        &[("count", "20".into()), ("date", submit_by.to_string())]
    )));
    assert!(
        !dashboard.contains("href=\"/review/inbox\""),
        "no inbox below a community"
    );

    // The street: what waits in its inbox, and the places it has left.
    app.login("rec_a").await;
    let (_, dashboard) = app.get("/dashboard").await;
    assert!(dashboard.contains(&zh(
        "todo-inbox",
        &[("count", "2".into()), ("campaign", title.clone())]
    )));
    assert!(
        dashboard.contains(&format!("{} 2/2", category.name)),
        "places left"
    );
    assert!(dashboard.contains("href=\"/review/inbox\""));

    // Both recommended up to the office; one is returned for revision with a reason.
    let mut at_office = Vec::new();
    for mut n in [sent, scored] {
        for who in ["rec_a", "rec_district"] {
            n = review::transition(
                app.app(),
                &app.actor(who).await,
                n.id.into(),
                Transition::Recommend,
                n.version,
                "",
                today,
            )
            .await
            .expect("recommended");
        }
        at_office.push(n);
    }
    let scored = at_office.pop().expect("two");
    let n = at_office.pop().expect("two");
    reach(&app, &world, StageKind::Review).await;
    app.login("office").await;
    let (_, dashboard) = app.get("/dashboard").await;
    assert!(dashboard.contains(&zh(
        "todo-review",
        &[("count", "2".into()), ("campaign", title.clone())]
    )));
    review::transition(
        app.app(),
        &app.actor("office").await,
        n.id.into(),
        Transition::ReturnForRevision,
        n.version,
        "请补充本年度服务时长证明ZQ7",
        today,
    )
    .await
    .expect("returned");
    app.login("rec_a1").await;
    let (_, dashboard) = app.get("/dashboard").await;
    assert!(dashboard.contains(&zh(
        "todo-returned",
        &[("name", "送审人".into()), ("campaign", title.clone())]
    )));
    assert!(
        dashboard.contains("请补充本年度服务时长证明ZQ7"),
        "the reason inline"
    );
    // On the nomination, the reason stands above what the unit can do.
    let (_, page) = app.get(&format!("/nominations/{}", n.id)).await;
    let banner = page.find("id=\"decision-reason\"").expect("a banner");
    let actions = page
        .find(&format!("/review/{}/resubmit", n.id))
        .expect("resubmit offered");
    assert!(banner < actions, "the reason comes first");
    assert!(page[banner..actions].contains("请补充本年度服务时长证明ZQ7"));

    // A reviewer: the sheets still to score, and a way straight to the first.
    review::transition(
        app.app(),
        &app.actor("office").await,
        scored.id.into(),
        Transition::MarkEligible,
        scored.version,
        "",
        today,
    )
    .await
    .expect("eligible");
    let judges = pool(&app, 1).await;
    change_categories(&app, &world, |row| {
        row.reviewers_per_nomination = "1".into()
    })
    .await;
    let panel = volunteer_panel(&app, &world, &[&judges[0]]).await;
    evaluation::auto_assign(&app.app().db, &app.actor("office").await, panel)
        .await
        .expect("assigned");
    let first = evaluation::my_assignments(&app.app().db, &judges[0])
        .await
        .expect("mine")
        .into_iter()
        .find(|a| a.nominee_name == "评分人")
        .expect("assigned to the judge");
    app.login(&judges[0].username).await;
    let (_, dashboard) = app.get("/dashboard").await;
    assert!(dashboard.contains(&zh(
        "todo-score",
        &[("count", "1".into()), ("campaign", title.clone())]
    )));
    assert!(dashboard.contains(&format!("href=\"/evaluation/assignments/{}\"", first.id)));
}

#[rocket::async_test]
async fn a_decision_sends_its_decider_back_to_the_list_told_where_it_went() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let n = submitted(&app, &world, &rec_a1, &person("去向人", 3)).await;
    app.login("rec_a").await;
    let response = app
        .post_form(
            &format!("/review/{}/recommend", n.id),
            &[("version", &n.version.to_string())],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/review/inbox");
    let (_, inbox) = app.get("/review/inbox").await;
    let category = app.category(&world, "volunteer").await;
    let told = zh(
        "flash-decided-recommend",
        &[
            ("name", "去向人".into()),
            ("to", "李沧区".into()),
            ("category", category.name.clone()),
            ("left", "0".into()),
        ],
    );
    assert!(inbox.contains(&told), "{told} in {inbox}");

    // A community submitting goes back to its list, told the nomination is with its street.
    app.login("rec_b1").await;
    let draft = laurel::domain::nominations::create_draft(
        app.app(),
        &app.actor("rec_b1").await,
        world.campaign.id.into(),
        category.id.into(),
        &person("提交人", 4),
    )
    .await
    .expect("draft");
    let response = app
        .post_form(
            &format!("/review/{}/submit", draft.id),
            &[("version", &draft.version.to_string())],
        )
        .await;
    assert_eq!(location(&response), "/nominations");
    let (_, list) = app.get("/nominations").await;
    assert!(list.contains(&zh(
        "flash-decided-submit",
        &[
            ("name", "提交人".into()),
            ("to", world.street_b.name.clone())
        ]
    )));
}

#[rocket::async_test]
async fn the_inbox_groups_by_category_with_its_places_and_deadline_and_decides_in_place() {
    let app = TestApp::new().await;
    let world = app.world().await;
    // A second community under the same street: each sends one, the street has one place.
    let office = app.actor("office").await;
    let community = laurel::domain::units::create_unit(
        &app.app().db,
        &office,
        &laurel::domain::units::UnitInput {
            name: "南山社区".into(),
            kind: "community".into(),
            parent_id: world.street_a.id.to_string(),
        },
    )
    .await
    .expect("community");
    app.add_user("rec_a2", "南山社区推荐人", "recommender", &community)
        .await;
    let first = submitted(&app, &world, &app.actor("rec_a1").await, &person("先来", 6)).await;
    let second = submitted(&app, &world, &app.actor("rec_a2").await, &person("后到", 7)).await;
    let category = app.category(&world, "volunteer").await;
    let places = |used: &str, left: &str| {
        zh(
            "inbox-places",
            &[
                ("used", used.into()),
                ("quota", "1".into()),
                ("left", left.into()),
            ],
        )
    };
    app.login("rec_a").await;
    // Pages escape "/" in texts.
    let read = |html: String| html.replace("&#x2F;", "/");
    let inbox = read(app.get("/review/inbox").await.1);
    let group = inbox
        .split("class=\"card inbox-group\"")
        .nth(1)
        .expect("one group");
    assert!(
        group.contains(&category.name) && group.contains(&places("0", "1")),
        "{group}"
    );
    let deadline = app.app().config.today() + time::Duration::days(23);
    assert!(group.contains(&zh(
        "todo-days-left",
        &[("count", "23".into()), ("date", deadline.to_string())]
    )));
    assert!(
        group.find("先来") < group.find("后到"),
        "longest waiting first"
    );
    for n in [&first, &second] {
        assert!(group.contains(&format!("action=\"/review/{}/recommend\"", n.id)));
        assert!(group.contains(&format!("action=\"/review/{}/decline\"", n.id)));
    }
    // Decided in place: back on the inbox, the places counted again.
    let response = app
        .post_form(
            &format!("/review/{}/recommend", first.id),
            &[("version", &first.version.to_string())],
        )
        .await;
    assert_eq!(location(&response), "/review/inbox");
    let inbox = read(app.get("/review/inbox").await.1);
    assert!(inbox.contains(&places("1", "0")));
    assert!(
        inbox.contains(&zh("inbox-full", &[])),
        "the last place is gone"
    );
    assert!(inbox.contains(" disabled"), "recommending is not offered");
    // The decision page says the same before the street decides.
    let page = read(app.get(&format!("/nominations/{}", second.id)).await.1);
    assert!(page.contains(&zh(
        "decision-places",
        &[
            ("category", category.name.clone()),
            ("used", "1".into()),
            ("quota", "1".into()),
            ("left", "0".into()),
        ]
    )));
}
