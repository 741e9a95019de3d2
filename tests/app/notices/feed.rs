//! The Atom feed of every published document.

use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn the_feed_is_atom_and_lists_every_published_document() {
    use quick_xml::{Reader, events::Event};
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let response = app.client.get("/feed.atom").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response.content_type().map(|c| c.to_string()),
        Some("application/atom+xml".to_owned())
    );
    let xml = response.into_string().await.expect("xml");
    let mut reader = Reader::from_str(&xml);
    let mut path: Vec<String> = Vec::new();
    let mut root_ns = None;
    let mut entries: Vec<Vec<String>> = Vec::new();
    let mut feed_children = Vec::new();
    let mut updated = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.name().0.to_owned();
            if path.is_empty() {
                root_ns = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.0 == "xmlns")
                    .map(|a| a.value.to_string());
            }
            if path.len() == 1 {
                feed_children.push(name.clone());
                if name == "entry" {
                    entries.push(Vec::new());
                }
            }
            if path.len() == 2 && path[1] == "entry" {
                entries.last_mut().expect("in an entry").push(name.clone());
            }
            if !empty {
                path.push(name);
            }
            continue;
        }
        match event {
            Event::Text(t) if path.last().is_some_and(|n| n == "updated") => {
                updated.push(t.into_inner().to_string());
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root_ns.as_deref(), Some("http://www.w3.org/2005/Atom"));
    for required in ["id", "title", "updated", "author"] {
        assert!(
            feed_children.iter().any(|c| c == required),
            "feed {required}"
        );
    }
    assert_eq!(
        entries.len(),
        4,
        "the 2022 notice and final list, and the notices of the campaigns on notice and waiting for their final list"
    );
    for entry in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(entry.iter().any(|c| c == required), "entry {required}");
        }
    }
    assert!(!updated.is_empty());
    for stamp in updated {
        time::OffsetDateTime::parse(&stamp, &time::format_description::well_known::Rfc3339)
            .expect("RFC 3339 dates");
    }
}
