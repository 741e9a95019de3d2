//! The eligibility rules the office sets per category: the form asks for what they need, the
//! checklist shows each one's outcome, and a nomination failing one is found eligible only by
//! an explicit, audited override with a reason.

use laurel::{
    domain::{nominations, review, stages::StageKind, workflow::Transition},
    entity::audit_event,
    error::AppError,
};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::helpers::*;

#[rocket::async_test]
async fn a_nomination_failing_a_rule_is_found_eligible_only_by_an_audited_override() {
    let app = TestApp::new().await;
    let world = app.world().await;
    change_categories(&app, &world, |row| {
        if row.key == "volunteer" {
            row.min_years = "3".into();
            row.needs_registration = true;
        }
    })
    .await;
    let category = app.category(&world, "volunteer").await;
    assert_eq!(
        (
            category.min_years,
            category.needs_registration,
            category.min_hours
        ),
        (Some(3), Some(true), Some(20))
    );
    let rec_a1 = app.actor("rec_a1").await;
    let today = app.app().config.today();

    // The form asks for what the rules need.
    let mut missing = person("缺项人", 1);
    missing.active_since = String::new();
    missing.registered = String::new();
    match nominations::create_draft(
        app.app(),
        &rec_a1,
        world.campaign.id.into(),
        category.id.into(),
        &missing,
    )
    .await
    {
        Err(AppError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
            assert!(fields.contains(&"active_since") && fields.contains(&"registered"));
        }
        other => panic!("{other:?}"),
    }

    // Two years of service, not registered: it fails two rules.
    let mut young = person("新人", 2);
    young.active_since = (today - time::Duration::days(2 * 365)).to_string();
    young.registered = "no".into();
    let mut n = submitted(&app, &world, &rec_a1, &young).await;
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
    reach(&app, &world, StageKind::Review).await;
    app.login("office").await;
    let (_, page) = app.get(&format!("/nominations/{}", n.id)).await;
    let checklist = page
        .split("id=\"checklist\"")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_default()
        .to_owned();
    let rule = |key: &str, min: &str| zh(key, &[("min", min.into())]);
    for failed in [rule("rule-years-person", "3"), rule("rule-registered", "0")] {
        let line = checklist
            .split("<li")
            .find(|l| l.contains(&failed))
            .unwrap_or_else(|| panic!("{failed} in {checklist}"));
        assert!(
            line.contains("check-fail") && line.contains("check-hard"),
            "{line}"
        );
    }
    let hours = checklist
        .split("<li")
        .find(|l| l.contains(&rule("rule-hours", "20")))
        .expect("the hours rule");
    assert!(hours.contains("check-ok"));
    assert!(
        page.contains("name=\"overrides\""),
        "the override is offered"
    );

    let office = token_for(&app, "office").await;
    let decide = |overrides: bool, reason: &str, version: i32| json!({"decision": "mark_eligible", "version": version, "reason": reason, "overrides": overrides});
    let path = format!("/api/v1/nominations/{}/decisions", n.id);
    let (status, body) = app
        .api("POST", &path, &office, Some(decide(false, "", n.version)))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Conflict, Some("error-rules-failed"))
    );
    let (status, body) = app
        .api(
            "POST",
            "/api/v1/review/eligible",
            &office,
            Some(json!([{"id": n.id, "version": n.version}])),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(
        (body["done"].as_u64(), body["failed"][0]["error"].as_str()),
        (Some(0), Some("error-rules-failed")),
        "the bulk decision leaves it"
    );
    let (status, body) = app
        .api("POST", &path, &office, Some(decide(true, "", n.version)))
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(body["fields"][0]["key"], "error-override-reason");
    let (status, body) = app
        .api(
            "POST",
            &path,
            &office,
            Some(decide(
                true,
                "长期参与社区服务，经核实注册记录遗漏",
                n.version,
            )),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (Status::Ok, Some("eligible"))
    );
    let event = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("nomination.mark_eligible"))
        .order_by_desc(audit_event::Column::Id)
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("audited");
    let after: serde_json::Value =
        serde_json::from_str(event.after.as_deref().unwrap_or("null")).expect("json");
    assert_eq!(
        after["overrides"],
        json!(["rule-years-person", "rule-registered"])
    );
    assert_eq!(after["reason"], "长期参与社区服务，经核实注册记录遗漏");
}

#[rocket::async_test]
async fn the_campaign_form_asks_each_category_for_the_rules_of_its_kind() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let (_, form) = app
        .get(&format!("/campaigns/{}/edit", world.campaign.id))
        .await;
    // Rows 0–3 are the standard categories: volunteer, organization, project, community.
    let row = |at: usize| {
        form.split("class=\"grid-2 category-row")
            .nth(at + 1)
            .unwrap_or_default()
            .to_owned()
    };
    let asks = |at: usize, field: &str| row(at).contains(&format!("categories[{at}].{field}\""));
    assert!(asks(0, "min_hours") && asks(0, "min_years") && asks(0, "needs_registration"));
    assert!(!asks(0, "min_members"));
    assert!(asks(1, "min_years") && asks(1, "min_members") && !asks(1, "min_hours"));
    assert!(asks(2, "min_years") && !asks(2, "min_members") && !asks(2, "min_hours"));
    assert!(
        !asks(3, "min_years") && !asks(3, "min_hours"),
        "a community has none"
    );
    // The blank form for a new campaign carries the defaults of DESIGN.md.
    let (_, blank) = app.get("/campaigns/new").await;
    for (name, value) in [
        ("categories[0].min_hours", "20"),
        ("categories[0].min_years", "3"),
        ("categories[1].min_members", "20"),
        ("categories[2].min_years", "3"),
    ] {
        assert!(
            blank.contains(&format!(
                "name=\"{name}\" type=\"number\" value=\"{value}\""
            )),
            "{name} = {value}"
        );
    }
}

#[rocket::async_test]
async fn the_public_campaign_page_states_each_categorys_rules_as_cards() {
    let app = TestApp::new().await;
    let world = app.world().await;
    change_categories(&app, &world, |row| match row.key.as_str() {
        "volunteer" => {
            row.min_years = "3".into();
            row.needs_registration = true;
        }
        "organization" => row.min_members = "20".into(),
        _ => {}
    })
    .await;
    let (status, page) = app
        .get(&format!("/public/campaigns/{}", world.campaign.id))
        .await;
    assert_eq!(status, Status::Ok);
    let rule = |key: &str, min: &str| zh(key, &[("min", min.into())]);
    // One card per category, in order, each naming its own rules and no other's.
    let cards: Vec<&str> = page
        .split("class=\"category-cards\"")
        .nth(1)
        .and_then(|rest| rest.split("</ul>\n").next())
        .unwrap_or_default()
        .split("<li class=\"card\">")
        .skip(1)
        .collect();
    assert_eq!(cards.len(), 4, "{page}");
    let volunteer = cards[0];
    for expected in [
        rule("rule-years-person", "3"),
        rule("rule-registered", "0"),
        rule("rule-hours", "20"),
    ] {
        assert!(volunteer.contains(&expected), "{expected} in {volunteer}");
    }
    assert!(!volunteer.contains(&rule("rule-members", "20")));
    assert!(cards[1].contains(&rule("rule-members", "20")));
    assert!(!cards[1].contains(&rule("rule-hours", "20")));
    let none = zh("campaign-no-rules", &[]);
    assert!(cards[3].contains(&none), "a community has no rule");
    // No table to cut on a phone.
    assert!(!page.contains("<table"));
}
