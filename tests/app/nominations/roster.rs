//! The campaign's roster (推荐汇总表): the office's, with every field, equal to the database;
//! a unit's, of its own subtree with ID numbers masked; the list's filters; nobody else.

use calamine::{Data, Reader, Xlsx};
use laurel::entity::nomination;
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::*;

/// Three volunteers of the first community and one of the second, all submitted.
async fn three_and_one(app: &TestApp, world: &World) -> Vec<nomination::Model> {
    set_unit_quota(app, world, "5").await;
    let a1 = app.actor("rec_a1").await;
    let b1 = app.actor("rec_b1").await;
    let mut made = Vec::new();
    for (who, name, seq) in [
        (&a1, "汇总甲", 61),
        (&a1, "汇总乙", 62),
        (&a1, "汇总丙", 63),
        (&b1, "汇总丁", 64),
    ] {
        made.push(submitted(app, world, who, &person(name, seq)).await);
    }
    made
}

async fn download(app: &TestApp, path: &str) -> (Status, Vec<u8>) {
    let response = app.client.get(path).dispatch().await;
    let status = response.status();
    (status, response.into_bytes().await.unwrap_or_default())
}

#[rocket::async_test]
async fn the_offices_roster_has_a_sheet_per_category_equal_to_the_database() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let made = three_and_one(&app, &world).await;
    app.login("office").await;
    let before = audit_count(app.app(), "nomination.roster_export").await;
    let (status, bytes) = download(
        &app,
        &format!(
            "/nominations/roster?format=xlsx&campaign={}",
            world.campaign.id
        ),
    )
    .await;
    assert_eq!(status, Status::Ok);
    assert_audited(app.app(), "nomination.roster_export", before, 1).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let names: Vec<String> = categories.iter().map(|c| c.name.clone()).collect();
    assert_eq!(book.sheet_names(), names, "a sheet per category, in order");
    let sheet = book
        .worksheet_range(&names[0])
        .expect("the volunteers' sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let heading: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(heading[0], zh("export-no", &[]));
    assert!(heading.contains(&zh("field-id-number", &[])));
    // The rows are the database's, in order of id, every field as stored.
    let stored = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(world.campaign.id))
        .order_by_asc(nomination::Column::Id)
        .all(&app.app().db)
        .await
        .expect("rows");
    assert_eq!(rows.len(), stored.len() + 1);
    assert_eq!(stored.len(), made.len());
    let column = |key: &str| {
        heading
            .iter()
            .position(|h| *h == zh(key, &[]))
            .unwrap_or_else(|| panic!("column {key}"))
    };
    for (at, n) in stored.iter().enumerate() {
        let row = rows[at + 1];
        // Serials and hours are numbers, not text.
        assert_eq!(row[0], Data::Float((at + 1) as f64));
        assert_eq!(row[column("export-name")].to_string(), n.nominee_name);
        let id = app
            .app()
            .pii
            .decrypt(n.id_number_enc.as_deref().expect("an ID number"))
            .expect("decrypts");
        assert_eq!(row[column("field-id-number")].to_string(), id, "in full");
        assert_eq!(
            row[column("field-phone")].to_string(),
            n.phone.clone().unwrap_or_default()
        );
        assert_eq!(
            row[column("field-birth-date")].to_string(),
            n.birth_date.expect("born").to_string()
        );
        assert_eq!(
            row[column("field-volunteer-hours")],
            Data::Float(f64::from(n.volunteer_hours.expect("hours")))
        );
        assert_eq!(
            row[column("col-status")].to_string(),
            zh("nomination-status-pending", &[])
        );
    }
    // The organizations' sheet has its kind's columns and no rows.
    let groups = book.worksheet_range(&names[1]).expect("a sheet");
    let heading: Vec<String> = groups
        .rows()
        .next()
        .expect("a heading")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(heading.contains(&zh("field-member-count", &[])));
    assert!(!heading.contains(&zh("field-id-number", &[])));
    assert_eq!(groups.rows().count(), 1);
}

#[rocket::async_test]
async fn a_units_roster_holds_its_subtree_with_masked_id_numbers_and_numbers_as_numbers() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let made = three_and_one(&app, &world).await;
    app.login("rec_a").await;
    let (status, bytes) = download(
        &app,
        &format!(
            "/nominations/roster?format=csv&campaign={}",
            world.campaign.id
        ),
    )
    .await;
    assert_eq!(status, Status::Ok);
    let body = String::from_utf8(bytes).expect("UTF-8");
    assert!(body.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4, "a heading and street A's three: {body}");
    for name in ["汇总甲", "汇总乙", "汇总丙"] {
        assert!(body.contains(name), "{name}");
    }
    assert!(!body.contains("汇总丁"), "another street's nomination");
    for n in &made {
        let id = app
            .app()
            .pii
            .decrypt(n.id_number_enc.as_deref().expect("an ID number"))
            .expect("decrypts");
        assert!(!body.contains(&id), "a full ID number in a unit's roster");
    }
    // The serial is 1, 2, 3 (not 1.00).
    for (at, line) in lines[1..].iter().enumerate() {
        assert!(line.starts_with(&format!("{},", at + 1)), "{line}");
    }
    // The list's filters apply: a name narrows it.
    let (_, bytes) = download(
        &app,
        &format!(
            "/nominations/roster?format=csv&campaign={}&q={}",
            world.campaign.id,
            rocket::http::RawStr::new("汇总乙").percent_encode()
        ),
    )
    .await;
    let narrowed = String::from_utf8(bytes).expect("UTF-8");
    assert_eq!(narrowed.trim_end().split("\r\n").count(), 2, "{narrowed}");
    assert!(narrowed.contains("汇总乙"));
}

#[rocket::async_test]
async fn only_the_office_and_units_export_a_roster_and_only_of_a_campaign() {
    let app = TestApp::new().await;
    let world = app.world().await;
    three_and_one(&app, &world).await;
    let path = format!(
        "/nominations/roster?format=csv&campaign={}",
        world.campaign.id
    );
    app.login("expert").await;
    assert_eq!(download(&app, &path).await.0, Status::Forbidden);
    app.logout().await;
    let (status, _) = download(&app, &path).await;
    assert_ne!(status, Status::Ok, "signed out");
    // Through the API, with the list's filters; a campaign is required.
    let token = api_token(&app, "office").await;
    let response = app
        .client
        .get(format!(
            "/api/v1/nominations/roster?format=csv&campaign={}&status=pending",
            world.campaign.id
        ))
        .header(rocket::http::Header::new(
            "Authorization",
            format!("Bearer {token}"),
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let body = response.into_string().await.unwrap_or_default();
    assert_eq!(body.trim_end().split("\r\n").count(), 5, "{body}");
    let (status, answer) = app
        .api("GET", "/api/v1/nominations/roster?format=csv", &token, None)
        .await;
    assert_eq!(status, Status::UnprocessableEntity, "{answer}");
}

#[rocket::async_test]
async fn a_roster_read_a_few_rows_at_a_time_holds_every_row_once_in_order() {
    use rocket::futures::StreamExt;
    let app = TestApp::new().await;
    let world = app.world().await;
    three_and_one(&app, &world).await;
    let office = app.actor("office").await;
    let filter = laurel::domain::nominations::NominationFilter {
        campaign: Some(world.campaign.id.into()),
        ..Default::default()
    };
    let whole = |rows: u64| {
        let filter = filter.clone();
        let office = office.clone();
        let app = &app;
        async move {
            laurel::domain::nominations::roster(
                app.app(),
                &office,
                &filter,
                laurel::i18n::Lang::ZhCn,
            )
            .await
            .expect("the roster")
            .paged(rows)
        }
    };
    // Four rows read two, three and five at a time: a page ends exactly at the last row, one
    // is short, one holds them all.
    let mut seen = Vec::new();
    for rows in [2, 3, 5] {
        let chunks: Vec<String> = whole(rows)
            .await
            .csv()
            .map(|chunk| chunk.expect("a chunk"))
            .collect()
            .await;
        let body = chunks.concat();
        let lines: Vec<String> = body.trim_end().split("\r\n").map(str::to_owned).collect();
        assert_eq!(lines.len(), 5, "{rows} a page: {body}");
        for (at, line) in lines[1..].iter().enumerate() {
            assert!(line.starts_with(&format!("{},", at + 1)), "{line}");
        }
        seen.push(lines);
        let file = whole(rows).await.xlsx().await.expect("a workbook");
        let mut book: Xlsx<_> = Xlsx::new(std::io::BufReader::new(file)).expect("a workbook");
        let sheet = book.worksheet_range_at(0).expect("a sheet").expect("cells");
        assert_eq!(sheet.rows().count(), 5, "{rows} a page");
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "the same rows however read"
    );
}
