//! The honor roll's CSV and XLSX exports: every row once, in order, across export pages.

use laurel::{domain::honor_roll, entity::honoree};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::*;

#[rocket::async_test]
async fn honor_roll_exports_stream_every_row_once_in_order_across_pages() {
    use sea_orm::{ActiveValue::Set, QueryOrder};
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let model = honoree::Entity::find()
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("a demo honoree");
    let demo_rows = honoree::Entity::find()
        .count(&app.app().db)
        .await
        .expect("count");
    // More rows than two export pages, over three years.
    let extra: Vec<honoree::ActiveModel> = (0..2_500)
        .map(|i| honoree::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            nomination_id: Set(uuid::Uuid::now_v7()),
            name: Set(format!("志愿者{i:05}")),
            year: Set(2019 + i % 3),
            ..honoree::ActiveModel::from(model.clone())
        })
        .collect();
    for chunk in extra.chunks(500) {
        add_honorees(&app.app().db, chunk.to_vec()).await;
    }
    // Cells a CSV writer must quote or defuse, read back through the export's page joins.
    let awkward = [
        ("=HYPERLINK(\"x\")", "张, 队长"),
        ("王\"小\"明", "@居委会"),
        ("李\n四", "\t前置制表符"),
    ];
    for (i, (name, affiliation)) in awkward.iter().enumerate() {
        let row = honoree::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            nomination_id: Set(uuid::Uuid::now_v7()),
            name: Set((*name).to_owned()),
            affiliation: Set((*affiliation).to_owned()),
            year: Set(2019 + i32::try_from(i).unwrap_or(0)),
            ..honoree::ActiveModel::from(model.clone())
        };
        add_honorees(&app.app().db, vec![row]).await;
    }
    let roll = honoree::Entity::find()
        .order_by_desc(honoree::Column::Year)
        .order_by_desc(honoree::Column::Id)
        .all(&app.app().db)
        .await
        .expect("all");
    let expected: Vec<String> = roll.iter().map(|h| h.name.clone()).collect();
    assert_eq!(expected.len() as u64, demo_rows + 2_503);

    let csv = app
        .client
        .get("/honors/export?format=csv")
        .dispatch()
        .await
        .into_string()
        .await
        .expect("csv");
    // Byte for byte what a plain writer makes of the same rows in the same order.
    let mut written = String::new();
    for h in &roll {
        let cells = [
            h.year.to_string(),
            h.campaign_title.clone(),
            h.category_name.clone(),
            h.name.clone(),
            h.affiliation.clone(),
            h.unit_name.clone(),
            h.confirmed_on.to_string(),
        ]
        .map(|c| laurel::domain::exports::spreadsheet_safe(&c));
        laurel::domain::exports::push_row(&mut written, cells.iter().map(String::as_str));
    }
    let (heading, body) = csv.split_once("\r\n").expect("a heading");
    let columns = [
        "field-year",
        "export-campaign",
        "export-category",
        "export-name",
        "export-affiliation",
        "export-unit",
        "export-confirmed-on",
    ]
    .map(|key| zh(key, &[]))
    .join(",");
    assert_eq!(heading.trim_start_matches('\u{feff}'), columns);
    assert_eq!(body, written, "every row once, in the roll's order");
    assert!(
        body.contains("\"'=HYPERLINK(\"\"x\"\")\",\"张, 队长\""),
        "quoted, defused"
    );

    // A name search keeps the roll's order, page after page.
    let named: Vec<&String> = expected
        .iter()
        .filter(|n| n.starts_with("志愿者"))
        .collect();
    let mut after = String::new();
    let mut found: Vec<String> = Vec::new();
    loop {
        let page = honor_roll::search(
            &app.app().db,
            &honor_roll::HonorQuery {
                q: "志愿者".into(),
                after: after.clone(),
                ..honor_roll::HonorQuery::default()
            },
        )
        .await
        .expect("search");
        found.extend(page.rows.iter().map(|h| h.name.clone()));
        match page.next {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(
        found.iter().collect::<Vec<_>>(),
        named,
        "every match once, in order"
    );

    let xlsx = app
        .client
        .get("/honors/export?format=xlsx&year=2020")
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("xlsx");
    let rows = xlsx_rows(&xlsx);
    let in_2020: Vec<&String> = expected
        .iter()
        .zip(
            honoree::Entity::find()
                .order_by_desc(honoree::Column::Year)
                .order_by_desc(honoree::Column::Id)
                .all(&app.app().db)
                .await
                .expect("all")
                .iter()
                .map(|h| h.year),
        )
        .filter(|(_, year)| *year == 2020)
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        rows.len(),
        in_2020.len() + 1,
        "a heading and the year's rows"
    );
    for (row, name) in rows.iter().skip(1).zip(&in_2020) {
        assert_eq!(&row[3], *name);
        assert_eq!(row[0], "2020");
    }
}
