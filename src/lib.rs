//! Laurel: the volunteer recognition registry of a city's civilization office (文明办).
//!
//! Layout: `domain` holds the application (services and rules), `web` the HTTP adapters for
//! people (pages and forms), `entity` the rows, `db` the connection and migrations. A request
//! flows guard → handler → one service call → render or redirect.

pub mod api;
pub mod config;
pub mod db;
pub mod domain;
pub mod entity;
pub mod error;
pub mod group_commit;
pub mod http;
pub mod i18n;
pub mod outbound;
pub mod pii;
pub mod secrets;
pub mod web;

use rocket::{Build, Rocket, fairing::AdHoc, figment::Figment};
use sea_orm::DatabaseConnection;

pub use config::{AppConfig, figment};

/// What every request can reach: the database, the settings and the keys for private data.
pub struct App {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Laurel's settings.
    pub config: AppConfig,
    /// Keys protecting ID numbers.
    pub pii: pii::PiiKeys,
    /// The office's key signing the audit log's checkpoints.
    pub signer: domain::audit::checkpoints::Signer,
    /// New nominations, written in groups sharing a commit.
    pub intake: domain::nominations::intake::Intake,
    /// Changes to published documents made by this instance, for the page caches.
    pub published: domain::notices::Changes,
    /// Text messages and e-mails (or, in development, the log).
    pub outbound: outbound::Outbound,
    /// Running vote totals, read at most once a second.
    pub vote_totals: domain::voting::Totals,
    /// Votes, cast in groups sharing a commit.
    pub ballot_box: domain::voting::BallotBox,
}

impl App {
    /// Connects, migrates and loads the keys: everything a server or a command needs.
    ///
    /// # Errors
    /// A message for the operator when the database or the keys cannot be had.
    pub async fn start(config: AppConfig) -> Result<App, String> {
        let db = db::connect(&config)
            .await
            .map_err(|e| format!("database {}: {e}", redact(&config.database_url)))?;
        // A log from before the hash chain is chained by the migration step that brings in the
        // rule, once; nothing seals or repairs the log at any other time.
        let migrated = db::migrate(&db, &config)
            .await
            .map_err(|e| format!("migrations: {e}"))?;
        if migrated.chain_introduced {
            domain::audit::seal_pre_chain_log(&db)
                .await
                .map_err(|e| format!("sealing the log written before the chain: {e}"))?;
        }
        let pii = match &config.pii_key {
            Some(hex) => pii::PiiKeys::from_hex(hex),
            None => pii::PiiKeys::load_or_create(&config.data_dir.join("pii.key")),
        }
        .map_err(|e| format!("keys for private data: {e}"))?;
        let signer = match &config.audit_signing_key {
            Some(hex) => domain::audit::checkpoints::Signer::from_hex(hex),
            None => domain::audit::checkpoints::Signer::load_or_create(
                &config.data_dir.join("audit-signing.key"),
            ),
        }
        .map_err(|e| format!("the audit signing key: {e}"))?;
        domain::set_office_offset(config.utc_offset());
        let intake = domain::nominations::intake::Intake::new(db.clone());
        let outbound = outbound::Outbound::from_config(&config)?;
        Ok(App {
            outbound,
            vote_totals: domain::voting::Totals::default(),
            ballot_box: domain::voting::BallotBox::default(),
            db,
            config,
            pii,
            signer,
            intake,
            published: domain::notices::Changes::default(),
        })
    }
}

/// The database URL without its password, for messages.
#[must_use]
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// The application, ready to launch or to be driven by a test client. Igniting it connects to
/// the database and runs the migrations.
#[must_use]
pub fn rocket(figment: Figment) -> Rocket<Build> {
    let rocket =
        rocket::custom(figment).attach(AdHoc::try_on_ignite("Laurel", |rocket| async move {
            let config: AppConfig = match rocket.figment().extract_inner("laurel") {
                Ok(config) => config,
                Err(e) => {
                    rocket::error!("configuration: {e}");
                    return Err(rocket);
                }
            };
            match App::start(config).await {
                Ok(app) => {
                    // Checked beside serving, not before it: a long log must not delay start-up,
                    // and a broken one is reported loudly while the server goes on serving.
                    let (db, signer) = (app.db.clone(), app.signer.clone());
                    rocket::tokio::spawn(async move {
                        if let Some(warning) = domain::audit::verify::startup_warning(&db).await {
                            rocket::warn!("{warning}");
                            eprintln!("{warning}");
                        }
                        // The daily checkpoint: looked for every hour, from ten minutes on.
                        let hour = std::time::Duration::from_secs(3600);
                        let first = rocket::tokio::time::Instant::now()
                            + std::time::Duration::from_secs(600);
                        let mut tick = rocket::tokio::time::interval_at(first, hour);
                        loop {
                            tick.tick().await;
                            if let Err(e) = domain::audit::checkpoints::daily(&db, &signer).await {
                                rocket::warn!("the daily audit checkpoint: {e}");
                            }
                        }
                    });
                    Ok(rocket.manage(app))
                }
                Err(message) => {
                    rocket::error!("{message}");
                    Err(rocket)
                }
            }
        }));
    api::mount(web::mount(rocket.manage(http::Memo::default())))
}
