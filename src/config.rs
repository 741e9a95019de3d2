//! Application settings, read from the same figment as Rocket's own (Rocket.toml, `ROCKET_*`),
//! under the `laurel` key, plus `LAUREL_*` environment variables and `DATABASE_URL`.

use std::path::PathBuf;

use rocket::figment::{
    Figment,
    providers::{Env, Serialized},
};
use serde::{Deserialize, Serialize};

/// Laurel's own settings (`[default.laurel]` in Rocket.toml).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct AppConfig {
    /// `sqlite://…` or `postgres://…`; `DATABASE_URL` overrides it.
    pub database_url: String,
    /// Where the embedded database, generated keys and uploads live by default.
    pub data_dir: PathBuf,
    /// Uploaded attachments; several app instances must share it. Default: `<data_dir>/uploads`.
    pub storage_dir: Option<PathBuf>,
    /// Keys protecting ID numbers, as 128 hex characters. Default: `<data_dir>/pii.key`, created
    /// on first start.
    pub pii_key: Option<String>,
    /// Connections in the SQLite pool. WAL lets readers run beside the one writer; writers
    /// queue on `BEGIN IMMEDIATE` with the busy timeout.
    pub sqlite_pool_size: u32,
    /// Connections in the PostgreSQL pool, per app instance.
    pub postgres_pool_size: u32,
    /// Largest accepted attachment, in bytes. Rocket's `limits.file` must be at least this.
    pub attachment_max_bytes: u64,
    /// Set the `Secure` flag on cookies (when served behind TLS).
    pub secure_cookies: bool,
    /// How long a sign-in lasts, in hours.
    pub session_hours: i64,
    /// Failed sign-ins allowed per username, and per client address, within the window.
    pub login_max_failures: u64,
    /// The throttle's window, in minutes.
    pub login_window_minutes: i64,
    /// The office's local time, as hours east of UTC (China: 8). Campaign dates are local dates.
    pub utc_offset_hours: i8,
    /// The header a trusted reverse proxy puts the client's address in (e.g. `X-Real-IP`).
    /// Unset by default: then the socket's peer address is used, because any header a client
    /// sends itself could put a forged address into the audit log or dodge the login throttle.
    pub client_ip_header: Option<String>,
    /// A fixed "today" for the office (`YYYY-MM-DD`), for training, demonstrations and tests
    /// that must step past a window; unset in production, where today is the clock's.
    pub today: Option<time::Date>,
    /// Objections one client may file per hour (they are in real name; this stops floods).
    pub objection_max_per_hour: u64,
    /// Argon2 memory cost in KiB (OWASP: at least 19 MiB for argon2id).
    pub argon2_memory_kib: u32,
    /// The address the public reaches this site at (`https://laurel.example.gov.cn`): absolute
    /// links (the Atom feed's) are made from it, never from a request's `Host` header, which
    /// the client chooses.
    pub public_url: String,
    /// How long an API token lasts, in days: the default and the longest a user may choose.
    pub token_days: i64,
    /// The key signing the audit log's checkpoints, as 64 hex characters. Default:
    /// `<data_dir>/audit-signing.key`, created on first start. Several instances of one office
    /// share it (as they share `pii_key`).
    pub audit_signing_key: Option<String>,
    /// `log` (development, the default): messages are written to the server log, not sent;
    /// `send`: text messages go to the SMS gateway and e-mails to the SMTP relay below.
    pub outbound: String,
    /// The HTTP SMS gateway's URL (`https://sms.example.gov.cn/v1/send`).
    pub sms_gateway_url: Option<String>,
    /// The key the gateway expects, sent as `Authorization: Bearer <key>`.
    pub sms_gateway_key: Option<String>,
    /// The text of a one-time code message: `{code}` and `{minutes}` are filled in.
    pub sms_template: String,
    /// The SMTP relay (`smtps://user:password@mail.example.gov.cn:465`, or `smtp://host:25`
    /// with `?tls=required` for STARTTLS).
    pub smtp_url: Option<String>,
    /// The sender of e-mails (`文明办 <noreply@example.gov.cn>`).
    pub mail_from: Option<String>,
    /// Voting: how long a one-time code lasts, in minutes.
    pub vote_code_minutes: i64,
    /// Voting: wrong codes tried before a code is spent.
    pub vote_code_attempts: i32,
    /// Voting: codes one phone may ask for per hour.
    pub vote_codes_per_phone_hour: u64,
    /// Voting: codes one client address may ask for per hour.
    pub vote_codes_per_address_hour: u64,
    /// Voting: codes one network (/24, /48) may ask for per hour.
    pub vote_codes_per_prefix_hour: u64,
    /// Voting: code requests from one address per hour after which it must answer a challenge.
    pub vote_challenge_after: u64,
    /// Voting: votes from one network in one category in one minute beyond which they are held
    /// as a burst.
    pub vote_burst_per_minute: u64,
    /// Voting: votes from one network in one category at the same second of the minute within
    /// an hour beyond which they are held as a timed pattern.
    pub vote_burst_pattern: u64,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/laurel.db?mode=rwc".into(),
            data_dir: PathBuf::from("data"),
            storage_dir: None,
            pii_key: None,
            sqlite_pool_size: 4,
            postgres_pool_size: 10,
            attachment_max_bytes: 5 * 1024 * 1024,
            secure_cookies: false,
            session_hours: 12,
            login_max_failures: 5,
            login_window_minutes: 15,
            utc_offset_hours: 8,
            client_ip_header: None,
            today: None,
            objection_max_per_hour: 5,
            argon2_memory_kib: 19 * 1024,
            public_url: "http://localhost:8000".into(),
            token_days: 180,
            audit_signing_key: None,
            outbound: "log".into(),
            sms_gateway_url: None,
            sms_gateway_key: None,
            sms_template: "您的验证码是{code}，{minutes}分钟内有效，请勿告诉他人。".into(),
            smtp_url: None,
            mail_from: None,
            vote_code_minutes: 10,
            vote_code_attempts: 5,
            vote_codes_per_phone_hour: 5,
            vote_codes_per_address_hour: 20,
            vote_codes_per_prefix_hour: 200,
            vote_challenge_after: 3,
            vote_burst_per_minute: 30,
            vote_burst_pattern: 20,
        }
    }
}

impl AppConfig {
    /// The directory uploads are written to.
    #[must_use]
    pub fn storage_dir(&self) -> PathBuf {
        self.storage_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("uploads"))
    }

    /// The office's UTC offset.
    #[must_use]
    pub fn utc_offset(&self) -> time::UtcOffset {
        time::UtcOffset::from_hms(self.utc_offset_hours, 0, 0).unwrap_or(time::UtcOffset::UTC)
    }

    /// [`Self::public_url`] without a trailing `/`, for links to be appended.
    #[must_use]
    pub fn public_base(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    /// Today's date at the office.
    #[must_use]
    pub fn today(&self) -> time::Date {
        if let Some(today) = self.today {
            return today;
        }
        time::OffsetDateTime::now_utc()
            .to_offset(self.utc_offset())
            .date()
    }
}

/// Rocket's figment with Laurel's defaults and environment merged in.
///
/// Order, later wins: built-in defaults, Rocket.toml and `ROCKET_*` (Rocket's own providers),
/// `LAUREL_*` variables (as `laurel.<name>`), then `DATABASE_URL`.
#[must_use]
pub fn figment() -> Figment {
    let mut figment = rocket::Config::figment()
        .join(Serialized::default("laurel", AppConfig::default()))
        .merge(
            Env::prefixed("LAUREL_")
                .ignore(&["PROFILE"])
                .map(|key| format!("laurel.{}", key.as_str().to_ascii_lowercase()).into()),
        );
    if let Ok(url) = std::env::var("DATABASE_URL") {
        figment = figment.merge(("laurel.database_url", url));
    }
    figment
}

#[cfg(test)]
mod tests {
    use super::AppConfig;
    use rocket::figment::{Figment, providers::Serialized};

    #[test]
    fn a_fixed_office_date_is_read_as_a_date_and_is_today() {
        let config: AppConfig = Figment::from(Serialized::defaults(AppConfig::default()))
            .merge(("today", "2022-12-15"))
            .extract()
            .expect("a valid configuration");
        assert_eq!(config.today(), time::macros::date!(2022 - 12 - 15));
        let unset = AppConfig::default();
        assert_eq!(
            unset.today(),
            time::OffsetDateTime::now_utc()
                .to_offset(unset.utc_offset())
                .date()
        );
    }
}
