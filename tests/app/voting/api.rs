//! Voting through the JSON API, and the development setting's code in the real server's log.

use rocket::http::Status;
use serde_json::json;

use super::*;

#[rocket::async_test]
async fn a_voter_gets_a_pass_and_votes_through_the_api() {
    let (sms, app, world, ids) = voting_with(
        &[],
        &["子", "丑"],
        VoteRules {
            per_day: 1,
            several: true,
            totals: true,
        },
    )
    .await;
    let c = world.campaign.id;
    // A challenge is asked for a campaign that is voting, and only there.
    let (status, challenge) = app
        .api("GET", &format!("/api/v1/votes/{c}/challenge"), "", None)
        .await;
    assert_eq!(status, Status::Ok);
    assert!(
        challenge["question"]
            .as_str()
            .is_some_and(|q| q.contains('+'))
    );
    let stranger = uuid::Uuid::now_v7();
    let (status, _) = app
        .api(
            "GET",
            &format!("/api/v1/votes/{stranger}/challenge"),
            "",
            None,
        )
        .await;
    assert_eq!(status, Status::NotFound);
    let (status, sent) = app
        .api(
            "POST",
            &format!("/api/v1/votes/{c}/code"),
            "",
            Some(json!({"phone": "13612340001"})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(sent["minutes"], 10);
    let (status, refused) = app
        .api(
            "POST",
            &format!("/api/v1/votes/{c}/verify"),
            "",
            Some(json!({"phone": "13612340001", "code": "abc"})),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["key"], "error-vote-code-wrong");
    let (status, pass) = app
        .api(
            "POST",
            &format!("/api/v1/votes/{c}/verify"),
            "",
            Some(json!({"phone": "13612340001", "code": sms.code_for("13612340001")})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    let pass = pass["pass"].as_str().expect("a pass").to_owned();
    let vote = |nomination: uuid::Uuid, pass: Option<String>| {
        let mut request = app.client.post(format!("/api/v1/votes/{c}/{nomination}"));
        if let Some(pass) = pass {
            request = request.header(rocket::http::Header::new("X-Vote-Pass", pass));
        }
        async move {
            let response = request.dispatch().await;
            let status = response.status();
            let body: serde_json::Value =
                serde_json::from_str(&response.into_string().await.unwrap_or_default())
                    .unwrap_or_default();
            (status, body)
        }
    };
    let (status, refused) = vote(ids[0], None).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (Status::Conflict, Some("error-vote-not-verified"))
    );
    let (status, cast) = vote(ids[0], Some(pass.clone())).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(cast, json!({"held": false, "left_today": 0}));
    let (status, refused) = vote(ids[1], Some(pass.clone())).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (Status::Conflict, Some("error-vote-limit"))
    );
    // The ballot with the pass: nothing left today; the totals, once they are read again.
    let response = app
        .client
        .get(format!("/api/v1/votes/{c}"))
        .header(rocket::http::Header::new("X-Vote-Pass", pass))
        .dispatch()
        .await;
    let ballot: serde_json::Value =
        serde_json::from_str(&response.into_string().await.unwrap_or_default()).expect("JSON");
    assert_eq!(ballot["verified"], true);
    assert_eq!(ballot["categories"][0]["left_today"], 0);
    assert!(ballot.to_string().contains("子") && !ballot.to_string().contains("13612340001"));
    // The office's held votes: none here.
    let office = token_for(&app, "office").await;
    let (status, held) = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{c}/votes/held"),
            &office,
            None,
        )
        .await;
    assert_eq!((status, held), (Status::Ok, json!([])));
}

#[rocket::async_test]
async fn the_development_setting_writes_the_code_to_the_servers_log_and_sends_nothing() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rules = VoteRules {
        per_day: 1,
        several: true,
        totals: false,
    };
    voting_open(&app, &world, &["寅"], rules).await;
    let c = world.campaign.id;
    let port = free_port();
    let log = app.app().config.data_dir.join("server.log");
    let mut server = serve_logged(&app, port, &[], &log);
    let (status, _) = request(
        port,
        "POST",
        &format!("/api/v1/votes/{c}/code"),
        "",
        r#"{"phone": "13612340002"}"#,
    )
    .expect("answered");
    assert_eq!(status, 200);
    let text = std::fs::read_to_string(&log).expect("the log");
    let line = text
        .lines()
        .find(|l| l.contains("laurel outbound (not sent)"))
        .unwrap_or_else(|| panic!("no message in the log:\n{text}"));
    assert!(
        line.contains("136****0002") && !line.contains("13612340002"),
        "{line}"
    );
    let code: String = line
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .chars()
        .skip_while(|ch| !ch.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let body = format!(r#"{{"phone": "13612340002", "code": "{code}"}}"#);
    let (status, pass) = request(
        port,
        "POST",
        &format!("/api/v1/votes/{c}/verify"),
        "",
        &body,
    )
    .expect("answered");
    assert_eq!(status, 200, "{pass}");
    assert!(pass.contains("\"pass\""));
    let _ = server.kill();
    let _ = server.wait();
}
