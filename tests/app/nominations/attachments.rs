//! Attachments: checked by content and size, shown only to those who may see the nomination,
//! and the upload hint with the configured limit.

use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn attachments_are_checked_by_content_and_size_and_only_reach_those_who_may_see_them() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    let upload = format!("{}/attachments", draft.path);

    let png: Vec<u8> = [
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
        &[0u8; 64][..],
    ]
    .concat();
    let response = app
        .post_multipart(&upload, &[("version", "1")], ("photo.png", &png))
        .await;
    assert_eq!(response.status(), Status::SeeOther);

    // An executable renamed to .pdf is refused by its content.
    let response = app
        .post_multipart(
            &upload,
            &[("version", "1")],
            ("deeds.pdf", b"MZ\x90\x00 not a pdf"),
        )
        .await;
    assert_refused(response, Status::UnprocessableEntity, "error-file-type").await;

    // Over the configured size (64 KiB in tests).
    let big: Vec<u8> = [&b"%PDF-1.7\n"[..], &vec![b'a'; 100 * 1024][..]].concat();
    let response = app
        .post_multipart(&upload, &[("version", "1")], ("big.pdf", &big))
        .await;
    assert_refused(
        response,
        Status::UnprocessableEntity,
        "error-file-too-large",
    )
    .await;

    let (_, html) = app.get(&draft.path).await;
    assert!(html.contains("photo.png") && !html.contains("deeds.pdf") && !html.contains("big.pdf"));
    let link: String = html
        .split("/attachments/")
        .nth(1)
        .expect("a download link")
        .chars()
        .take(36)
        .collect();
    let download = format!("{upload}/{link}");
    let response = app.client.get(download.clone()).dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert!(
        response
            .headers()
            .get_one("Content-Disposition")
            .unwrap_or_default()
            .starts_with("attachment")
    );
    assert_eq!(
        response.headers().get_one("Cache-Control"),
        Some("no-store"),
        "a download is nobody's cache's to keep"
    );
    // An upload gets a page's policies: the app does not vouch for what it holds.
    assert!(
        response
            .headers()
            .get_one("Content-Security-Policy")
            .is_some_and(|csp| csp.starts_with("default-src 'self'"))
    );
    assert_eq!(response.into_bytes().await.unwrap_or_default(), png);

    app.login("rec_b1").await;
    assert_eq!(
        app.client.get(download).dispatch().await.status(),
        Status::NotFound
    );
}

#[rocket::async_test]
async fn the_upload_hint_shows_the_configured_limit() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    let (_, html) = app.get(&draft.path).await;
    assert!(
        html.contains(&zh("help-file", &[("size", "64 KiB".into())])),
        "tests configure 64 KiB"
    );
}
