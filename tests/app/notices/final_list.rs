//! The final list: the office's order of the honorees, corrections of a confirmed list as new
//! linked versions the honor roll follows, the honoree's page, and the demo's list read exactly
//! like the published Licang list.

use laurel::{
    domain::{ids::CampaignId, notices, stages::StageKind},
    entity::{
        document, honoree,
        nomination::{self, NominationStatus},
    },
};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::Duration;

use crate::helpers::*;

/// The fixture's notice, published with a window that closed a month ago.
async fn publish_closed_notice(app: &TestApp, world: &World) -> document::Model {
    reach(app, world, StageKind::Notice).await;
    let office = app.actor("office").await;
    let start = app.app().config.today() - Duration::days(30);
    let input = notices::DocumentInput {
        issuing_organ: "青岛市李沧区文明办".into(),
        issued_on: start.to_string(),
        title: "拟表彰对象公示".into(),
        body: "公示时间：[start]至[end]。".into(),
        window_starts_on: start.to_string(),
        working_days: "5".into(),
        ..notices::DocumentInput::default()
    };
    let id = CampaignId(world.campaign.id);
    let draft = notices::save_notice(&app.app().db, &office, id, &input)
        .await
        .expect("draft");
    notices::publish_notice(&app.app().db, &app.app().signer, &office, id, draft.version)
        .await
        .expect("published")
}

async fn confirm(app: &TestApp, world: &World) -> document::Model {
    reach(app, world, StageKind::FinalList).await;
    let today = app.app().config.today();
    notices::confirm_final_list(
        &app.app().db,
        &app.app().signer,
        &app.actor("office").await,
        CampaignId(world.campaign.id),
        &notices::DocumentInput {
            issuing_organ: "青岛市李沧区文明办".into(),
            doc_number: "李沧文明办〔2026〕2号".into(),
            issued_on: today.to_string(),
            title: "先进典型名单".into(),
            body: "现将名单公布如下。".into(),
            ..notices::DocumentInput::default()
        },
        today,
    )
    .await
    .expect("confirmed")
}

/// Form fields as the client takes them.
fn as_pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The names of a published document, in order.
fn names_in(doc: &document::Model) -> Vec<String> {
    notices::Content::parse(doc.content.as_deref().unwrap_or("{}"))
        .expect("content")
        .categories
        .iter()
        .flat_map(|s| s.entries.iter().map(|e| e.name.clone()))
        .collect()
}

#[rocket::async_test]
async fn the_office_orders_each_category_and_the_notice_and_the_list_follow_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲", "乙", "丙"]).await;
    app.login("office").await;
    let desk = format!("/publicity/campaigns/{}", world.campaign.id);
    let (_, page) = app.get(&desk).await;
    assert!(
        page.contains(&format!("action=\"{desk}/order\"")),
        "the order is offered"
    );
    let place = |id: &uuid::Uuid| format!("positions[{id}]");
    let response = app
        .post_form(&format!("{desk}/order"), &[(&place(&ids[0]), "第一")])
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains(&zh("error-order-number", &[]))
    );
    let response = app
        .post_form(
            &format!("{desk}/order"),
            &[
                (&place(&ids[2]), "1"),
                (&place(&ids[0]), "2"),
                (&place(&ids[1]), "3"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(audit_count(app.app(), "shortlist.order").await, 1);
    let notice = publish_closed_notice(&app, &world).await;
    assert_eq!(
        names_in(&notice),
        ["丙", "甲", "乙"],
        "the notice follows the order"
    );

    // Until the list is confirmed the office may still set it: the list follows.
    reach(&app, &world, StageKind::FinalList).await;
    let response = app
        .post_form(&format!("{desk}/order"), &[(&place(&ids[1]), "1")])
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let list = confirm(&app, &world).await;
    assert_eq!(names_in(&list), ["乙", "丙", "甲"]);
    let roll: Vec<String> = honoree::Entity::find()
        .order_by_asc(honoree::Column::Position)
        .all(&app.app().db)
        .await
        .expect("honorees")
        .into_iter()
        .map(|h| h.name)
        .collect();
    assert_eq!(roll, ["乙", "丙", "甲"]);
    let xlsx = app
        .client
        .get(format!("/lists/{}/export?format=xlsx", list.id))
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("xlsx");
    let rows = xlsx_rows(&xlsx);
    let names: Vec<&str> = rows.iter().skip(1).map(|r| r[2].as_str()).collect();
    assert_eq!(names, ["乙", "丙", "甲"], "the export follows it too");
    // Once confirmed, only a correction changes the order.
    let response = app
        .post_form(&format!("{desk}/order"), &[(&place(&ids[0]), "1")])
        .await;
    assert_eq!(response.status(), Status::Conflict);
}

#[rocket::async_test]
async fn a_correction_is_a_new_linked_version_and_the_honor_roll_follows_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    publish_closed_notice(&app, &world).await;
    let first = confirm(&app, &world).await;
    let honorees_before = honoree::Entity::find()
        .all(&app.app().db)
        .await
        .expect("honorees");
    let kept_id = honorees_before
        .iter()
        .find(|h| h.name == "甲志愿者")
        .expect("甲")
        .id;
    app.login("office").await;
    let desk = format!("/publicity/campaigns/{}", world.campaign.id);
    let form_path = format!("{desk}/final-list/correct");
    assert!(
        app.get(&desk).await.1.contains(&form_path),
        "offered on the desk"
    );
    let (status, form) = app.get(&form_path).await;
    assert_eq!(status, Status::Ok);
    assert!(form.contains("甲志愿者") && form.contains("乙志愿者"));
    // The lines in the form's order: 甲 first, 乙 second.
    let line = |at: usize, field: &str| format!("entries[{at}].{field}");
    let first_id = first.id.to_string();
    let mut fields: Vec<(String, String)> = vec![
        ("replaces".into(), first_id.clone()),
        ("document.issuing_organ".into(), "青岛市李沧区文明办".into()),
        ("document.doc_number".into(), "李沧文明办〔2026〕3号".into()),
        (
            "document.issued_on".into(),
            app.app().config.today().to_string(),
        ),
        ("document.title".into(), "先进典型名单（更正）".into()),
        ("document.body".into(), "现将更正后的名单公布如下。".into()),
    ];
    for (at, h) in [&honorees_before[0], &honorees_before[1]]
        .iter()
        .enumerate()
    {
        let keep = h.name == "甲志愿者";
        fields.push((line(at, "honoree"), h.id.to_string()));
        if keep {
            fields.push((line(at, "keep"), "true".into()));
        }
        fields.push((
            line(at, "name"),
            if keep {
                "甲志愿者（更正）"
            } else {
                "乙志愿者"
            }
            .into(),
        ));
        fields.push((line(at, "affiliation"), h.affiliation.clone()));
        fields.push((line(at, "position"), "1".into()));
    }
    // Without a note of what changed, it comes back at the field.
    let response = app.post_form(&form_path, &as_pairs(&fields)).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().await.unwrap_or_default();
    assert!(html.contains("id=\"e-document.change_note\""), "{html}");
    assert!(html.contains("甲志愿者（更正）"), "what was typed is kept");
    fields.push((
        "document.change_note".into(),
        "乙志愿者经核实不符合条件，撤销其荣誉；更正甲志愿者的名称。".into(),
    ));
    let response = app.post_form(&form_path, &as_pairs(&fields)).await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(audit_count(app.app(), "final_list.correct").await, 1);

    let second = notices::final_list_of(&app.app().db, world.campaign.id)
        .await
        .expect("query")
        .expect("the newest version");
    assert_eq!((second.number, second.replaces_id), (2, Some(first.id)));
    assert_eq!(names_in(&second), ["甲志愿者（更正）"]);
    // The first version stays readable, as published, and points on.
    app.logout().await;
    let (status, old_page) = app.get(&format!("/lists/{}", first.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(old_page.contains(&format!("/lists/{}", second.id)));
    assert!(old_page.contains(first.digest.as_deref().unwrap_or("none")));
    let (_, new_page) = app.get(&format!("/lists/{}", second.id)).await;
    assert!(
        new_page.contains("乙志愿者经核实不符合条件"),
        "the note is shown"
    );
    // The roll follows: the same honoree renamed, the other gone, its honor revoked.
    let roll = honoree::Entity::find()
        .all(&app.app().db)
        .await
        .expect("honorees");
    assert_eq!(roll.len(), 1);
    assert_eq!(
        (roll[0].id, roll[0].name.as_str(), roll[0].document_id),
        (kept_id, "甲志愿者（更正）", second.id)
    );
    let (_, found) = app.get("/honors?q=%E6%9B%B4%E6%AD%A3").await;
    assert!(found.contains("甲志愿者（更正）"), "found by its new name");
    let revoked = nomination::Entity::find_by_id(ids[1])
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("exists");
    assert_eq!(revoked.status, NominationStatus::Withdrawn);
    let history = laurel::domain::review::history(&app.app().db, ids[1])
        .await
        .expect("history");
    assert_eq!(history.last().map(|h| h.decision.as_str()), Some("revoke"));

    // A page read before the correction cannot publish over it.
    app.login("office").await;
    let response = app.post_form(&form_path, &as_pairs(&fields)).await;
    assert_eq!(response.status(), Status::Conflict);
    // Archived, the list can still be corrected; never emptied.
    reach(&app, &world, StageKind::Archived).await;
    let (_, form) = app.get(&form_path).await;
    assert!(form.contains(&second.id.to_string()));
    let emptied = [
        ("replaces", second.id.to_string()),
        ("document.issuing_organ", "青岛市李沧区文明办".into()),
        ("document.issued_on", app.app().config.today().to_string()),
        ("document.title", "先进典型名单".into()),
        ("document.body", "正文".into()),
        ("document.change_note", "全部撤销".into()),
        ("entries[0].honoree", kept_id.to_string()),
        ("entries[0].name", "甲志愿者（更正）".into()),
    ];
    let emptied: Vec<(&str, &str)> = emptied.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app.post_form(&form_path, &emptied).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains(&zh("error-correction-empty", &[]))
    );
    let versions = document::Entity::find()
        .filter(document::Column::Kind.eq(document::DocumentKind::FinalList))
        .all(&app.app().db)
        .await
        .expect("documents");
    assert_eq!(
        versions.len(),
        2,
        "nothing was published by the refused ones"
    );
}

#[rocket::async_test]
async fn the_honoree_page_shows_the_public_summary_of_the_deeds_and_nothing_private() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    publish_closed_notice(&app, &world).await;
    confirm(&app, &world).await;
    let honoree = honoree::Entity::find()
        .one(&app.app().db)
        .await
        .expect("read")
        .expect("an honoree");
    let n = nomination::Entity::find_by_id(honoree.nomination_id)
        .one(&app.app().db)
        .await
        .expect("read")
        .expect("its nomination");
    assert_ne!(n.deeds_summary, n.deeds_full);
    app.logout().await;
    let (status, page) = app.get(&format!("/honors/{}", honoree.id)).await;
    assert_eq!(status, Status::Ok);
    let deeds = page
        .split("aria-labelledby=\"deeds-title\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_default();
    let heading = zh("honoree-deeds", &[]);
    assert!(
        deeds.contains(&heading) && deeds.contains(&n.deeds_summary),
        "{page}"
    );
    assert!(
        !page.contains(&n.deeds_full),
        "the full deeds stay with the office"
    );
    let phone = n.phone.expect("the fixture gives a phone");
    assert!(!page.contains(&phone), "nor the phone");
}

#[rocket::async_test]
async fn the_demo_final_list_reads_exactly_like_the_published_licang_list() {
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let db = &app.app().db;
    // Licang's honorees as the Qingdao Daily printed them (DESIGN.md), with the original's
    // full-width quotation marks.
    let licang: Vec<(String, Vec<String>)> = [
        (
            "最美志愿者",
            vec!["任均山 青岛市李沧区任均山便民志愿服务岗队长"],
        ),
        (
            "最佳志愿服务组织",
            vec!["国家税务总局青岛市李沧区税务局“税务蓝”志愿服务队"],
        ),
        (
            "最佳志愿服务项目",
            vec![
                "青岛市李沧区李村街道北山社区“鲍秀兰爱心工作室”志愿服务项目",
                "青岛市李沧区世园街道“爱在百果山”志愿服务项目",
            ],
        ),
        (
            "最美志愿服务社区",
            vec![
                "青岛市李沧区李村街道南山社区",
                "青岛市李沧区九水街道延川路社区",
                "青岛市李沧区虎山路街道金秋社区",
            ],
        ),
    ]
    .into_iter()
    .map(|(h, lines)| (h.to_owned(), lines.into_iter().map(str::to_owned).collect()))
    .collect();

    // Licang's page on the honor roll reads exactly so, under the 2022 list.
    let district = laurel::entity::unit::Entity::find()
        .filter(laurel::entity::unit::Column::Name.eq("李沧区"))
        .one(db)
        .await
        .expect("query")
        .expect("the district");
    let (status, unit_page) = app.get(&format!("/honors/units/{}", district.id)).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(sections_headed(&unit_page, "h4"), licang);
    assert!(unit_page.contains("2022年度学雷锋志愿服务先进典型"));

    // The city's final list holds them, in the same order, among the other districts'.
    let past = laurel::entity::campaign::Entity::find()
        .filter(laurel::entity::campaign::Column::Year.eq(2022))
        .one(db)
        .await
        .expect("query")
        .expect("the 2022 campaign");
    assert!(past.organizer.contains("青岛市"), "the city's campaign");
    let list = notices::final_list_of(db, past.id)
        .await
        .expect("query")
        .expect("the 2022 final list");
    let (status, page) = app.get(&format!("/lists/{}", list.id)).await;
    assert_eq!(status, Status::Ok);
    let city = sections(&page);
    assert_eq!(
        city.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>(),
        licang.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>()
    );
    for ((heading, lines), (_, city_lines)) in licang.iter().zip(&city) {
        let theirs: Vec<&String> = city_lines.iter().filter(|l| lines.contains(l)).collect();
        assert_eq!(
            theirs,
            lines.iter().collect::<Vec<_>>(),
            "{heading}: every Licang line, in order"
        );
    }
    let total: usize = city.iter().map(|(_, lines)| lines.len()).sum();
    assert_eq!(total, 11, "the city's list holds more than Licang's seven");
    assert!(page.contains("林海燕") && page.contains("“渔家小课堂”"));
    assert!(page.contains("2022-12-15"));
}
