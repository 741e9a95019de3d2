//! Nomination intake: drafts, validation at the field, submission, attachments, and who may
//! see what.

use rocket::http::Status;

use crate::helpers::*;

/// A valid ID number (GB 11643) for someone born 1980-05-17.
fn id_number() -> String {
    laurel::domain::values::IdNumber::with_check_digit("37021319800517123").expect("17 digits")
}

fn person_fields(id_number: &str) -> Vec<(&'static str, String)> {
    vec![
        ("nominee_name", "任均山".into()),
        ("affiliation", "青岛市李沧区任均山便民志愿服务岗队长".into()),
        ("gender", "male".into()),
        ("birth_date", "1980-05-17".into()),
        ("phone", "13863901234".into()),
        ("id_number", id_number.into()),
        ("volunteer_hours", "320".into()),
        ("founded_on", String::new()),
        ("member_count", String::new()),
        ("contact_name", String::new()),
        (
            "deeds_summary",
            "十年如一日为居民义务理发、修理小家电。".into(),
        ),
        (
            "deeds_full",
            "详细事迹：组建便民志愿服务岗，累计服务群众上万人次。".into(),
        ),
        ("version", "0".into()),
    ]
}

fn refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

struct Draft {
    path: String,
}

impl Draft {
    /// Where decisions on it are posted.
    fn review_path(&self) -> String {
        self.path.replace("/nominations/", "/review/")
    }
}

async fn create_person_draft(app: &TestApp, world: &World) -> Draft {
    let category =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = category
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer category");
    let path = format!(
        "/nominations?campaign={}&category={}",
        world.campaign.id, person.id
    );
    let response = app
        .post_form(&path, &refs(&person_fields(&id_number())))
        .await;
    assert_eq!(
        response.status(),
        Status::SeeOther,
        "{}",
        response.into_string().await.unwrap_or_default()
    );
    let (_, html) = app.get("/nominations").await;
    let id: String = html
        .split("/nominations/")
        .nth(1)
        .expect("a row")
        .chars()
        .take(36)
        .collect();
    Draft {
        path: format!("/nominations/{id}"),
    }
}

#[rocket::async_test]
async fn a_community_saves_a_draft_edits_it_and_submits_it_after_which_it_is_read_only() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    assert_eq!(audit_count(app.app(), "nomination.create").await, 1);

    let (status, html) = app.get(&draft.path).await;
    assert_eq!(status, Status::Ok);
    assert!(
        html.contains("任均山") && html.contains("370***********"),
        "ID shown masked: {html}"
    );
    assert!(
        !html.contains(&id_number()),
        "the full ID number is not shown on the page"
    );

    let mut fields = person_fields(&id_number());
    fields.retain(|(k, _)| *k != "version");
    fields.push(("version", "1".into()));
    fields[0].1 = "任均山（修改）".into();
    let response = app.post_form(&draft.path, &refs(&fields)).await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(app.get(&draft.path).await.1.contains("任均山（修改）"));

    let response = app
        .post_form(
            &format!("{}/submit", draft.review_path()),
            &[("version", "2")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(audit_count(app.app(), "nomination.submit").await, 1);
    let (_, html) = app.get(&draft.path).await;
    let held_by = zh(
        "nominations-held-by",
        &[("unit", world.street_a.name.clone())],
    );
    assert!(
        html.contains(&zh("nomination-status-pending", &[])) && html.contains(&held_by),
        "it waits in its street's inbox"
    );
    assert!(!html.contains("/edit\""), "no edit link after submission");
    fields[0].1 = "提交后的修改".into();
    let response = app.post_form(&draft.path, &refs(&fields)).await;
    assert_eq!(response.status(), Status::Conflict);
    let html = response.into_string().await.unwrap_or_default();
    assert!(
        html.contains("value=\"提交后的修改\""),
        "what was typed comes back with the refusal"
    );
    assert!(
        html.contains(&zh("error-stale", &[]))
            || html.contains(&zh("error-nomination-not-draft", &[])),
        "{html}"
    );
    assert_eq!(
        app.get(&format!("{}/edit", draft.path)).await.0,
        Status::Conflict,
        "no edit form after submission"
    );
    assert!(
        app.get(&draft.path).await.1.contains("任均山（修改）"),
        "nothing was overwritten"
    );
}

#[rocket::async_test]
async fn a_wrong_id_number_comes_back_at_the_field_with_everything_else_kept() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = categories
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let mut wrong = id_number();
    let last = if wrong.ends_with('1') { '2' } else { '1' };
    wrong.pop();
    wrong.push(last);
    let mut fields = person_fields(&wrong);
    fields[10].1 = "字".repeat(301);
    let response = app
        .post_form(
            &format!(
                "/nominations?campaign={}&category={}",
                world.campaign.id, person.id
            ),
            &refs(&fields),
        )
        .await;
    let html = assert_field_error(response, "id_number", "error-id-number-checksum").await;
    assert_error_at(&html, "deeds_summary", "error-too-long");
    assert!(
        html.contains("value=\"任均山\"") && html.contains("value=\"13863901234\""),
        "input kept"
    );
    assert_eq!(audit_count(app.app(), "nomination.create").await, 0);
}

#[rocket::async_test]
async fn units_outside_the_subtree_get_not_found_and_the_units_above_can_read() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    for (username, expected) in [
        ("rec_b1", Status::NotFound),
        ("rec_b", Status::NotFound),
        ("expert", Status::NotFound),
        ("rec_a", Status::Ok),
        ("rec_district", Status::Ok),
        ("office", Status::Ok),
    ] {
        app.login(username).await;
        let (status, html) = app.get(&draft.path).await;
        assert_eq!(status, expected, "{username}");
        if expected == Status::NotFound {
            assert!(!html.contains("任均山"), "{username} sees nothing of it");
        }
        let listed = app.get("/nominations").await.1.contains("任均山");
        assert_eq!(
            listed,
            expected == Status::Ok && username != "expert",
            "{username} list"
        );
    }
    // Choosing a unit narrows the list and never widens it: a community is its own scope.
    let (a1, b1) = (world.community_a1.id, world.community_b1.id);
    for (username, unit, expected) in [
        ("rec_a1", None, true),
        ("rec_a1", Some(a1), true),
        ("rec_a1", Some(b1), false),
        ("rec_b1", Some(a1), false),
        ("rec_a", Some(a1), true),
        ("rec_a", Some(b1), false),
        ("office", Some(a1), true),
        ("office", Some(b1), false),
    ] {
        app.login(username).await;
        let path = unit.map_or("/nominations".to_owned(), |u| {
            format!("/nominations?unit={u}")
        });
        let (status, html) = app.get(&path).await;
        assert_eq!(status, Status::Ok, "{username} {path}");
        assert_eq!(html.contains("任均山"), expected, "{username} {path}");
    }
    // The street may read but not edit its community's draft.
    app.login("rec_a").await;
    assert_eq!(
        app.get(&format!("{}/edit", draft.path)).await.0,
        Status::NotFound
    );
    // Nor submit it: only the nominating unit does; the street sees it, so the answer is 403.
    let response = app
        .post_form(
            &format!("{}/submit", draft.review_path()),
            &[("version", "1")],
        )
        .await;
    assert_eq!(response.status(), Status::Forbidden);
    let (_, html) = app.get(&draft.path).await;
    assert!(
        html.contains(&zh("nomination-status-draft", &[])),
        "still a draft"
    );
}

#[rocket::async_test]
async fn the_office_filters_and_searches_nominations() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    create_person_draft(&app, &world).await;
    app.login("office").await;
    assert!(
        app.get("/nominations?q=%E5%9D%87%E5%B1%B1")
            .await
            .1
            .contains("任均山")
    );
    assert!(
        !app.get("/nominations?q=%E6%97%A0")
            .await
            .1
            .contains("任均山")
    );
    // `%` and `_` are characters like any other, not wildcards.
    for term in ["%25", "_", "%E4%BB%BB_", "%E4%BB%BB%25"] {
        assert!(
            !app.get(&format!("/nominations?q={term}"))
                .await
                .1
                .contains("任均山"),
            "{term}"
        );
    }
    assert!(
        !app.get("/nominations?status=pending")
            .await
            .1
            .contains("任均山")
    );
    assert!(
        app.get(&format!("/nominations?unit={}", world.street_a.id))
            .await
            .1
            .contains("任均山")
    );
    assert!(
        !app.get(&format!("/nominations?unit={}", world.street_b.id))
            .await
            .1
            .contains("任均山")
    );

    // Renamed, it is found by its new name, whole or in part, and no longer by the old one.
    app.login("rec_a1").await;
    let mut fields = person_fields(&id_number());
    fields.retain(|(k, _)| *k != "version");
    fields.push(("version", "1".into()));
    fields[0].1 = "孙立新".into();
    let path = format!("/nominations/{}", draft_id(&app).await);
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    app.login("office").await;
    for (term, found) in [
        ("孙立新", true),
        ("立新", true),
        ("孙立", true),
        ("孙", true),
        ("均山", false),
        ("新孙", false),
    ] {
        let html = app
            .get(&format!(
                "/nominations?q={}",
                rocket::http::RawStr::new(term).percent_encode()
            ))
            .await
            .1;
        assert_eq!(html.contains("孙立新"), found, "search {term}");
    }
}

/// The id of the only nomination.
async fn draft_id(app: &TestApp) -> uuid::Uuid {
    use sea_orm::EntityTrait;
    laurel::entity::nomination::Entity::find()
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("a nomination")
        .id
}

#[rocket::async_test]
async fn attachments_are_checked_by_content_and_size_and_only_reach_those_who_may_see_them() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    let upload = format!("{}/attachments", draft.path);

    let png: Vec<u8> = [
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
        &[0u8; 64][..],
    ]
    .concat();
    let response = app
        .post_multipart(&upload, &[("version", "1")], ("photo.png", &png))
        .await;
    assert_eq!(response.status(), Status::SeeOther);

    // An executable renamed to .pdf is refused by its content.
    let response = app
        .post_multipart(
            &upload,
            &[("version", "1")],
            ("deeds.pdf", b"MZ\x90\x00 not a pdf"),
        )
        .await;
    assert_refused(response, Status::UnprocessableEntity, "error-file-type").await;

    // Over the configured size (64 KiB in tests).
    let big: Vec<u8> = [&b"%PDF-1.7\n"[..], &vec![b'a'; 100 * 1024][..]].concat();
    let response = app
        .post_multipart(&upload, &[("version", "1")], ("big.pdf", &big))
        .await;
    assert_refused(
        response,
        Status::UnprocessableEntity,
        "error-file-too-large",
    )
    .await;

    let (_, html) = app.get(&draft.path).await;
    assert!(html.contains("photo.png") && !html.contains("deeds.pdf") && !html.contains("big.pdf"));
    let link: String = html
        .split("/attachments/")
        .nth(1)
        .expect("a download link")
        .chars()
        .take(36)
        .collect();
    let download = format!("{upload}/{link}");
    let response = app.client.get(download.clone()).dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert!(
        response
            .headers()
            .get_one("Content-Disposition")
            .unwrap_or_default()
            .starts_with("attachment")
    );
    assert_eq!(
        response.headers().get_one("Cache-Control"),
        Some("no-store"),
        "a download is nobody's cache's to keep"
    );
    // An upload gets a page's policies: the app does not vouch for what it holds.
    assert!(
        response
            .headers()
            .get_one("Content-Security-Policy")
            .is_some_and(|csp| csp.starts_with("default-src 'self'"))
    );
    assert_eq!(response.into_bytes().await.unwrap_or_default(), png);

    app.login("rec_b1").await;
    assert_eq!(
        app.client.get(download).dispatch().await.status(),
        Status::NotFound
    );
}

#[rocket::async_test]
async fn nominating_is_refused_outside_its_stage_with_the_stage_named() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    app.login("office").await;
    let moves = audit_count(app.app(), "campaign.advance").await;
    let response = app
        .post_form(
            &format!("/campaigns/{}/advance", world.campaign.id),
            &[("version", &world.campaign.version.to_string())],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(audit_count(app.app(), "campaign.advance").await, moves + 1);
    // In review, a unit can neither start a nomination nor submit its draft, and is told why.
    app.login("rec_a1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let path = format!(
        "/nominations/new?campaign={}&category={}",
        world.campaign.id, categories[0].id
    );
    let (status, html) = app.get(&path).await;
    assert_eq!(status, Status::Conflict);
    let told = zh(
        "error-stage",
        &[
            ("allowed", "recommendation".into()),
            ("current", "review".into()),
            (
                "dates",
                format!("– {}", app.app().config.today() + time::Duration::days(30)),
            ),
        ],
    );
    assert!(html.contains(&told), "the refusal names both stages");
    let submitted = app
        .post_form(
            &format!("{}/submit", draft.review_path()),
            &[("version", "1")],
        )
        .await;
    assert_eq!(submitted.status(), Status::Conflict);
    let (_, page) = app.get(&draft.path).await;
    assert!(
        !page.contains(&format!("{}/submit", draft.review_path())),
        "a refused submission is not offered"
    );
    assert!(!page.contains("/edit\""), "nor is editing");
}

#[rocket::async_test]
async fn the_upload_hint_shows_the_configured_limit() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    let (_, html) = app.get(&draft.path).await;
    assert!(
        html.contains(&zh("help-file", &[("size", "64 KiB".into())])),
        "tests configure 64 KiB"
    );
}

#[rocket::async_test]
async fn the_list_pages_by_cursor_and_counts_up_to_a_thousand() {
    use laurel::entity::nomination;
    use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    create_person_draft(&app, &world).await;
    let db = &app.app().db;
    let model = nomination::Entity::find()
        .one(db)
        .await
        .expect("query")
        .expect("the draft");
    // 1,059 more, two by two changed at the same instant: the id breaks the tie.
    let extra: Vec<nomination::ActiveModel> = (0..1059_i64)
        .map(|i| nomination::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            nominee_name: Set(format!("分页{i:04}")),
            status: Set(nomination::NominationStatus::AtOffice),
            id_number_fp: Set(None),
            updated_at: Set(model.updated_at - time::Duration::seconds(i / 2 + 1)),
            ..nomination::ActiveModel::from(model.clone())
        })
        .collect();
    for chunk in extra.chunks(200) {
        nomination::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .expect("inserted");
    }
    let expected: Vec<String> = nomination::Entity::find()
        .order_by_desc(nomination::Column::UpdatedAt)
        .order_by_desc(nomination::Column::Id)
        .all(db)
        .await
        .expect("all")
        .iter()
        .map(|n| n.id.to_string())
        .collect();
    assert_eq!(expected.len(), 1060);

    // Through the API, page after page: every nomination once, in order.
    let office = app.actor("office").await;
    let (token, _) = laurel::domain::accounts::tokens::create_token(db, &office, "分页", "", 180)
        .await
        .expect("a token");
    let mut seen: Vec<String> = Vec::new();
    let mut path = "/api/v1/nominations".to_owned();
    loop {
        let (status, page) = app.api("GET", &path, &token, None).await;
        assert_eq!(status, Status::Ok, "{path}");
        assert_eq!(page["total"], 1000, "counted up to a thousand");
        assert_eq!(page["more"], true);
        let rows = page["rows"].as_array().expect("rows");
        assert!(rows.len() <= 50);
        seen.extend(
            rows.iter()
                .map(|r| r["id"].as_str().unwrap_or("").to_owned()),
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/nominations?after={next}"),
            None => break,
        }
    }
    assert_eq!(seen, expected, "every nomination once, newest change first");

    // On the page: the count says "more than", the next page continues after the 50th row.
    app.login("office").await;
    let (_, first) = app.get("/nominations").await;
    let capped = zh("nominations-count-more", &[("count", "1000".into())]);
    assert!(first.contains(&capped), "capped count shown");
    let next = first
        .split("after=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a next-page link")
        .to_owned();
    let (status, second) = app.get(&format!("/nominations?after={next}")).await;
    assert_eq!(status, Status::Ok);
    assert!(
        second.contains(&zh("pagination-first", &[])),
        "a way back to the start"
    );
    let name_51 = nomination::Entity::find_by_id(uuid::Uuid::try_parse(&expected[50]).expect("id"))
        .one(db)
        .await
        .expect("query")
        .expect("row 51")
        .nominee_name;
    assert!(second.contains(&name_51), "page two starts at row 51");
    assert!(!first.contains(&name_51), "and page one stops before it");
    // A broken cursor is the first page, not an error.
    assert_eq!(app.get("/nominations?after=x.y").await.0, Status::Ok);

    // The office's queue pages the same way.
    let (_, queue) = app.get("/review/office").await;
    assert!(queue.contains(&capped));
    let next = queue
        .split("after=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the queue's next-page link")
        .to_owned();
    let (status, queue_2) = app
        .get(&format!("/review/office?status=at_office&after={next}"))
        .await;
    assert_eq!(status, Status::Ok);
    // The draft is not in the queue: its second page starts at the list's 52nd row.
    let name_52 = nomination::Entity::find_by_id(uuid::Uuid::try_parse(&expected[51]).expect("id"))
        .one(db)
        .await
        .expect("query")
        .expect("row 52")
        .nominee_name;
    assert!(queue.contains(&name_51) && !queue.contains(&name_52));
    assert!(queue_2.contains(&name_52) && !queue_2.contains(&name_51));

    // Another community's clerk sees none of them.
    app.login("rec_b1").await;
    let none = zh("nominations-count", &[("count", "0".into())]);
    assert!(app.get("/nominations").await.1.contains(&none));
}

#[rocket::async_test]
async fn the_name_index_migration_indexes_the_nominations_already_there() {
    use laurel::entity::nomination_gram;
    use migration::MigratorTrait;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    create_person_draft(&app, &world).await;
    let db = &app.app().db;
    let id = draft_id(&app).await;
    // Back to before the index (undoing the migrations after it too), then up again: the
    // migration indexes the existing name.
    migrate_down_to_before(db, "m20260101_000013_name_grams").await;
    assert!(
        nomination_gram::Entity::find().count(db).await.is_err(),
        "the name index's table is gone"
    );
    migration::Migrator::up(db, None).await.expect("up");
    let grams = nomination_gram::Entity::find()
        .filter(nomination_gram::Column::NominationId.eq(id))
        .count(db)
        .await
        .expect("count");
    assert_eq!(grams, 5, "任均 and 均山, then 任, 均 and 山");
    app.login("office").await;
    // A bigram, and a single character (few hold it: read from the index).
    for term in ["%E5%9D%87%E5%B1%B1", "%E5%9D%87"] {
        assert!(
            app.get(&format!("/nominations?q={term}"))
                .await
                .1
                .contains("任均山"),
            "{term}"
        );
    }
    assert!(
        !app.get("/nominations?q=%E9%91%AB")
            .await
            .1
            .contains("任均山")
    );

    // Back to before the characters' migration, and up again: only they go, and come back.
    let count = || async {
        nomination_gram::Entity::find()
            .filter(nomination_gram::Column::NominationId.eq(id))
            .count(db)
            .await
            .expect("count")
    };
    migrate_down_to_before(db, "m20260101_000015_name_chars").await;
    assert_eq!(count().await, 2, "the bigrams stay");
    migration::Migrator::up(db, None).await.expect("up");
    assert_eq!(count().await, 5);
}
