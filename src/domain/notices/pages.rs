//! The stored pages of published documents: each document's page is rendered once per
//! language, release of the templates and phase of a notice, and kept beside the document, so
//! that notice day serves stored bytes. The faces render; this file keeps and finds.

use super::*;

/// How many changes to published documents this instance has made (a publication, a
/// correction, a decided objection, a new order). Pages kept in an instance's memory are kept
/// with the count of their time and served only while it is unchanged, so that whichever face
/// made the change, this instance shows it at once. (Other instances see it when their copy
/// expires.)
#[derive(Debug, Default)]
pub struct Changes(std::sync::atomic::AtomicU64);

impl Changes {
    /// Records a change.
    pub fn mark(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// The count now.
    #[must_use]
    pub fn current(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A published document as its page needs it on `today`: where a notice stands, the final
/// list a closed notice points to, and the key its stored page is kept under.
#[derive(Clone, Debug)]
pub struct PageSource {
    /// The document.
    pub doc: document::Model,
    /// `upcoming`, `open`, `closed` or `final` ([`super::phase`]).
    pub phase: &'static str,
    /// The final list a closed notice points to.
    pub final_list: Option<Uuid>,
}

impl PageSource {
    /// The key its page is stored under, for a language and a release of the templates: the
    /// content never changes, its presentation may improve and its window passes.
    #[must_use]
    pub fn stored_as(&self, lang: &str, templates: &str) -> String {
        format!(
            "{lang}:{templates}:{}{}",
            self.phase,
            self.final_list
                .map(|id| format!(":{id}"))
                .unwrap_or_default()
        )
    }
}

/// A published document with what its page needs on `today`.
///
/// # Errors
/// [`AppError::NotFound`] when it is not published.
pub async fn page_source(
    db: &impl ConnectionTrait,
    id: DocumentId,
    today: Date,
) -> AppResult<PageSource> {
    let doc = published(db, id).await?;
    let phase = phase(&doc, today);
    let final_list = if doc.kind == DocumentKind::Notice && phase == "closed" {
        final_list_of(db, doc.campaign_id).await?.map(|d| d.id)
    } else {
        None
    };
    Ok(PageSource {
        doc,
        phase,
        final_list,
    })
}

/// The page stored for a document under `stored_as`: its HTML and ETag.
///
/// # Errors
/// When the database fails.
pub async fn stored_page(
    db: &impl ConnectionTrait,
    document_id: Uuid,
    stored_as: &str,
) -> AppResult<Option<(String, String)>> {
    Ok(document_page::Entity::find()
        .filter(document_page::Column::DocumentId.eq(document_id))
        .filter(document_page::Column::Lang.eq(stored_as))
        .one(db)
        .await?
        .map(|row| (row.html, row.etag)))
}

/// Keeps a document's page under `stored_as` (the first instance to store it wins), and
/// drops what an earlier release stored for the same language.
///
/// # Errors
/// When the database fails.
pub async fn store_page(
    db: &impl ConnectionTrait,
    document_id: Uuid,
    lang: &str,
    stored_as: &str,
    html: &str,
    etag: &str,
) -> AppResult<()> {
    document_page::Entity::insert(document_page::ActiveModel {
        id: Set(Uuid::now_v7()),
        document_id: Set(document_id),
        lang: Set(stored_as.to_owned()),
        html: Set(html.to_owned()),
        etag: Set(etag.to_owned()),
        rendered_at: Set(now()),
    })
    .on_conflict_do_nothing_on([
        document_page::Column::DocumentId,
        document_page::Column::Lang,
    ])
    .exec(db)
    .await?;
    document_page::Entity::delete_many()
        .filter(document_page::Column::DocumentId.eq(document_id))
        .filter(document_page::Column::Lang.starts_with(lang))
        .filter(document_page::Column::Lang.ne(stored_as))
        .exec(db)
        .await?;
    Ok(())
}
