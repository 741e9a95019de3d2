//! The nomination list: the office's filters and search, pages by cursor with a count capped
//! at a thousand, and the name index the search reads (and its migration).

use rocket::http::Status;

use crate::helpers::*;

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
    let mut fields = person_fields(&valid_id_number());
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
