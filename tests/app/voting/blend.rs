//! The ranking where the public vote counts: the blend by the category's weight, checked
//! against the formula worked out from the parts, and the vote as reference only.

use laurel::domain::{evaluation, voting};
use rocket::http::Status;

use super::*;

#[rocket::async_test]
async fn the_ranking_blends_the_experts_and_the_votes_by_the_categorys_weight_or_shows_the_votes_for_reference()
 {
    let sms = SmsGateway::start().await;
    let app = app_with(&sms, &[]).await;
    let world = app.world().await;
    let rules = VoteRules {
        per_day: 1,
        several: true,
        totals: false,
    };
    // The experts rank 甲 first, then 乙, then 丙.
    let ids = voting_open(&app, &world, &["甲", "乙", "丙"], rules).await;
    let c = world.campaign.id;
    let today = app.app().config.today();
    // The public: 丙 three votes, 乙 one, 甲 none.
    for (i, candidate) in [ids[2], ids[2], ids[2], ids[1]].iter().enumerate() {
        let token = pass_for(
            &app,
            &sms,
            &world,
            &format!("1350000{i:04}"),
            &format!("10.{i}.1.1"),
        )
        .await;
        voting::cast(
            app.app(),
            c,
            Some(&token),
            *candidate,
            Some(&format!("10.{i}.1.1")),
            today,
        )
        .await
        .expect("cast");
    }
    let category = app.category(&world, "volunteer").await;
    let office = token_for(&app, "office").await;
    let ranking = || async {
        let (status, rows) = app
            .api(
                "GET",
                &format!("/api/v1/evaluation/categories/{}/ranking", category.id),
                &office,
                None,
            )
            .await;
        assert_eq!(status, Status::Ok);
        rows.as_array().expect("rows").clone()
    };

    // Reference only (no weight): ranked by the experts, the votes beside.
    let rows = ranking().await;
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["nominee_name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["甲", "乙", "丙"]);
    assert_eq!(rows[2]["votes"], 3);
    assert_eq!(rows[0]["score"], rows[0]["expert_score"]);
    assert!(rows[0]["vote_part"].is_null());

    // Half and half: score = expert / rubric max × 100 × 50% + votes / 3 × 100 × 50%.
    change_categories(&app, &world, |row| {
        if row.key == "volunteer" {
            row.vote_weight = "50".into();
        }
    })
    .await;
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    let max: f64 = rubric
        .iter()
        .map(|c| f64::from(c.max_points) * c.weight)
        .sum();
    let rows = ranking().await;
    for row in &rows {
        let expert = row["expert_score"].as_f64().expect("scored");
        let votes = row["votes"].as_i64().expect("counted") as f64;
        let by_hand = expert / max * 100.0 * 0.5 + votes / 3.0 * 100.0 * 0.5;
        let score = row["score"].as_f64().expect("blended");
        assert!(
            (score - by_hand).abs() < 0.006,
            "{row}: {score} against {by_hand}"
        );
        assert!((row["vote_part"].as_f64().expect("a part") - votes / 3.0 * 100.0).abs() < 0.006);
    }
    let scores: Vec<f64> = rows
        .iter()
        .map(|r| r["score"].as_f64().unwrap_or(0.0))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "ranked by the blend: {scores:?}"
    );
    assert_eq!(
        rows[0]["nominee_name"], "丙",
        "the votes lift 丙 to the top: {rows:?}"
    );
    // The office's page says how the score is made and shows both parts.
    app.login("office").await;
    let (status, page) = app
        .get(&format!("/evaluation/categories/{}/ranking", category.id))
        .await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("id=\"blend-rule\"") && page.contains("class=\"num vote-part\""));
}
