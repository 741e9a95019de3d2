//! Markup that passes validation, typed into the office's and the clerks' forms (units, users,
//! tokens, the calendar, campaigns and their categories, nominations, the notice, the office's
//! notes and decisions on objections, the final list and its correction), is stored as typed and comes back escaped on every
//! page that shows it, to every role and to the public.

use laurel::domain::{notices, stages::StageKind};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::*;

const MARKUP: &str = "<svg/onload=alert(1)>";
/// Its start as a page shows it: Tera writes `/` as `&#x2F;`, the feed leaves it.
const ESCAPED: &str = "&lt;svg";

/// Reads each page as `who` (signed out when empty): never a server error, never the markup
/// live; returns the pages that do not show it escaped.
async fn escaped_on(app: &TestApp, who: &str, pages: &[String]) -> Vec<String> {
    if who.is_empty() {
        app.logout().await;
    } else {
        app.login(who).await;
    }
    let mut without = Vec::new();
    for page in pages {
        let (status, body) = app.get(page).await;
        assert_eq!(status, Status::Ok, "{who:?} {page}");
        assert!(!body.contains(MARKUP), "{who:?} sees live markup at {page}");
        if !body.contains(ESCAPED) {
            without.push(format!("{who:?} {page}"));
        }
    }
    without
}

#[rocket::async_test]
async fn markup_in_units_users_tokens_campaigns_and_nominations_comes_back_escaped() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let db = &app.app().db;
    app.login("office").await;

    let response = app
        .post_form(
            "/units",
            &[
                ("name", &format!("社区{MARKUP}")),
                ("kind", "community"),
                ("parent_id", &world.street_a.id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid unit");
    let unit = laurel::entity::unit::Entity::find()
        .filter(laurel::entity::unit::Column::Name.contains("svg"))
        .one(db)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(unit.name, format!("社区{MARKUP}"), "stored as typed");
    let response = app
        .post_form(
            "/users",
            &[
                ("username", "clerk_m"),
                ("display_name", &format!("张{MARKUP}")),
                ("role", "recommender"),
                ("unit_id", &unit.id.to_string()),
                ("password", PASSWORD),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid user");
    let clerk = app.actor("clerk_m").await;
    let response = app
        .post_form("/account/tokens", &[("name", &format!("令牌{MARKUP}"))])
        .await;
    assert_eq!(response.status(), Status::Ok, "a valid token");
    let response = app
        .post_form(
            "/publicity/calendar",
            &[
                ("holidays", &format!("2026-10-01 国庆{MARKUP}")),
                ("workdays", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid calendar");

    // A campaign whose title, organizer, description and first category carry markup.
    let mut fields = campaign_fields(app.app());
    for (name, value) in &mut fields {
        match name.as_str() {
            "title" => *value = format!("评选{MARKUP}"),
            "organizer" => *value = format!("文明办{MARKUP}"),
            "description" => *value = format!("征集{MARKUP}"),
            "categories[0].name" => *value = format!("类别{MARKUP}"),
            _ => {}
        }
    }
    let response = app.post_form("/campaigns", &refs(&fields)).await;
    assert_eq!(response.status(), Status::SeeOther, "a valid campaign");
    let campaign = location(&response)
        .trim_start_matches("/campaigns/")
        .to_owned();
    let response = app
        .post_form(
            &format!("/campaigns/{campaign}/advance"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "announced");

    // The new community's clerk nominates in the fixture's campaign, and submits.
    let category = app.category(&world, "volunteer").await.id;
    let mut input = person("丙志愿者", 7);
    input.affiliation = format!("志愿者{MARKUP}");
    input.deeds_summary = format!("简介{MARKUP}");
    input.deeds_full = format!("事迹{MARKUP}");
    let fields: Vec<(String, String)> = serde_json::to_value(&input)
        .expect("json")
        .as_object()
        .expect("fields")
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect();
    app.login("clerk_m").await;
    let response = app
        .post_form(
            &format!(
                "/nominations/?campaign={}&category={category}",
                world.campaign.id
            ),
            &refs(&fields),
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid nomination");
    let nomination = laurel::entity::nomination::Entity::find()
        .filter(laurel::entity::nomination::Column::UnitId.eq(clerk.unit_id))
        .one(db)
        .await
        .expect("read")
        .expect("stored");
    let response = app
        .post_form(
            &format!("/review/{}/submit", nomination.id),
            &[("version", &nomination.version.to_string())],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "submitted");
    let n = nomination.id;

    let office_pages: Vec<String> = vec![
        "/dashboard".into(),
        "/units".into(),
        format!("/units/{}", unit.id),
        "/users".into(),
        format!("/users/{}", clerk.user_id),
        "/account/tokens".into(),
        "/publicity/calendar".into(),
        "/campaigns".into(),
        format!("/campaigns/{campaign}"),
        format!("/campaigns/{campaign}/edit"),
        "/nominations".into(),
        format!("/nominations/{n}"),
        "/audit".into(),
    ];
    let clerk_pages: Vec<String> = vec![
        "/dashboard".into(),
        "/nominations".into(),
        format!("/nominations/{n}"),
    ];
    let street_pages: Vec<String> = vec!["/review/inbox".into(), format!("/nominations/{n}")];
    let public_pages: Vec<String> = vec!["/".into(), format!("/public/campaigns/{campaign}")];
    let mut without = escaped_on(&app, "office", &office_pages).await;
    without.extend(escaped_on(&app, "clerk_m", &clerk_pages).await);
    without.extend(escaped_on(&app, "rec_a", &street_pages).await);
    without.extend(escaped_on(&app, "", &public_pages).await);
    // Every page shows some of it: the unit, the user, the token, the campaign, the category
    // or the nomination.
    assert!(
        without.is_empty(),
        "not shown where it was typed: {without:?}"
    );
}

#[rocket::async_test]
async fn markup_in_the_notice_the_objection_desk_and_the_final_list_comes_back_escaped() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let db = &app.app().db;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    let c = world.campaign.id;
    let desk = format!("/publicity/campaigns/{c}");

    // The notice, through its form, with markup in its title, organ and body.
    app.login("office").await;
    let start = (app.app().config.today() - time::Duration::days(30)).to_string();
    let title = format!("公示{MARKUP}");
    let organ = format!("文明办{MARKUP}");
    let body = format!("公示时间：[start]至[end]。{MARKUP}");
    let mut fields = notice_fields(&start, "5");
    for (name, value) in &mut fields {
        match *name {
            "title" => *value = &title,
            "issuing_organ" => *value = &organ,
            "body" => *value = &body,
            _ => {}
        }
    }
    let response = app.post_form(&format!("{desk}/notice"), &fields).await;
    assert_eq!(response.status(), Status::SeeOther, "a valid notice");
    let draft = laurel::entity::document::Entity::find()
        .one(db)
        .await
        .expect("read")
        .expect("a draft");
    let response = app
        .post_form(
            &format!("{desk}/notice/publish"),
            &[("version", &draft.version.to_string())],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "published");
    let notice = draft.id;

    // An objection; the office's note and its decision, through their forms.
    let filed = notices::file_objection(
        app.app(),
        laurel::domain::ids::DocumentId(notice),
        &objection_input(ids[0]),
        None,
        Some("10.0.0.9"),
        time::Date::parse(&start, &time::format_description::well_known::Iso8601::DATE)
            .expect("a date"),
    )
    .await
    .expect("filed");
    let objection = format!("/publicity/objections/{}", filed.id);
    let response = app
        .post_form(
            &format!("{objection}/notes"),
            &[
                ("note", &format!("已核查{MARKUP}")),
                ("version", &filed.version.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid note");
    let version = laurel::entity::objection::Entity::find_by_id(filed.id)
        .one(db)
        .await
        .expect("read")
        .expect("stored")
        .version;
    let response = app
        .post_form(
            &format!("{objection}/outcome"),
            &[
                ("outcome", "dismissed"),
                ("reason", &format!("不成立{MARKUP}")),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid decision");

    // The final list, through its form.
    reach(&app, &world, StageKind::FinalList).await;
    app.login("office").await;
    let today = app.app().config.today().to_string();
    let response = app
        .post_form(
            &format!("{desk}/final-list"),
            &[
                ("issuing_organ", &format!("文明办{MARKUP}")),
                ("issued_on", &today),
                ("title", &format!("名单{MARKUP}")),
                ("body", &format!("现将名单公布如下。{MARKUP}")),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "confirmed");
    let list = laurel::domain::notices::final_list_of(db, c)
        .await
        .expect("read")
        .expect("a final list");
    // A correction of the list, with markup in its note and in a line's affiliation.
    let honorees = laurel::entity::honoree::Entity::find()
        .all(db)
        .await
        .expect("read");
    let mut fields: Vec<(String, String)> = vec![
        ("replaces".into(), list.id.to_string()),
        ("document.issuing_organ".into(), "文明办".into()),
        ("document.issued_on".into(), today.clone()),
        ("document.title".into(), "名单（更正）".into()),
        ("document.body".into(), "现将更正后的名单公布如下。".into()),
        ("document.change_note".into(), format!("更正单位{MARKUP}")),
    ];
    for (at, h) in honorees.iter().enumerate() {
        let line = |field: &str| format!("entries[{at}].{field}");
        fields.push((line("honoree"), h.id.to_string()));
        fields.push((line("keep"), "true".into()));
        fields.push((line("name"), h.name.clone()));
        fields.push((line("affiliation"), format!("社区{MARKUP}")));
        fields.push((line("position"), (at + 1).to_string()));
    }
    let response = app
        .post_form(&format!("{desk}/final-list/correct"), &refs(&fields))
        .await;
    assert_eq!(response.status(), Status::SeeOther, "corrected");
    let list = laurel::domain::notices::final_list_of(db, c)
        .await
        .expect("read")
        .expect("the corrected list");
    assert_eq!(list.number, 2, "a new version");
    let honoree = honorees[0].id;

    let office_pages: Vec<String> = vec![desk.clone(), objection.clone(), "/audit".into()];
    let public_pages: Vec<String> = vec![
        format!("/notices/{notice}"),
        format!("/lists/{}", list.id),
        format!("/honors/{honoree}"),
        format!("/objections/status?code={}", filed.receipt_code),
        format!("/certificates/{honoree}"),
    ];
    let mut without = escaped_on(&app, "office", &office_pages).await;
    without.extend(escaped_on(&app, "", &public_pages).await);
    // Pages that show none of these fields are read too: never the markup live.
    escaped_on(
        &app,
        "office",
        &[format!("{desk}/objections"), format!("{desk}/final-list")],
    )
    .await;
    escaped_on(&app, "", &["/".into(), "/honors".into()]).await;
    assert!(
        without.is_empty(),
        "not shown where it was typed: {without:?}"
    );
    // The feed is XML: the markup is text there too.
    let (status, feed) = app.get("/feed.atom").await;
    assert_eq!(status, Status::Ok);
    assert!(
        !feed.contains(MARKUP) && feed.contains("名单&lt;svg"),
        "{feed}"
    );
}

#[rocket::async_test]
async fn markup_in_the_reasons_of_decisions_recusals_reopenings_and_going_back_comes_back_escaped()
{
    use laurel::domain::evaluation;
    let app = TestApp::new().await;
    let world = app.world().await;
    let db = &app.app().db;

    // The street declines a nomination of its community, with a reason.
    let community = app.actor("rec_a1").await;
    let declined = submitted(&app, &world, &community, &person("丁志愿者", 3)).await;
    app.login("rec_a").await;
    let response = app
        .post_form(
            &format!("/review/{}/decline", declined.id),
            &[
                ("version", &declined.version.to_string()),
                ("reason", &format!("材料不足{MARKUP}")),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "declined");

    // The office takes a new campaign back a stage, with a reason.
    app.login("office").await;
    let response = app
        .post_form("/campaigns", &refs(&campaign_fields(app.app())))
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a campaign");
    let other = location(&response);
    let response = app
        .post_form(&format!("{other}/advance"), &[("version", "1")])
        .await;
    assert_eq!(response.status(), Status::SeeOther, "announced");
    let response = app
        .post_form(
            &format!("{other}/back"),
            &[("version", "2"), ("reason", &format!("日期有误{MARKUP}"))],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "back a stage");

    // In evaluation: one reviewer recuses with a reason; the office reopens another's sheet.
    let judges = pool(&app, 4).await;
    eligible_named(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    let (panel, _, rubric) = assigned_panel(&app, &world, &judges).await;
    // Six assignments over four reviewers, the load kept even: each has one at least.
    let assignment = evaluation::my_assignments(db, &judges[0])
        .await
        .expect("mine")[0]
        .id;
    app.login(&judges[0].username).await;
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{assignment}/recuse"),
            &[("reason", &format!("曾共事{MARKUP}"))],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "recused");
    score_all(&app, &judges[1..2], &rubric, |_, max| max).await;
    let scored = evaluation::my_assignments(db, &judges[1])
        .await
        .expect("mine")[0]
        .id;
    let sheet = laurel::entity::score_sheet::Entity::find()
        .filter(laurel::entity::score_sheet::Column::AssignmentId.eq(scored))
        .one(db)
        .await
        .expect("read")
        .expect("a sheet");
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/evaluation/sheets/{}/reopen?panel={panel}", sheet.id),
            &[("reason", &format!("分数录错{MARKUP}"))],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "reopened");

    // Each reason in the record, as typed; the declined nomination's to its community.
    let mut without = Vec::new();
    for (action, reason) in [
        ("campaign.back", "日期有误"),
        ("assignment.recuse", "曾共事"),
        ("score.reopen", "分数录错"),
    ] {
        let page = format!("/audit?action={action}");
        without.extend(escaped_on(&app, "office", std::slice::from_ref(&page)).await);
        let (_, audit) = app.get(&page).await;
        assert!(
            audit.contains(&format!("{reason}&lt;svg")),
            "{action}: {reason}"
        );
    }
    without.extend(escaped_on(&app, "rec_a1", &[format!("/nominations/{}", declined.id)]).await);
    assert!(
        without.is_empty(),
        "not shown where it was typed: {without:?}"
    );
}
