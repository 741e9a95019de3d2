//! Duplicates: the same person nominated twice, or the same name and birth date, is flagged on
//! both nominations and counted once.

use laurel::domain::review;

use crate::helpers::*;

#[rocket::async_test]
async fn the_same_person_nominated_twice_is_flagged_on_both_nominations() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let rec_b1 = app.actor("rec_b1").await;
    let first = submitted(&app, &world, &rec_a1, &person("吴九", 7)).await;
    let mut same_id = person("吴玖", 7);
    same_id.phone = "13900009999".into();
    let second = submitted(&app, &world, &rec_b1, &same_id).await;
    let third = submitted(&app, &world, &app.actor("rec_b").await, &person("郑十", 8)).await;
    for (a, b) in [(&first, &second), (&second, &first)] {
        let found = review::duplicates(&app.app().db, a).await.expect("query");
        assert_eq!(found.len(), 1, "{}", a.nominee_name);
        assert_eq!(found[0].id, b.id);
        assert_eq!(found[0].reason, "check-dup-id-number");
    }
    assert!(
        review::duplicates(&app.app().db, &third)
            .await
            .expect("query")
            .is_empty()
    );
    app.login("office").await;
    let (_, page) = app.get(&format!("/nominations/{}", first.id)).await;
    assert!(
        page.contains(&zh("check-duplicate-found", &[]))
            && page.contains(&zh("check-dup-id-number", &[]))
            && page.contains(&second.id.to_string())
    );
}

#[rocket::async_test]
async fn the_same_name_and_birth_date_is_flagged_and_a_match_on_both_counts_once() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let rec_b1 = app.actor("rec_b1").await;
    // Same name, same birth date (1980-05-10), different ID numbers.
    let first = submitted(&app, &world, &rec_a1, &person("王五", 11)).await;
    let second = submitted(&app, &world, &rec_b1, &person("王五", 12)).await;
    // Same name, born a day later: another person.
    let other = submitted(
        &app,
        &world,
        &app.actor("rec_b").await,
        &person("王五", 1011),
    )
    .await;
    for (a, b) in [(&first, &second), (&second, &first)] {
        let found = review::duplicates(&app.app().db, a).await.expect("query");
        assert_eq!(
            found.len(),
            1,
            "{:?}",
            found.iter().map(|d| d.id).collect::<Vec<_>>()
        );
        assert_eq!(found[0].id, b.id);
        assert_eq!(found[0].reason, "check-dup-name-birth");
    }
    assert!(
        review::duplicates(&app.app().db, &other)
            .await
            .expect("query")
            .is_empty()
    );
    // Same name and same ID number: found by both lookups, listed once, as the ID number.
    let twin = submitted(&app, &world, &app.actor("rec_a").await, &person("王五", 11)).await;
    let found = review::duplicates(&app.app().db, &twin)
        .await
        .expect("query");
    let on_first: Vec<_> = found.iter().filter(|d| d.id == first.id).collect();
    assert_eq!(on_first.len(), 1, "listed once");
    assert_eq!(on_first[0].reason, "check-dup-id-number");
}
