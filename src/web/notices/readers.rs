//! Published notices and final lists, for everyone: the page (rendered once per language and
//! served as stored bytes with a strong ETag), the canonical JSON, the final list's exports,
//! the certificates, the Atom feed, and filing and following an objection.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use rocket::{
    Route, State,
    form::{Contextual, Form},
    fs::TempFile,
    get,
    http::ContentType,
    post,
    response::content::RawHtml,
    routes,
};
use serde::Serialize;

use crate::domain::honor_roll::Honoree;
use crate::domain::notices::Document;
use crate::domain::notices::DocumentKind;
use crate::http::ClientIp;
use crate::http::{Bytes, Cached, IfNoneMatch};
use crate::{
    App,
    domain::{
        honor_roll,
        ids::{DocumentId, HonoreeId},
        local_time,
        notices::{self, Content, ObjectionInput, Upload},
    },
    error::{AppError, AppResult},
    i18n::Lang,
    web::page::{Export, Messages, Page, Reply, export, read_upload, render},
};

/// How long a stored page is kept in an instance's memory before it is looked up again. A
/// published document never changes; only an old version's "superseded" line can appear, and
/// other instances see it within this time.
const CACHE_TTL: Duration = Duration::from_secs(60);
/// Pages kept in memory at most (a few hundred documents in two languages).
const CACHE_MAX: usize = 2048;

/// A document's page as stored.
pub struct StoredPage {
    kind: DocumentKind,
    html: Arc<[u8]>,
    etag: String,
    /// What the page was rendered for (a notice's window: `upcoming`, `open`, `closed`).
    phase: &'static str,
    /// A notice's window, to tell from the date alone when its page must change.
    window: (Option<time::Date>, Option<time::Date>),
}

/// A document in a language.
type PageKey = (uuid::Uuid, &'static str);

/// A page kept: when it was fetched, the count of changes to published documents then
/// ([`notices::Changes`]), and the page.
type Kept = (Instant, u64, Arc<StoredPage>);

/// The stored pages this instance has served lately.
#[derive(Default)]
pub struct PageCache {
    entries: RwLock<HashMap<PageKey, Kept>>,
}

impl PageCache {
    /// A page kept within its time and since the last change to published documents: after a
    /// publication an older version's page gains its "superseded" line, and this instance
    /// shows it at once.
    fn get(&self, key: PageKey, changes: u64) -> Option<Arc<StoredPage>> {
        let entries = self.entries.read().ok()?;
        let (at, kept_at, page) = entries.get(&key)?;
        (at.elapsed() < CACHE_TTL && *kept_at == changes).then(|| Arc::clone(page))
    }

    fn put(&self, key: PageKey, changes: u64, page: Arc<StoredPage>) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= CACHE_MAX {
                entries.clear();
            }
            entries.insert(key, (Instant::now(), changes, page));
        }
    }
}

/// What a published page's answer depends on beyond its URL: the language, chosen by header
/// or cookie.
const VARY: &str = "Accept-Language, Cookie";

/// A published document as its page shows it.
#[derive(Serialize)]
struct DocumentView {
    #[serde(flatten)]
    page: Page,
    /// Rendered for everyone: no user, no form tokens.
    published: bool,
    id: uuid::Uuid,
    kind: DocumentKind,
    number: i32,
    replaces_id: Option<uuid::Uuid>,
    superseded_by: Option<uuid::Uuid>,
    digest: String,
    published_at: String,
    content: Content,
    base: &'static str,
    /// A notice's window as of rendering: `upcoming`, `open` or `closed` (`final` for a list).
    phase: &'static str,
    /// The final list that followed a notice, once there is one.
    final_list: Option<uuid::Uuid>,
    /// The signed checkpoint of the audit record written with its publication.
    checkpoint: Option<crate::domain::audit::checkpoints::Published>,
    /// The office's public key that signed it, hex.
    public_key: String,
}

fn base_of(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Notice => "/notices",
        DocumentKind::FinalList => "/lists",
    }
}

/// Renders a published document's page in a language, as anyone sees it: a notice as its
/// window stands (`phase`), with the final list that followed it.
///
/// # Errors
/// [`AppError::Internal`] when the stored content does not parse or a template fails.
pub fn render_document(
    doc: &Document,
    lang: Lang,
    phase: &'static str,
    final_list: Option<uuid::Uuid>,
    checkpoint: Option<crate::domain::audit::checkpoints::Published>,
    public_key: String,
) -> AppResult<String> {
    let content = Content::parse(doc.content.as_deref().unwrap_or("{}"))?;
    let base = base_of(doc.kind);
    let view = DocumentView {
        page: Page {
            lang: lang.tag(),
            user: None,
            csrf: String::new(),
            flash: None,
            path: format!("{base}/{}", doc.id),
        },
        published: true,
        id: doc.id,
        kind: doc.kind,
        number: doc.number,
        replaces_id: doc.replaces_id,
        superseded_by: doc.superseded_by,
        digest: doc.digest.clone().unwrap_or_default(),
        published_at: doc.published_at.map(local_time).unwrap_or_default(),
        content,
        base,
        phase,
        final_list,
        checkpoint,
        public_key,
    };
    Ok(render("notices/document", &view)?.0)
}

fn etag_of(bytes: &[u8]) -> String {
    format!("\"{}\"", &crate::pii::sha256_hex(bytes)[..32])
}

/// The stored page of a published document: from memory, else from the database, else
/// rendered now and stored for every later request.
async fn stored_page(
    app: &App,
    cache: &PageCache,
    id: DocumentId,
    lang: Lang,
) -> AppResult<Arc<StoredPage>> {
    let key = (id.0, lang.tag());
    let today = app.config.today();
    // Read before the page is: a change made meanwhile makes this copy a miss next time.
    let changes = app.published.current();
    // A notice's page changes when its window opens and closes: a page kept for another
    // phase is not served.
    if let Some(page) = cache.get(key, changes)
        && notices::phase_of(page.kind, page.window, today) == page.phase
    {
        return Ok(page);
    }
    let source = notices::page_source(&app.db, id, today).await?;
    let stored_as = source.stored_as(lang.tag(), crate::web::assets::templates_version());
    let doc = &source.doc;
    let window = (doc.window_starts_on, doc.window_ends_on);
    let (html, etag) = match notices::stored_page(&app.db, doc.id, &stored_as).await? {
        Some(stored) => stored,
        None => {
            let checkpoint =
                crate::domain::audit::checkpoints::of_document(&app.db, doc.id).await?;
            let public_key = app.signer.public_hex();
            let html = render_document(
                doc,
                lang,
                source.phase,
                source.final_list,
                checkpoint,
                public_key,
            )?;
            let etag = etag_of(html.as_bytes());
            notices::store_page(&app.db, doc.id, lang.tag(), &stored_as, &html, &etag).await?;
            (html, etag)
        }
    };
    let page = StoredPage {
        kind: doc.kind,
        html: Arc::from(html.into_bytes()),
        etag,
        phase: source.phase,
        window,
    };
    let page = Arc::new(page);
    cache.put(key, changes, Arc::clone(&page));
    Ok(page)
}

async fn document_page(
    app: &App,
    cache: &PageCache,
    id: DocumentId,
    kind: DocumentKind,
    lang: Lang,
    if_none_match: &IfNoneMatch,
) -> AppResult<Cached> {
    let page = stored_page(app, cache, id, lang).await?;
    if page.kind != kind {
        return Err(AppError::NotFound);
    }
    Ok(Cached {
        vary: Some(VARY),
        ..Cached::new(if_none_match, page.etag.clone(), ContentType::HTML, || {
            Bytes::Shared(Arc::clone(&page.html))
        })
    })
}

#[get("/notices/<id>")]
async fn notice(
    app: &State<App>,
    cache: &State<PageCache>,
    id: DocumentId,
    lang: Lang,
    if_none_match: IfNoneMatch,
) -> AppResult<Cached> {
    document_page(app, cache, id, DocumentKind::Notice, lang, &if_none_match).await
}

#[get("/lists/<id>")]
async fn final_list(
    app: &State<App>,
    cache: &State<PageCache>,
    id: DocumentId,
    lang: Lang,
    if_none_match: IfNoneMatch,
) -> AppResult<Cached> {
    document_page(
        app,
        cache,
        id,
        DocumentKind::FinalList,
        lang,
        &if_none_match,
    )
    .await
}

async fn canonical(
    app: &App,
    id: DocumentId,
    kind: DocumentKind,
    if_none_match: &IfNoneMatch,
) -> AppResult<Cached> {
    let doc = notices::published(&app.db, id).await?;
    if doc.kind != kind {
        return Err(AppError::NotFound);
    }
    let etag = format!("\"{}\"", doc.digest.unwrap_or_default());
    let name = format!("{}-{}.json", base_of(kind).trim_start_matches('/'), doc.id);
    Ok(Cached {
        vary: Some(VARY),
        disposition: Some(format!("inline; filename=\"{name}\"")),
        ..Cached::new(if_none_match, etag, ContentType::JSON, || {
            Bytes::Shared(Arc::from(doc.content.unwrap_or_default().into_bytes()))
        })
    })
}

#[get("/notices/<id>/json")]
async fn notice_json(
    app: &State<App>,
    id: DocumentId,
    if_none_match: IfNoneMatch,
) -> AppResult<Cached> {
    canonical(app, id, DocumentKind::Notice, &if_none_match).await
}

#[get("/lists/<id>/json")]
async fn final_list_json(
    app: &State<App>,
    id: DocumentId,
    if_none_match: IfNoneMatch,
) -> AppResult<Cached> {
    canonical(app, id, DocumentKind::FinalList, &if_none_match).await
}

#[get("/lists/<id>/export?<format>")]
async fn final_list_export(
    app: &State<App>,
    id: DocumentId,
    lang: Lang,
    format: &str,
) -> AppResult<Export> {
    let (_, table) = notices::final_list_table(&app.db, id, lang).await?;
    export(&table, format)
}

#[derive(Serialize)]
struct CertificatePage {
    #[serde(flatten)]
    page: Page,
    honoree: Honoree,
}

#[get("/certificates/<id>")]
async fn certificate(app: &State<App>, page: Page, id: HonoreeId) -> AppResult<RawHtml<String>> {
    let honoree = honor_roll::honoree(&app.db, id).await?;
    render("notices/certificate", &CertificatePage { page, honoree })
}

// ----------------------------------------------------------------------------------------------
// Objections

#[derive(Serialize)]
struct ObjectionPage {
    #[serde(flatten)]
    page: Page,
    notice: Document,
    content: Content,
    open: bool,
    form: ObjectionInput,
    errors: Messages,
}

async fn objection_page(
    app: &App,
    page: Page,
    id: DocumentId,
    form: ObjectionInput,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let notice = notices::notice_in_force(&app.db, id).await?;
    let content = Content::parse(notice.content.as_deref().unwrap_or("{}"))?;
    render(
        "notices/objection_form",
        &ObjectionPage {
            open: notices::window_open(&notice, app.config.today()),
            page,
            notice,
            content,
            form,
            errors,
        },
    )
}

#[get("/notices/<id>/objection?<nominee>")]
async fn objection_form(
    app: &State<App>,
    page: Page,
    id: DocumentId,
    nominee: Option<&str>,
) -> AppResult<RawHtml<String>> {
    let form = ObjectionInput {
        nominee: nominee.unwrap_or_default().to_owned(),
        ..ObjectionInput::default()
    };
    objection_page(app, page, id, form, Messages::new()).await
}

#[derive(rocket::FromForm)]
struct ObjectionForm<'r> {
    #[field(default = String::new())]
    nominee: String,
    #[field(default = String::new())]
    text: String,
    #[field(default = String::new())]
    filer_name: String,
    #[field(default = String::new())]
    filer_unit: String,
    #[field(default = String::new())]
    filer_contact: String,
    file: Option<TempFile<'r>>,
}

#[derive(Serialize)]
struct ReceiptPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    receipt: notices::Receipt,
}

#[post("/notices/<id>/objection", data = "<form>")]
async fn file_objection(
    app: &State<App>,
    page: Page,
    ip: ClientIp,
    id: DocumentId,
    form: Form<Contextual<'_, ObjectionForm<'_>>>,
) -> AppResult<Reply> {
    let Some(sent) = &form.value else {
        // Only an attachment over Rocket's limit keeps the form from parsing.
        let mut errors = Messages::new();
        errors.insert("file".into(), page.t("error-file-too-large"));
        return Ok(Reply::invalid(
            objection_page(app, page, id, ObjectionInput::default(), errors).await?,
        ));
    };
    let input = ObjectionInput {
        nominee: sent.nominee.clone(),
        text: sent.text.clone(),
        filer_name: sent.filer_name.clone(),
        filer_unit: sent.filer_unit.clone(),
        filer_contact: sent.filer_contact.clone(),
    };
    let (filename, bytes) = match &sent.file {
        Some(file) => read_upload(file).await?,
        None => (String::new(), Vec::new()),
    };
    let upload = (!bytes.is_empty()).then_some(Upload {
        filename: &filename,
        bytes: &bytes,
    });
    let today = app.config.today();
    match notices::file_objection(app, id, &input, upload, ip.0.as_deref(), today).await {
        Ok(filed) => {
            let receipt = notices::receipt(&app.db, &filed, today).await?;
            let html = render("notices/objection_receipt", &ReceiptPage { page, receipt })?;
            Ok(Reply::Page(html))
        }
        Err(AppError::Invalid(errors)) => {
            let errors = page.messages(&errors);
            Ok(Reply::invalid(
                objection_page(app, page, id, input, errors).await?,
            ))
        }
        Err(other) => Err(other),
    }
}

#[derive(Serialize)]
struct StatusPage {
    #[serde(flatten)]
    page: Page,
    code: String,
    found: Option<notices::ObjectionStatusView>,
    searched: bool,
}

#[get("/objections/status?<code>")]
async fn objection_status(
    app: &State<App>,
    page: Page,
    code: Option<&str>,
) -> AppResult<RawHtml<String>> {
    let code = code.unwrap_or_default().trim().to_owned();
    let found = if code.is_empty() {
        None
    } else {
        match notices::status_by_receipt(&app.db, &code).await {
            Ok(view) => Some(view),
            Err(AppError::NotFound) => None,
            Err(other) => return Err(other),
        }
    };
    render(
        "notices/objection_status",
        &StatusPage {
            page,
            searched: !code.is_empty(),
            code,
            found,
        },
    )
}

// ----------------------------------------------------------------------------------------------
// The Atom feed

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// An Atom document (RFC 4287) of the newest published notices and final lists.
///
/// # Errors
/// When the database fails.
pub async fn atom_feed(app: &App, base: &str, lang: Lang) -> AppResult<String> {
    let docs = notices::recent_published(&app.db, 50).await?;
    let updated = docs
        .iter()
        .filter_map(|d| d.published_at)
        .max()
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "<id>{}/feed.atom</id>\n<title>{}</title>\n<updated>{}</updated>\n",
        crate::domain::xml::escape(base),
        crate::domain::xml::escape(&crate::i18n::t(lang, "feed-title")),
        rfc3339(updated)
    ));
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{0}/feed.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{0}/\"/>\n<author><name>{1}</name></author>\n",
        crate::domain::xml::escape(base),
        crate::domain::xml::escape(&crate::i18n::t(lang, "app-name"))
    ));
    for doc in &docs {
        let at = doc.published_at.unwrap_or(updated);
        let href = format!("{base}{}/{}", base_of(doc.kind), doc.id);
        let kind = match doc.kind {
            DocumentKind::Notice => "feed-kind-notice",
            DocumentKind::FinalList => "feed-kind-final-list",
        };
        out.push_str("<entry>\n");
        out.push_str(&format!(
            "<id>urn:uuid:{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<published>{}</published>\n",
            doc.id,
            crate::domain::xml::escape(&doc.title),
            rfc3339(at),
            rfc3339(at)
        ));
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>{}</name></author>\n<category term=\"{}\" label=\"{}\"/>\n",
            crate::domain::xml::escape(&href),
            crate::domain::xml::escape(&doc.issuing_organ),
            crate::domain::name_of(&doc.kind),
            crate::domain::xml::escape(&crate::i18n::t(lang, kind))
        ));
        let summary = format!(
            "{} {} SHA-256 {}",
            doc.doc_number,
            doc.issued_on,
            doc.digest.as_deref().unwrap_or_default()
        );
        out.push_str(&format!(
            "<summary>{}</summary>\n</entry>\n",
            crate::domain::xml::escape(summary.trim())
        ));
    }
    out.push_str("</feed>\n");
    Ok(out)
}

#[derive(rocket::Responder)]
#[response(content_type = "application/atom+xml")]
struct Feed(String);

/// The feed's links are absolute against the configured public address.
#[get("/feed.atom")]
async fn feed(app: &State<App>, lang: Lang) -> AppResult<Feed> {
    Ok(Feed(atom_feed(app, app.config.public_base(), lang).await?))
}

#[derive(Serialize)]
struct CheckpointsPage {
    #[serde(flatten)]
    page: Page,
    list: crate::domain::audit::checkpoints::PublicList,
}

/// The audit log's signed checkpoints and the key that signed them, for anyone to copy.
#[get("/checkpoints")]
async fn checkpoints_page(app: &State<App>, page: Page) -> AppResult<RawHtml<String>> {
    let mut list = crate::domain::audit::checkpoints::public_list(&app.db, &app.signer).await?;
    list.checkpoints.reverse();
    render("notices/checkpoints", &CheckpointsPage { page, list })
}

/// The same, to download and mirror: `laurel audit verify --against` reads it.
#[get("/checkpoints.json")]
async fn checkpoints_json(
    app: &State<App>,
) -> AppResult<rocket::serde::json::Json<crate::domain::audit::checkpoints::PublicList>> {
    Ok(rocket::serde::json::Json(
        crate::domain::audit::checkpoints::public_list(&app.db, &app.signer).await?,
    ))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        notice,
        final_list,
        notice_json,
        final_list_json,
        final_list_export,
        certificate,
        objection_form,
        file_objection,
        objection_status,
        feed,
        checkpoints_page,
        checkpoints_json
    ]
}
