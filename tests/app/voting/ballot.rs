//! A member of the public verifies and votes through the pages.

use laurel::domain::voting;
use rocket::http::Status;

use super::*;

#[rocket::async_test]
async fn a_voter_verifies_with_the_code_sent_to_their_phone_and_votes_within_the_days_rules() {
    let (sms, app, world, ids) = voting_with(
        &[],
        &["甲", "乙", "丙"],
        VoteRules {
            per_day: 2,
            several: true,
            totals: true,
        },
    )
    .await;
    let c = world.campaign.id;
    app.logout().await;

    // The ballot: every candidate with public fields only, no vote button before verifying.
    let (status, page) = app.get(&format!("/vote/{c}")).await;
    assert_eq!(status, Status::Ok);
    for name in ["甲", "乙", "丙"] {
        assert!(
            page.contains(&format!("<h3>{name}</h3>")),
            "{name} is on the ballot"
        );
    }
    for private in private_values(&app).await {
        assert!(!page.contains(&private), "the ballot shows {private}");
    }
    assert!(!page.contains(&format!("/vote/{c}/{}\"", ids[0])));
    assert!(page.contains(&format!("href=\"/vote/{c}/verify\"")));

    // A code to the phone, through the gateway.
    let phone = "13912340001";
    let response = app
        .post_form(&format!("/vote/{c}/code"), &[("phone", phone)])
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("id=\"code-sent\"")
    );
    let code = sms.code_for(phone);
    assert_eq!(code.len(), 6);
    // A wrong code is refused at the field; the right one verifies.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let response = app
        .post_form(
            &format!("/vote/{c}/verify"),
            &[("phone", phone), ("code", wrong)],
        )
        .await;
    assert_field_error(response, "code", "error-vote-code-wrong").await;
    let response = app
        .post_form(
            &format!("/vote/{c}/verify"),
            &[("phone", phone), ("code", &code)],
        )
        .await;
    assert_redirect_to(&response, &format!("/vote/{c}"));
    // The same code again is refused: a code verifies once.
    let response = app
        .post_form(
            &format!("/vote/{c}/verify"),
            &[("phone", phone), ("code", &code)],
        )
        .await;
    assert_field_error(response, "code", "error-vote-code-used").await;

    // Two votes a day, one per candidate.
    let vote = |id: uuid::Uuid| format!("/vote/{c}/{id}");
    let response = app.post_form(&vote(ids[0]), &[]).await;
    assert_redirect_to(&response, &format!("/vote/{c}"));
    let response = app.post_form(&vote(ids[0]), &[]).await;
    assert_refused(response, Status::Conflict, "error-vote-already").await;
    let response = app.post_form(&vote(ids[1]), &[]).await;
    assert_eq!(response.status(), Status::SeeOther);
    let response = app.post_form(&vote(ids[2]), &[]).await;
    assert_refused(response, Status::Conflict, "error-vote-limit").await;
    let counted = voting::count(&app.app().db, c).await.expect("totals");
    assert_eq!(counted.get(&ids[0]), Some(&1));
    assert_eq!(counted.get(&ids[1]), Some(&1));
    assert_eq!(counted.get(&ids[2]), None);
    let (_, page) = app.get(&format!("/vote/{c}")).await;
    assert!(page.contains(&zh("vote-left-today", &[("count", "0".into())])));
    // The phone is kept only as a keyed hash.
    let phones = laurel::entity::vote::Entity::find()
        .all(&app.app().db)
        .await
        .expect("votes");
    assert!(
        phones
            .iter()
            .all(|v| !v.voter_hash.contains(phone) && v.voter_hash.len() == 64)
    );
}

#[rocket::async_test]
async fn no_vote_counts_without_a_pass_or_outside_the_window() {
    let (sms, app, world, ids) = voting_with(
        &[],
        &["丁"],
        VoteRules {
            per_day: 1,
            several: false,
            totals: false,
        },
    )
    .await;
    let c = world.campaign.id;
    app.logout().await;
    let response = app.post_form(&format!("/vote/{c}/{}", ids[0]), &[]).await;
    assert_refused(response, Status::Conflict, "error-vote-not-verified").await;
    // Past the window: refused, naming it.
    let token = pass_for(&app, &sms, &world, "13912340002", "10.0.0.2").await;
    let late = app.app().config.today() + time::Duration::days(6);
    let refused = voting::cast(app.app(), c, Some(&token), ids[0], Some("10.0.0.2"), late).await;
    assert!(
        matches!(
            refused,
            Err(laurel::error::AppError::Refused("error-vote-window", _))
        ),
        "{refused:?}"
    );
    // Without totals shown, the ballot shows no count.
    let (_, page) = app.get(&format!("/vote/{c}")).await;
    assert!(!page.contains("class=\"votes\""));
}

#[rocket::async_test]
async fn the_public_ballot_is_the_same_bytes_for_everyone_and_its_totals_at_most_a_second_old() {
    let (sms, app, world, ids) = voting_with(
        &[],
        &["卯"],
        VoteRules {
            per_day: 1,
            several: true,
            totals: true,
        },
    )
    .await;
    let c = world.campaign.id;
    app.logout().await;
    let get = |path: String| async {
        let response = app.client.get(path).dispatch().await;
        let etag = response
            .headers()
            .get_one("ETag")
            .unwrap_or_default()
            .to_owned();
        (
            response.status(),
            etag,
            response.into_string().await.unwrap_or_default(),
        )
    };
    // The sign-out's message is shown once, elsewhere.
    app.get("/").await;
    let (status, first, page) = get(format!("/vote/{c}")).await;
    assert_eq!(status, Status::Ok);
    assert!(
        !first.is_empty() && !page.contains("name=\"_csrf\""),
        "no form, no token: the same for all\n{page}"
    );
    let (_, json_tag, json) = get(format!("/api/v1/votes/{c}")).await;
    assert!(json.contains("\"votes\":0"), "{json}");
    // A vote: the kept ballot stands for up to a second, then shows it.
    let token = pass_for(&app, &sms, &world, "13912340009", "10.0.9.1").await;
    voting::cast(
        app.app(),
        c,
        Some(&token),
        ids[0],
        Some("10.0.9.1"),
        app.app().config.today(),
    )
    .await
    .expect("cast");
    let (_, again, _) = get(format!("/vote/{c}")).await;
    assert_eq!(again, first, "not read again for a vote");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (_, later, page) = get(format!("/vote/{c}")).await;
    assert_ne!(later, first);
    assert!(page.contains(&zh("vote-count", &[("count", "1".into())])));
    let (_, json_later, json) = get(format!("/api/v1/votes/{c}")).await;
    assert_ne!(json_later, json_tag);
    assert!(json.contains("\"votes\":1"), "{json}");
    // Asked again with its validator: 304, no body.
    let response = app
        .client
        .get(format!("/vote/{c}"))
        .header(rocket::http::Header::new("If-None-Match", later))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::NotModified);
}

#[rocket::async_test]
async fn a_signed_in_user_sees_the_ballot_under_their_own_header_never_the_shared_one() {
    let (_sms, app, world, _) = voting_with(
        &[],
        &["辰"],
        VoteRules {
            per_day: 1,
            several: true,
            totals: false,
        },
    )
    .await;
    let path = format!("/vote/{}", world.campaign.id);
    let logout = zh("nav-logout", &[]);
    let read = |path: String| async {
        let response = app.client.get(path).dispatch().await;
        let cache = response
            .headers()
            .get_one("Cache-Control")
            .unwrap_or_default()
            .to_owned();
        (cache, response.into_string().await.unwrap_or_default())
    };
    // Made for everyone first, then asked for by the signed-in office.
    app.logout().await;
    app.get("/").await;
    let (cache, page) = read(path.clone()).await;
    assert!(
        cache.starts_with("public") && !page.contains(&logout),
        "{cache}"
    );
    app.login("office").await;
    // Any message of the sign-in is shown once, elsewhere.
    app.get("/").await;
    let (cache, page) = read(path.clone()).await;
    assert!(!cache.starts_with("public"), "{cache}");
    assert!(page.contains(&logout), "the signed-in user's own header");
}

use sea_orm::EntityTrait;
