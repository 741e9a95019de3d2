//! Searching the honor roll: by name, unit, year and category, with stable pages per honoree
//! and unit and a certificate; the name index finds the same names whichever way it reads them.

use laurel::{
    domain::{honor_roll, ids::DocumentId, notices},
    entity::honoree,
};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::*;

#[rocket::async_test]
async fn the_honor_roll_is_searched_by_name_unit_year_and_category() {
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let rows = |html: &str| html.matches("<tr><td>").count();
    let (status, all) = app.get("/honors").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(rows(&all), 11, "the city's 2022 list");
    let (_, by_name) = app.get("/honors?q=%E4%BB%BB%E5%9D%87%E5%B1%B1").await;
    assert_eq!(rows(&by_name), 1);
    assert!(by_name.contains("任均山"));
    let (_, by_category) = app
        .get("/honors?category=%E6%9C%80%E7%BE%8E%E5%BF%97%E6%84%BF%E6%9C%8D%E5%8A%A1%E7%A4%BE%E5%8C%BA")
        .await;
    assert_eq!(rows(&by_category), 4);
    let (_, by_year) = app.get("/honors?year=2022").await;
    assert_eq!(rows(&by_year), 11);
    let (_, other_year) = app.get("/honors?year=2021").await;
    assert_eq!(rows(&other_year), 0);
    let (_, by_unit) = app.get("/honors?unit=%E7%A8%8E%E5%8A%A1").await;
    assert_eq!(rows(&by_unit), 1);
    // A wildcard in the query is a literal character.
    let (_, wildcard) = app.get("/honors?q=%25").await;
    assert_eq!(rows(&wildcard), 0);

    // Stable pages per honoree and per unit, and a certificate.
    let ren = honoree::Entity::find()
        .filter(honoree::Column::Name.eq("任均山"))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("an honoree");
    let list = notices::published(&app.app().db, DocumentId(ren.document_id))
        .await
        .expect("its final list");
    assert_eq!(
        ren.organizer, list.issuing_organ,
        "issued by the list's organ"
    );
    let (status, page) = app.get(&format!("/honors/{}", ren.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("2022年度学雷锋志愿服务先进典型") && page.contains("最美志愿者"));
    let district = laurel::entity::unit::Entity::find()
        .filter(laurel::entity::unit::Column::Name.eq("李沧区"))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("the district");
    let (status, page) = app.get(&format!("/honors/units/{}", district.id)).await;
    assert_eq!(status, Status::Ok);
    let lines: Vec<(String, usize)> = sections_headed(&page, "h4")
        .into_iter()
        .map(|(heading, lines)| (heading, lines.len()))
        .collect();
    assert_eq!(
        lines,
        [
            ("最美志愿者".to_owned(), 1),
            ("最佳志愿服务组织".to_owned(), 1),
            ("最佳志愿服务项目".to_owned(), 2),
            ("最美志愿服务社区".to_owned(), 3)
        ],
        "the district's subtree, under the list's headings"
    );
    let (status, certificate) = app.get(&format!("/certificates/{}", ren.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(certificate.contains(&zh("certificate-title", &[])) && certificate.contains("任均山"));
    let (status, _) = app
        .get(&format!("/certificates/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(status, Status::NotFound);
    let search = honor_roll::search(
        &app.app().db,
        &honor_roll::HonorQuery {
            after: format!("{}.{}", ren.year, uuid::Uuid::nil()),
            ..honor_roll::HonorQuery::default()
        },
    )
    .await
    .expect("search");
    assert!(
        search.rows.is_empty(),
        "keyset paging continues after the cursor"
    );
}

/// Every honoree a public search finds, following its pages to the end: their names.
async fn search_all(app: &TestApp, query: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut path = format!("/honors?{query}");
    for _ in 0..100 {
        let (status, page) = app.get(&path).await;
        assert_eq!(status, Status::Ok, "{path}");
        for row in page.split("<tr><td>").skip(1) {
            let name = row
                .split("\">")
                .nth(1)
                .and_then(|rest| rest.split("</a>").next())
                .expect("a name in the row");
            names.push(name.to_owned());
        }
        match page
            .split("rel=\"next\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            Some(next) => path = unescape(next),
            None => return names,
        }
    }
    panic!("more than 100 pages")
}

#[rocket::async_test]
async fn the_honor_roll_search_finds_the_same_names_whichever_way_it_reads_them() {
    use sea_orm::{ActiveValue::Set, IntoActiveModel};
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let db = &app.app().db;
    // Confirming the list indexed each honoree's name: bigrams and characters.
    let ren = honoree::Entity::find()
        .filter(honoree::Column::Name.eq("任均山"))
        .one(db)
        .await
        .expect("query")
        .expect("an honoree");
    let pieces = || async {
        laurel::entity::honoree_gram::Entity::find()
            .filter(laurel::entity::honoree_gram::Column::HonoreeId.eq(ren.id))
            .count(db)
            .await
            .expect("count")
    };
    assert_eq!(pieces().await, 5, "任均 and 均山, then 任, 均 and 山");

    // Twenty-one hundred earlier honorees named 王小明 and a number: more hold 王 than a
    // search reads by the index, so a search for it walks the roll in order; as many hold 王小
    // and 小明, so a search for 王小明 reads the names holding both.
    let template = ren.clone().into_active_model();
    for chunk in (0..2100u32).collect::<Vec<_>>().chunks(500) {
        let rows = chunk
            .iter()
            .map(|i| honoree::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                nomination_id: Set(uuid::Uuid::now_v7()),
                name: Set(format!("王小明{i:04}")),
                year: Set(1990 + i32::try_from(i % 10).expect("small")),
                ..template.clone()
            })
            .collect();
        add_honorees(db, rows).await;
    }
    // The names a query selects, sorted.
    let names_where = |condition: sea_orm::Condition| async move {
        let mut names: Vec<String> = honoree::Entity::find()
            .filter(condition)
            .all(db)
            .await
            .expect("query")
            .into_iter()
            .map(|h| h.name)
            .collect();
        names.sort();
        names
    };
    let expected = |part: &'static str| {
        names_where(sea_orm::Condition::all().add(honoree::Column::Name.contains(part)))
    };
    // A common character (walked), a rare one and a rare bigram (read by the index), a term
    // of two common bigrams (read by both), terms with a rare bigram among common ones.
    for (query, part) in [
        ("q=%E7%8E%8B", "王"),
        ("q=%E7%8E%8B%E5%B0%8F%E6%98%8E", "王小明"),
        ("q=%E5%9D%87", "均"),
        ("q=%E4%BB%BB%E5%9D%87", "任均"),
        ("q=%E5%B0%8F%E6%98%8E0123", "小明0123"),
        ("q=012", "012"),
    ] {
        let mut found = search_all(&app, query).await;
        found.sort();
        assert_eq!(found, expected(part).await, "{query}");
    }
    // A common character with a unit: the unit's matches, read and sorted.
    let mut with_unit = search_all(
        &app,
        &format!("q=%E7%8E%8B&{}", encode(&[("unit", &ren.unit_name)])),
    )
    .await;
    with_unit.sort();
    let expected_with_unit = names_where(
        sea_orm::Condition::all()
            .add(honoree::Column::Name.contains("王"))
            .add(
                sea_orm::Condition::any()
                    .add(honoree::Column::UnitName.contains(&ren.unit_name))
                    .add(honoree::Column::Affiliation.contains(&ren.unit_name)),
            ),
    )
    .await;
    assert!(
        expected_with_unit.len() >= 2100,
        "the added ones share 任均山's unit"
    );
    assert_eq!(with_unit, expected_with_unit);
    // Newest year first, whichever way.
    let (_, first) = app.get("/honors?q=%E7%8E%8B").await;
    assert!(first.contains("<tr><td>1999</td>") && !first.contains("<tr><td>1990</td>"));

    // Back to before the roll's name index and up again: the migration indexes every honoree
    // already there.
    migrate_down_to_before(db, "m20260101_000019_honoree_names").await;
    use migration::MigratorTrait;
    assert!(
        laurel::entity::honoree_gram::Entity::find()
            .count(db)
            .await
            .is_err(),
        "the index's table is gone"
    );
    migration::Migrator::up(db, None).await.expect("up");
    assert_eq!(pieces().await, 5);
    let holding_wang = laurel::entity::honoree_gram::Entity::find()
        .filter(laurel::entity::honoree_gram::Column::Gram.eq("王"))
        .count(db)
        .await
        .expect("count");
    assert_eq!(holding_wang, expected("王").await.len() as u64);
    let mut found = search_all(&app, "q=%E5%B0%8F%E6%98%8E0123").await;
    found.sort();
    assert_eq!(found, ["王小明0123"]);
}
