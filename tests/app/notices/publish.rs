//! Publishing the notice: validation at the field, an immutable, verifiable document whose
//! corrections are new versions, a window counted in working days on the office's calendar, the
//! notice's phases (objections only within the window, then the final list), and the home page
//! that says where each campaign stands.
use laurel::{
    domain::{
        ids::{CampaignId, DocumentId},
        notices,
        stages::StageKind,
    },
    entity::document,
};
use rocket::http::{Header, Status};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use time::Duration;

use crate::helpers::*;

/// The digest a published document's page shows.
fn digest_on(html: &str) -> String {
    texts(html, "<code class=\"digest\">", "</code>").remove(0)
}

#[rocket::async_test]
async fn a_published_notice_is_immutable_verifiable_and_corrected_by_a_new_version() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    app.login("office").await;
    let desk = format!("/publicity/campaigns/{}", world.campaign.id);
    let (status, page) = app.get(&desk).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("甲志愿者") && page.contains("乙志愿者"));

    // Bad input is answered at the field, in the user's language.
    let mut bad = notice_fields("2026-13-01", "0");
    bad.retain(|(k, _)| *k != "title");
    let response = app.post_form(&format!("{desk}/notice"), &bad).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().await.unwrap_or_default();
    for field in ["e-title", "e-window_starts_on", "e-working_days"] {
        assert!(html.contains(&format!("id=\"{field}\"")), "{field} flagged");
    }

    let today = app.app().config.today();
    let start = today.to_string();
    let response = app
        .post_form(&format!("{desk}/notice"), &notice_fields(&start, "5"))
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let draft = document::Entity::find()
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("a draft");
    let response = app
        .post_form(
            &format!("{desk}/notice/publish"),
            &[("version", &draft.version.to_string())],
        )
        .await;
    // Back to the desk, with the message.
    assert_redirect_to(&response, &desk);
    let (_, page) = app.get(&desk).await;
    assert!(
        page.contains(&zh("flash-notice-published", &[]))
            && page.contains(&format!("/notices/{}", draft.id))
    );
    let first = notices::published(&app.app().db, DocumentId(draft.id))
        .await
        .expect("published");
    let end = first.window_ends_on.expect("an end");
    assert!(end >= today + Duration::days(4) && end <= today + Duration::days(8));

    // Everyone reads it; the digest on the page is the SHA-256 of the JSON download.
    app.logout().await;
    let path = format!("/notices/{}", first.id);
    let response = app.client.get(path.clone()).dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let etag = response
        .headers()
        .get_one("ETag")
        .expect("a strong validator")
        .to_owned();
    assert!(etag.starts_with('"'), "strong, not weak: {etag}");
    assert!(response.headers().get_one("Set-Cookie").is_none());
    let html = response.into_string().await.unwrap_or_default();
    assert!(
        html.contains(&format!("公示时间：{start}至{end}")),
        "placeholders filled"
    );
    assert_eq!(
        sections(&html),
        vec![(
            zh("category-volunteer", &[]),
            vec![
                "甲志愿者 社区志愿者".to_owned(),
                "乙志愿者 社区志愿者".to_owned()
            ]
        )]
    );
    let digest = digest_on(&html);
    let json = app
        .client
        .get(format!("{path}/json"))
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("json");
    assert_eq!(laurel::pii::sha256_hex(&json), digest);
    assert_eq!(Some(digest.clone()), first.digest);
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    assert_eq!(parsed["window"]["ends_on"], end.to_string());
    let not_modified = app
        .client
        .get(path.clone())
        .header(Header::new("If-None-Match", etag.clone()))
        .dispatch()
        .await;
    assert_eq!(not_modified.status(), Status::NotModified);

    // A page an earlier release of the templates stored is neither served nor kept.
    {
        use sea_orm::ActiveValue::Set;
        laurel::entity::document_page::Entity::insert(laurel::entity::document_page::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            document_id: Set(first.id),
            lang: Set("en:an-older-release".into()),
            html: Set("stale".into()),
            etag: Set("\"stale\"".into()),
            rendered_at: Set(laurel::domain::now()),
        })
        .exec(&app.app().db)
        .await
        .expect("an old rendering");
    }
    let english = app
        .client
        .get(path.clone())
        .header(Header::new("Accept-Language", "en"))
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap_or_default();
    assert!(english.contains("Verify this document") && !english.contains("stale"));
    let kept: Vec<String> = laurel::entity::document_page::Entity::find()
        .filter(laurel::entity::document_page::Column::DocumentId.eq(first.id))
        .all(&app.app().db)
        .await
        .expect("pages")
        .into_iter()
        .map(|p| p.lang)
        .collect();
    assert!(!kept.iter().any(|l| l.contains("older")), "{kept:?}");

    // A second save is a correction: it needs a note, and publishing it leaves the first as it was.
    app.login("office").await;
    let response = app
        .post_form(&format!("{desk}/notice"), &notice_fields(&start, "5"))
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("id=\"e-change_note\"")
    );
    let mut fields = notice_fields(&start, "5");
    fields.push(("change_note", "更正文号"));
    assert_eq!(
        app.post_form(&format!("{desk}/notice"), &fields)
            .await
            .status(),
        Status::SeeOther
    );
    let correction = document::Entity::find()
        .filter(document::Column::Number.eq(2))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("the correction's draft");
    app.post_form(
        &format!("{desk}/notice/publish"),
        &[("version", &correction.version.to_string())],
    )
    .await;
    app.logout().await;
    let (_, new_page) = app.get(&format!("/notices/{}", correction.id)).await;
    assert!(new_page.contains("更正文号"));
    assert!(
        new_page.contains(&format!("/notices/{}", first.id)),
        "links to the old one: {new_page}"
    );
    let (status, old_page) = app.get(&path).await;
    assert_eq!(status, Status::Ok, "the old version stays readable");
    assert!(
        old_page.contains(&format!("/notices/{}", correction.id)),
        "and points on"
    );
    assert_eq!(digest_on(&old_page), digest, "its content did not change");
    let again = app
        .client
        .get(format!("{path}/json"))
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("json");
    assert_eq!(again, json, "byte for byte");
    // The shortlist on notice is fixed: only an upheld objection takes someone off it.
    let category = app.category(&world, "volunteer").await;
    let refused = laurel::domain::evaluation::fix_shortlist(
        &app.app().db,
        &app.actor("office").await,
        category.id,
        &ids[..1],
        "只留一人",
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect_err("refused on notice");
    assert_eq!(refused.code(), "error-stage");
}

#[rocket::async_test]
async fn the_window_counts_working_days_on_the_offices_calendar() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    app.login("office").await;
    let response = app
        .post_form(
            "/publicity/calendar",
            &[("holidays", "国庆节\n"), ("workdays", "")],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("id=\"e-holidays\"")
    );
    // 2024: 1–7 October off; Sunday 29 September and Saturday 12 October worked.
    let holidays = (1..=7)
        .map(|d| format!("2024-10-0{d} 国庆节"))
        .collect::<Vec<_>>()
        .join("\n");
    let response = app
        .post_form(
            "/publicity/calendar",
            &[
                ("holidays", &holidays),
                ("workdays", "2024-09-29 调休\n2024-10-12 调休"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let desk = format!("/publicity/campaigns/{}", world.campaign.id);
    // From Friday 27 September: 27, Sun 29, Mon 30, then 8 and 9 October.
    app.post_form(&format!("{desk}/notice"), &notice_fields("2024-09-27", "5"))
        .await;
    let (_, page) = app.get(&desk).await;
    let shown = texts(&page, "<p class=\"help\" id=\"window-end\">", "</p>");
    assert!(shown[0].contains("2024-10-09"), "{shown:?}");
    // Ten run on over the make-up Saturday: 10, 11, Sat 12, 14 and 15 October.
    app.post_form(
        &format!("{desk}/notice"),
        &[
            vec![("version", "1")],
            notice_fields("2024-09-27", "10")[1..].to_vec(),
        ]
        .concat(),
    )
    .await;
    let (_, page) = app.get(&desk).await;
    let shown = texts(&page, "<p class=\"help\" id=\"window-end\">", "</p>");
    assert!(shown[0].contains("2024-10-15"), "{shown:?}");
}

#[rocket::async_test]
async fn a_notice_offers_objections_only_within_its_window_and_then_points_to_the_list() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    let today = app.app().config.today();
    let upcoming = publish_notice(&app, &world, &(today + Duration::days(40)).to_string()).await;
    let (_, page) = app.get(&format!("/notices/{upcoming}")).await;
    assert!(
        !page.contains(&format!("/notices/{upcoming}/objection")),
        "not yet"
    );
    let starts = notices::published(&app.app().db, upcoming.into())
        .await
        .expect("published")
        .window_starts_on
        .expect("a window");
    assert!(page.contains(&zh(
        "notice-phase-upcoming",
        &[("start", starts.to_string())]
    )));

    // A correction moves the window into the past: its page takes no objection.
    let office = app.actor("office").await;
    let start = today - Duration::days(30);
    let id = CampaignId(world.campaign.id);
    let draft = notices::save_notice(
        &app.app().db,
        &office,
        id,
        &notices::DocumentInput {
            issuing_organ: "青岛市李沧区文明办".into(),
            issued_on: start.to_string(),
            title: "拟表彰对象公示".into(),
            body: "公示时间：[start]至[end]。".into(),
            window_starts_on: start.to_string(),
            working_days: "5".into(),
            change_note: "更正公示时间".into(),
            ..notices::DocumentInput::default()
        },
    )
    .await
    .expect("a correction");
    let closed =
        notices::publish_notice(&app.app().db, &app.app().signer, &office, id, draft.version)
            .await
            .expect("published");
    let (_, page) = app.get(&format!("/notices/{}", closed.id)).await;
    assert!(!page.contains(&format!("/notices/{}/objection", closed.id)));
    let ends = closed.window_ends_on.expect("an end");
    assert!(page.contains(&zh("notice-phase-closed", &[("end", ends.to_string())])));

    // Once the list is confirmed, the closed notice points to it.
    reach(&app, &world, StageKind::FinalList).await;
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/publicity/campaigns/{}/final-list", world.campaign.id),
            &[
                ("issuing_organ", "青岛市李沧区文明办"),
                ("issued_on", &today.to_string()),
                ("title", "先进典型名单"),
                ("body", "现将名单公布如下。"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let list = notices::final_list_of(&app.app().db, world.campaign.id)
        .await
        .expect("query")
        .expect("the list");
    let (_, page) = app.get(&format!("/notices/{}", closed.id)).await;
    assert!(
        page.contains(&format!("href=\"/lists/{}\"", list.id)),
        "{page}"
    );
}

#[rocket::async_test]
async fn the_home_page_says_where_each_campaign_stands_and_lists_the_bulletins() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    let today = app.app().config.today();
    let notice = publish_notice(&app, &world, &today.to_string()).await;
    let doc = notices::published(&app.app().db, notice.into())
        .await
        .expect("published");
    let end = doc.window_ends_on.expect("an end");
    let left = laurel::domain::notices::Calendar::default().working_days_between(today, end);
    app.logout().await;
    let (_, home) = app.get("/").await;
    let line = zh(
        "home-notice-open",
        &[("count", left.to_string()), ("date", end.to_string())],
    );
    assert!(home.contains(&line), "{line}");
    let bulletins = home
        .split("id=\"bulletins\"")
        .nth(1)
        .expect("the bulletins");
    assert!(bulletins.contains(&format!("href=\"/notices/{notice}\"")));
    assert!(bulletins.contains(&doc.title));
}
