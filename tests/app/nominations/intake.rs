//! Nomination intake in groups (group commit): nominations that arrive together share one
//! transaction; each caller still gets its own row, its own audit event in an intact chain,
//! and its own error.

use std::collections::HashSet;

use laurel::{
    domain::{audit::Who, audit::verify::verify, nominations},
    entity::{audit_event, nomination, nomination_gram},
};
use rocket::{futures::future::join_all, http::Status};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::*;

/// The `nomination.create` events of these nominations, oldest first.
async fn create_events(app: &TestApp, ids: &[Uuid]) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("nomination.create"))
        .filter(audit_event::Column::EntityId.is_in(ids.iter().map(Uuid::to_string)))
        .order_by_asc(audit_event::Column::Id)
        .all(&app.app().db)
        .await
        .expect("events")
}

async fn assert_chain_intact(app: &TestApp) {
    let report = verify(&app.app().db).await.expect("verify");
    assert!(report.is_intact(), "{:?}", report.first_break);
}

#[rocket::async_test]
async fn nominations_sent_at_once_each_get_their_own_row_bigrams_and_chained_event() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let token = token_for(&app, "rec_a1").await;
    let person_category = app.category(&world, "volunteer").await;
    let count = 40;
    let requests = (0..count).map(|i| {
        let mut fields = person(&format!("同批{i}号"), 1);
        fields.volunteer_hours = (i + 1).to_string();
        let mut body = serde_json::to_value(fields).expect("json");
        body["campaign_id"] = json!(world.campaign.id);
        body["category_id"] = json!(person_category.id);
        app.api("POST", "/api/v1/nominations", &token, Some(body))
    });
    let answers = join_all(requests).await;

    // Each caller hears about its own nomination, not a neighbour's in the group.
    let mut ids = Vec::new();
    for (i, (status, body)) in answers.iter().enumerate() {
        assert_eq!(*status, Status::Ok, "{body}");
        assert_eq!(body["nominee_name"], format!("同批{i}号"), "{body}");
        assert_eq!(body["volunteer_hours"], i + 1, "{body}");
        ids.push(Uuid::parse_str(body["id"].as_str().expect("id")).expect("uuid"));
    }
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), count);
    let stored = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(ids.clone()))
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(stored, count as u64);

    // The name index holds every one of them: a search finds exactly the one asked for.
    let q: String = "同批17号".bytes().map(|b| format!("%{b:02X}")).collect();
    let (status, found) = app
        .api("GET", &format!("/api/v1/nominations?q={q}"), &token, None)
        .await;
    assert_eq!(status, Status::Ok, "{found}");
    let rows = found["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1, "{found}");
    assert_eq!(rows[0]["id"], ids[17].to_string());

    // One event per nomination, for that nomination, in an intact chain.
    let events = create_events(&app, &ids).await;
    assert_eq!(events.len(), count);
    let named: HashSet<String> = events.iter().map(|e| e.entity_id.clone()).collect();
    assert_eq!(named.len(), count);
    assert!(
        events
            .iter()
            .all(|e| e.actor_label == "rec_a1" && e.campaign_id == Some(world.campaign.id))
    );
    assert_chain_intact(&app).await;
    // They were written in groups: a group's events share the instant of its transaction.
    let instants: HashSet<_> = events.iter().map(|e| e.occurred_at).collect();
    assert!(
        instants.len() < count,
        "{} groups for {count} nominations sent at once",
        instants.len()
    );
}

#[rocket::async_test]
async fn a_row_the_database_refuses_fails_alone_and_the_rest_of_its_group_is_written() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let clerk = app.actor("rec_a1").await;
    let category = app.category(&world, "volunteer").await;
    let template = nominations::create_draft(
        app.app(),
        &clerk,
        world.campaign.id.into(),
        category.id.into(),
        &person("样板", 1),
    )
    .await
    .expect("the template");
    let row = |name: &str| {
        let mut row: nomination::ActiveModel = template.clone().into();
        row.id = Set(Uuid::now_v7());
        row.nominee_name = Set(name.to_owned());
        row
    };
    let who = Who::system("intake-test");
    let intake = &app.app().intake;

    // Sent at once, the first is written alone and the other four wait and go as one group.
    let names = ["甲组一", "甲组二", "甲组三", "甲组四", "甲组五"];
    let written = join_all(names.iter().map(|n| intake.add(row(n), who.clone()))).await;
    let written: Vec<nomination::Model> =
        written.into_iter().map(|r| r.expect("written")).collect();
    for (model, name) in written.iter().zip(names) {
        assert_eq!(model.nominee_name, name);
    }
    let events = create_events(&app, &written.iter().map(|m| m.id).collect::<Vec<_>>()).await;
    let instants: HashSet<_> = events[1..].iter().map(|e| e.occurred_at).collect();
    assert_eq!(events.len(), 5);
    assert_eq!(
        instants.len(),
        1,
        "the four waiting rows share one transaction"
    );

    // A row for a campaign that does not exist is refused by the database (foreign key): its
    // caller gets the error, the others of its group are written.
    let names = ["乙组一", "乙组二", "乙组三", "乙组四", "乙组五"];
    let rows: Vec<nomination::ActiveModel> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut row = row(n);
            if i == 2 {
                row.campaign_id = Set(Uuid::new_v4());
            }
            row
        })
        .collect();
    let results = join_all(rows.into_iter().map(|r| intake.add(r, who.clone()))).await;
    let mut ids = Vec::new();
    for (i, result) in results.into_iter().enumerate() {
        if i == 2 {
            assert!(result.is_err(), "the refused row");
        } else {
            let model = result.expect("the others are written");
            assert_eq!(model.nominee_name, names[i]);
            ids.push(model.id);
        }
    }
    let stored = nomination::Entity::find()
        .filter(nomination::Column::NomineeName.starts_with("乙组"))
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(stored, 4);
    assert_eq!(create_events(&app, &ids).await.len(), 4);
    let orphans = nomination_gram::Entity::find()
        .filter(nomination_gram::Column::Gram.eq("组三"))
        .count(&app.app().db)
        .await
        .expect("grams");
    assert_eq!(orphans, 1, "only 甲组三's bigram, none of the refused row");
    assert_chain_intact(&app).await;
}
