//! The rules under pressure: simultaneous votes, codes tried and replayed, limits per phone,
//! address and network, the challenge, and bursts held for the office.

use laurel::{domain::voting, error::AppError};
use rocket::http::Status;

use super::*;

#[rocket::async_test]
async fn a_hundred_simultaneous_votes_count_exactly_what_the_rules_allow() {
    let (sms, app, world, ids) = voting_with(
        &[
            ("laurel.vote_burst_per_minute", "1000"),
            ("laurel.vote_burst_pattern", "1000"),
        ],
        &["戊", "己"],
        VoteRules {
            per_day: 3,
            several: false,
            totals: true,
        },
    )
    .await;
    let c = world.campaign.id;
    let today = app.app().config.today();
    // One voter, a hundred requests at once for the same candidate: three count.
    let token = pass_for(&app, &sms, &world, "13912340003", "10.0.3.1").await;
    let tries =
        (0..100).map(|_| voting::cast(app.app(), c, Some(&token), ids[0], Some("10.0.3.1"), today));
    let results = rocket::futures::future::join_all(tries).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 3);
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(_) | Err(AppError::Refused("error-vote-limit", _))))
    );
    // Having chosen, the voter cannot support the other candidate.
    let other = voting::cast(app.app(), c, Some(&token), ids[1], Some("10.0.3.1"), today).await;
    assert!(matches!(other, Err(AppError::Refused(..))), "{other:?}");
    // A hundred voters at once from a hundred networks: every vote counts, none is lost.
    let mut passes = Vec::new();
    for i in 0..100u16 {
        passes.push(
            pass_for(
                &app,
                &sms,
                &world,
                &format!("1370000{i:04}"),
                &format!("10.{i}.9.1"),
            )
            .await,
        );
    }
    let (app_ref, candidate) = (&app, ids[1]);
    let votes = passes.iter().enumerate().map(|(i, token)| {
        let ip = format!("10.{i}.9.1");
        async move { voting::cast(app_ref.app(), c, Some(token), candidate, Some(&ip), today).await }
    });
    let results = rocket::futures::future::join_all(votes).await;
    assert!(
        results.iter().all(Result::is_ok),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    let counted = voting::count(&app.app().db, c).await.expect("totals");
    assert_eq!(counted.get(&ids[0]), Some(&3));
    assert_eq!(counted.get(&ids[1]), Some(&100));
}

#[rocket::async_test]
async fn codes_expire_and_are_spent_by_wrong_tries() {
    let (sms, app, world, _) = voting_with(
        &[("laurel.vote_code_minutes", "0")],
        &["庚"],
        VoteRules {
            per_day: 1,
            several: true,
            totals: false,
        },
    )
    .await;
    let c = world.campaign.id;
    let today = app.app().config.today();
    let app_ref = &app;
    let ask = |phone: &'static str| async move {
        let input = voting::CodeInput {
            phone: phone.into(),
            ..voting::CodeInput::default()
        };
        voting::request_code(app_ref.app(), c, &input, Some("10.0.4.1"), today).await
    };
    let check = |phone: &'static str, code: String| async move {
        let input = voting::VerifyInput {
            phone: phone.into(),
            code,
        };
        voting::verify(app_ref.app(), c, &input, today).await
    };
    let key_of = |r: Result<String, AppError>| match r {
        Err(AppError::Invalid(errors)) => errors.0[0].key,
        other => panic!("expected a field error, got {other:?}"),
    };
    // A code that lasts no minutes has expired when typed.
    ask("13912340004").await.expect("sent");
    assert_eq!(
        key_of(check("13912340004", sms.code_for("13912340004")).await),
        "error-vote-code-expired"
    );
    // A number that is not a mobile one is refused at the field.
    match ask("0532-8888888").await {
        Err(AppError::Invalid(errors)) => assert_eq!(errors.0[0].key, "error-vote-phone"),
        other => panic!("{other:?}"),
    }
}

#[rocket::async_test]
async fn wrong_codes_spend_a_code() {
    let (sms, app, world, _) = voting_with(
        &[],
        &["辛"],
        VoteRules {
            per_day: 1,
            several: true,
            totals: false,
        },
    )
    .await;
    let c = world.campaign.id;
    let today = app.app().config.today();
    let phone = "13912340005";
    voting::request_code(
        app.app(),
        c,
        &voting::CodeInput {
            phone: phone.into(),
            ..voting::CodeInput::default()
        },
        Some("10.0.5.1"),
        today,
    )
    .await
    .expect("sent");
    let right = sms.code_for(phone);
    let wrong = if right == "999999" {
        "888888"
    } else {
        "999999"
    };
    for _ in 0..5 {
        let r = voting::verify(
            app.app(),
            c,
            &voting::VerifyInput {
                phone: phone.into(),
                code: wrong.into(),
            },
            today,
        )
        .await;
        assert!(matches!(r, Err(AppError::Invalid(_))));
    }
    let r = voting::verify(
        app.app(),
        c,
        &voting::VerifyInput {
            phone: phone.into(),
            code: right,
        },
        today,
    )
    .await;
    match r {
        Err(AppError::Invalid(errors)) => assert_eq!(errors.0[0].key, "error-vote-code-attempts"),
        other => panic!("{other:?}"),
    }
}

#[rocket::async_test]
async fn code_requests_are_limited_per_phone_address_and_network_and_challenged_after_a_few() {
    let (_sms, app, world, _) = voting_with(
        &[
            ("laurel.vote_codes_per_phone_hour", "2"),
            ("laurel.vote_codes_per_address_hour", "5"),
            ("laurel.vote_codes_per_prefix_hour", "6"),
            ("laurel.vote_challenge_after", "2"),
        ],
        &["壬"],
        VoteRules {
            per_day: 1,
            several: true,
            totals: false,
        },
    )
    .await;
    let c = world.campaign.id;
    app.logout().await;
    let ask = |phone: String, ip: &'static str, extra: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let mut fields = vec![("phone", phone)];
            fields.extend(extra);
            let client = &app.client;
            let token = app.csrf_token().await;
            let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
            all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            client
                .post(format!("/vote/{c}/code"))
                .header(rocket::http::ContentType::Form)
                .remote(format!("{ip}:5000").parse().expect("an address"))
                .body(encode(&all))
                .dispatch()
                .await
        }
    };
    // Per phone: the third code within the hour is refused.
    for _ in 0..2 {
        assert_eq!(
            ask("13912340006".into(), "10.0.6.1", vec![]).await.status(),
            Status::Ok
        );
    }
    assert_eq!(
        ask("13912340006".into(), "10.0.6.2", vec![]).await.status(),
        Status::TooManyRequests
    );
    // From one address, after two requests a challenge is asked; a right answer passes.
    let response = ask("13912340007".into(), "10.0.6.1", vec![]).await;
    let html = assert_field_error(response, "challenge", "error-vote-challenge").await;
    let token: String = html
        .split("name=\"challenge\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a challenge in the form")
        .to_owned();
    let parts: Vec<u32> = token
        .split('.')
        .take(2)
        .map(|p| p.parse().expect("a term"))
        .collect();
    let answer = (parts[0] + parts[1]).to_string();
    let response = ask(
        "13912340007".into(),
        "10.0.6.1",
        vec![("challenge", token.clone()), ("answer", answer.clone())],
    )
    .await;
    assert_eq!(response.status(), Status::Ok);
    let response = ask(
        "13912340008".into(),
        "10.0.6.1",
        vec![("challenge", token.clone()), ("answer", "0".into())],
    )
    .await;
    assert_field_error(response, "challenge", "error-vote-challenge").await;
    // Per address: past five within the hour, refused whatever the answer.
    let response = ask(
        "13912340009".into(),
        "10.0.6.1",
        vec![("challenge", token.clone()), ("answer", answer.clone())],
    )
    .await;
    assert_eq!(response.status(), Status::TooManyRequests);
    // Per network: the /24 has had its six (the one from .2 counted as well).
    let response = ask("13912340010".into(), "10.0.6.3", vec![]).await;
    assert_eq!(response.status(), Status::TooManyRequests);
    let response = ask("13912340010".into(), "10.0.7.3", vec![]).await;
    assert_eq!(
        response.status(),
        Status::Ok,
        "another network is not limited by that one"
    );
}

#[rocket::async_test]
async fn votes_in_a_burst_from_one_network_are_held_until_the_office_decides() {
    let (sms, app, world, ids) = voting_with(
        &[
            ("laurel.vote_burst_per_minute", "3"),
            ("laurel.vote_burst_pattern", "1000"),
        ],
        &["癸"],
        VoteRules {
            per_day: 1,
            several: true,
            totals: true,
        },
    )
    .await;
    let c = world.campaign.id;
    let today = app.app().config.today();
    let mut held = 0;
    for i in 0..8u16 {
        let token = pass_for(
            &app,
            &sms,
            &world,
            &format!("1360000{i:04}"),
            &format!("10.8.{i}.1"),
        )
        .await;
        let cast = voting::cast(app.app(), c, Some(&token), ids[0], Some("10.9.9.9"), today)
            .await
            .expect("cast");
        held += usize::from(cast.held);
    }
    // Whether the minute turned between them or not, the totals hold only what was counted.
    let counted = *voting::count(&app.app().db, c)
        .await
        .expect("totals")
        .get(&ids[0])
        .unwrap_or(&0);
    assert_eq!(counted as usize + held, 8);
    assert!(
        held >= 1,
        "a burst of eight from one network is held (four in one minute at least)"
    );
    // The office sees them grouped, cannot move on, then accepts them.
    app.login("office").await;
    let (status, page) = app.get(&format!("/campaigns/{c}/votes")).await;
    assert_eq!(status, Status::Ok);
    let page = unescape(&page);
    assert!(page.contains("10.9.9.0/24") && page.contains(&zh("votes-flag-burst_minute", &[])));
    let version = campaign_version(&app, &world).await.to_string();
    let response = app
        .post_form(
            &format!("/campaigns/{c}/advance"),
            &[("version", version.as_str())],
        )
        .await;
    assert_refused(response, Status::Conflict, "stage-blocked-votes-held").await;
    let category = app.category(&world, "volunteer").await.id.to_string();
    // The office's decision on one network's burst within a minute.
    let decide = |prefix: &'static str, decision: &'static str| {
        let form = [
            ("category_id", category.clone()),
            ("prefix", prefix.to_owned()),
            ("flag", "burst_minute".to_owned()),
            ("decision", decision.to_owned()),
        ];
        let app = &app;
        async move {
            let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&format!("/campaigns/{c}/votes/held"), &fields)
                .await
                .status()
        }
    };
    let before = audit_count(app.app(), "votes.decide_held").await;
    let status = decide("10.9.9.0/24", "accept").await;
    assert_eq!(status, Status::SeeOther);
    assert_audited(app.app(), "votes.decide_held", before, 1).await;
    assert_eq!(
        voting::count(&app.app().db, c)
            .await
            .expect("totals")
            .get(&ids[0]),
        Some(&8)
    );
    // Another burst, from another network (eight: four fall in one minute whenever the
    // minute turns): rejected, it never counts.
    let mut held_again = 0;
    for i in 8..16u16 {
        let phone = format!("1360000{i:04}");
        let token = pass_for(&app, &sms, &world, &phone, &format!("10.8.{i}.1")).await;
        let cast = voting::cast(app.app(), c, Some(&token), ids[0], Some("10.7.7.7"), today)
            .await
            .expect("cast");
        held_again += u64::from(cast.held);
    }
    assert!(held_again >= 1, "a second burst is held");
    let counted_before = *voting::count(&app.app().db, c)
        .await
        .expect("totals")
        .get(&ids[0])
        .unwrap_or(&0);
    let status = decide("10.7.7.0/24", "reject").await;
    assert_eq!(status, Status::SeeOther);
    let counted_after = *voting::count(&app.app().db, c)
        .await
        .expect("totals")
        .get(&ids[0])
        .unwrap_or(&0);
    assert_eq!(counted_after, counted_before, "rejected votes never count");
    assert_eq!(
        counted_after,
        8 + 8 - i64::try_from(held_again).expect("few")
    );
    let version = campaign_version(&app, &world).await.to_string();
    let response = app
        .post_form(
            &format!("/campaigns/{c}/advance"),
            &[("version", version.as_str())],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
}
