//! Downloads: a table as CSV or XLSX, a CSV streamed as it is written, and the honor roll's
//! streamed exports, for the pages and the API alike.

use rocket::{
    Request,
    futures::{Stream, StreamExt, future},
};

use crate::{
    App,
    domain::{
        actor::Actor,
        honor_roll::{self, HonorQuery},
        nominations::{self, NominationFilter},
    },
    error::{AppError, AppResult},
    i18n::Lang,
};

/// An export download: CSV or XLSX, always as an attachment.
#[derive(rocket::Responder)]
pub struct Export {
    body: Vec<u8>,
    content_type: rocket::http::ContentType,
    disposition: rocket::http::Header<'static>,
}

/// A table as a CSV or XLSX download named after it.
///
/// # Errors
/// [`AppError::NotFound`] for another format; the XLSX writer's errors.
pub fn export(table: &crate::domain::exports::Table, format: &str) -> AppResult<Export> {
    let (body, content_type, extension) = match format {
        "csv" => (
            crate::domain::exports::to_csv(table).into_bytes(),
            rocket::http::ContentType::CSV,
            "csv",
        ),
        "xlsx" => (
            crate::domain::exports::to_xlsx(table)?,
            rocket::http::ContentType::new(
                "application",
                "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            "xlsx",
        ),
        _ => return Err(AppError::NotFound),
    };
    let encoded = rocket::http::RawStr::new(&format!("{}.{extension}", table.name))
        .percent_encode()
        .to_string();
    Ok(Export {
        body,
        content_type,
        disposition: rocket::http::Header::new(
            "Content-Disposition",
            format!("attachment; filename*=UTF-8''{encoded}"),
        ),
    })
}

/// A CSV download streamed as it is written.
pub struct CsvDownload<S> {
    chunks: S,
    filename: String,
}

impl<S> CsvDownload<S> {
    /// Streams `chunks` as a CSV attachment named `filename`.
    pub fn new(chunks: S, filename: &str) -> Self {
        Self {
            chunks,
            filename: filename.to_owned(),
        }
    }
}

/// Streams chunks read from the database as a CSV attachment named `filename`. Once the status
/// line has gone out a failing read can only end the file early: the error is logged, naming
/// `what` was being exported.
pub fn csv_from_database<T>(
    chunks: T,
    filename: &str,
    what: &'static str,
) -> CsvDownload<impl Stream<Item = String> + Send + use<T>>
where
    T: Stream<Item = Result<String, sea_orm::DbErr>> + Send,
{
    CsvDownload::new(
        chunks.scan((), move |(), chunk| {
            future::ready(chunk.map_err(|e| rocket::error_!("{what}: {e}")).ok())
        }),
        filename,
    )
}

impl<'r, S> rocket::response::Responder<'r, 'r> for CsvDownload<S>
where
    S: rocket::futures::Stream<Item = String> + Send + 'r,
{
    fn respond_to(self, req: &'r Request<'_>) -> rocket::response::Result<'r> {
        let encoded = rocket::http::RawStr::new(&self.filename)
            .percent_encode()
            .to_string();
        rocket::Response::build_from(
            rocket::response::stream::TextStream(self.chunks).respond_to(req)?,
        )
        .header(rocket::http::ContentType::CSV)
        .raw_header(
            "Content-Disposition",
            format!("attachment; filename*=UTF-8''{encoded}"),
        )
        .ok()
    }
}

/// An XLSX file streamed from disk.
#[derive(rocket::Responder)]
#[response(content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
pub struct XlsxFile {
    file: rocket::tokio::fs::File,
    disposition: rocket::http::Header<'static>,
}

/// A streamed export (the honor roll's, a campaign's roster): CSV or XLSX.
#[derive(rocket::Responder)]
pub enum RollExport<S> {
    Csv(CsvDownload<S>),
    Xlsx(XlsxFile),
}

/// The honor roll as `query` selects it, as `csv` or `xlsx` (the pages' export and the API's).
///
/// # Errors
/// [`AppError::NotFound`] for another format; [`AppError::Internal`] when the XLSX writer fails.
pub async fn export_roll(
    app: &App,
    lang: Lang,
    format: &str,
    query: HonorQuery,
) -> AppResult<RollExport<impl Stream<Item = String> + Send + use<>>> {
    let filename = format!("{}.{format}", crate::i18n::t(lang, "nav-honors"));
    match format {
        "csv" => {
            let chunks = honor_roll::export_csv(app.db.clone(), query, lang);
            Ok(RollExport::Csv(csv_from_database(
                chunks,
                &filename,
                "honor roll export",
            )))
        }
        "xlsx" => {
            let file = honor_roll::export_xlsx(&app.db, &query, lang).await?;
            Ok(RollExport::Xlsx(XlsxFile::new(file, &filename)))
        }
        _ => Err(AppError::NotFound),
    }
}

impl XlsxFile {
    /// Streams the open `file` as an XLSX attachment named `filename`.
    fn new(file: std::fs::File, filename: &str) -> Self {
        let encoded = rocket::http::RawStr::new(filename)
            .percent_encode()
            .to_string();
        Self {
            file: rocket::tokio::fs::File::from_std(file),
            disposition: rocket::http::Header::new(
                "Content-Disposition",
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        }
    }
}

/// A campaign's roster as `filter` selects it for `actor`, as `csv` or `xlsx`, streamed (the
/// pages' export and the API's).
///
/// # Errors
/// [`AppError::NotFound`] for another format; as [`nominations::roster`]; [`AppError::Internal`]
/// when the XLSX writer fails.
pub async fn export_roster(
    app: &App,
    actor: &Actor,
    lang: Lang,
    format: &str,
    filter: &NominationFilter,
) -> AppResult<RollExport<impl Stream<Item = String> + Send + use<>>> {
    if !matches!(format, "csv" | "xlsx") {
        return Err(AppError::NotFound);
    }
    let roster = nominations::roster(app, actor, filter, lang).await?;
    let filename = roster.filename(format);
    if format == "csv" {
        Ok(RollExport::Csv(csv_from_database(
            roster.csv(),
            &filename,
            "roster export",
        )))
    } else {
        let file = roster.xlsx().await?;
        Ok(RollExport::Xlsx(XlsxFile::new(file, &filename)))
    }
}
