//! Outbound messages: the one way Laurel sends anything to a person outside it. A text message
//! goes to an HTTP SMS gateway, an e-mail to an SMTP relay; with `laurel.outbound = "log"` (the
//! development setting, and the default) neither is contacted and the message is written to the
//! server log instead, so a one-time code can be read there.
//!
//! The SMS gateway is spoken to in JSON over HTTP(S): `POST <laurel.sms_gateway_url>` with
//! `Authorization: Bearer <laurel.sms_gateway_key>` and the body
//! `{"to": "<phone>", "text": "<message>", "params": {"code": "…", …}}`; any 2xx answer means
//! accepted. Gateways that fill a template of their own read `params`; the others send `text`,
//! which Laurel fills from `laurel.sms_template`.
//!
//! Errors here are for the operator (the log); callers tell the user only that sending failed.

use std::{collections::BTreeMap, fmt, sync::Arc, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use rocket::tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt},
    net::TcpStream,
    time::timeout,
};

use crate::config::AppConfig;

/// How long one delivery may take before it counts as failed.
const DEADLINE: Duration = Duration::from_secs(10);

/// Where a message goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// A mobile number, by text message.
    Phone(String),
    /// An e-mail address.
    Email(String),
}

/// One message to one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Who receives it.
    pub to: Recipient,
    /// The subject (e-mail only).
    pub subject: String,
    /// The text.
    pub text: String,
    /// The values the text was filled with (`code` …), for gateways with templates of their own.
    pub params: BTreeMap<String, String>,
}

/// Why a message was not delivered.
#[derive(Debug)]
pub enum SendError {
    /// Nothing is configured to deliver this kind of message.
    NotConfigured(&'static str),
    /// The gateway or relay could not be reached or answered badly.
    Failed(String),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::NotConfigured(what) => write!(f, "no {what} is configured"),
            SendError::Failed(why) => write!(f, "{why}"),
        }
    }
}

/// The SMS gateway's address and key.
#[derive(Clone, Debug)]
struct Gateway {
    url: url::Url,
    key: String,
}

/// The configured ways out.
#[derive(Clone)]
pub struct Outbound {
    /// Write to the log instead of sending.
    log_only: bool,
    gateway: Option<Gateway>,
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Option<Mailbox>,
    /// The text of a one-time code message, with `{code}` and `{minutes}`.
    pub sms_template: String,
}

impl fmt::Debug for Outbound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbound")
            .field("log_only", &self.log_only)
            .field("gateway", &self.gateway.as_ref().map(|g| g.url.as_str()))
            .field("smtp", &self.smtp.is_some())
            .finish_non_exhaustive()
    }
}

/// A phone number as the log shows it: the first three and last four digits.
fn masked(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

impl Outbound {
    /// The ways out `config` describes.
    ///
    /// # Errors
    /// A message for the operator for an unreadable gateway URL, SMTP URL or sender address.
    pub fn from_config(config: &AppConfig) -> Result<Self, String> {
        let gateway = match config.sms_gateway_url.as_deref().filter(|u| !u.is_empty()) {
            Some(text) => {
                let url = url::Url::parse(text)
                    .map_err(|e| format!("laurel.sms_gateway_url {text:?}: {e}"))?;
                if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                    return Err(format!(
                        "laurel.sms_gateway_url {text:?}: not an http(s) URL"
                    ));
                }
                Some(Gateway {
                    url,
                    key: config.sms_gateway_key.clone().unwrap_or_default(),
                })
            }
            None => None,
        };
        let smtp = match config.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(text) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(text)
                    .map_err(|e| format!("laurel.smtp_url: {e}"))?
                    .timeout(Some(DEADLINE))
                    .build(),
            ),
            None => None,
        };
        let from = match config.mail_from.as_deref().filter(|f| !f.is_empty()) {
            Some(text) => Some(
                text.parse::<Mailbox>()
                    .map_err(|e| format!("laurel.mail_from {text:?}: {e}"))?,
            ),
            None => None,
        };
        Ok(Self {
            log_only: config.outbound != "send",
            gateway,
            smtp,
            from,
            sms_template: config.sms_template.clone(),
        })
    }

    /// Whether messages go to the log only (the development setting).
    #[must_use]
    pub fn logs_only(&self) -> bool {
        self.log_only
    }

    /// Delivers one message (or, in development, writes it to the log).
    ///
    /// # Errors
    /// [`SendError::NotConfigured`] without a gateway or relay for it; [`SendError::Failed`]
    /// when it refused the message or could not be reached in time.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        if self.log_only {
            let to = match &message.to {
                Recipient::Phone(phone) => masked(phone),
                Recipient::Email(address) => address.clone(),
            };
            // The development setting: the one place a code may be read.
            eprintln!("laurel outbound (not sent) to {to}: {}", message.text);
            return Ok(());
        }
        match &message.to {
            Recipient::Phone(phone) => {
                let gateway = self
                    .gateway
                    .as_ref()
                    .ok_or(SendError::NotConfigured("SMS gateway"))?;
                timeout(DEADLINE, post_sms(gateway, phone, message))
                    .await
                    .map_err(|_| SendError::Failed("SMS gateway: timed out".into()))?
            }
            Recipient::Email(address) => {
                let smtp = self
                    .smtp
                    .as_ref()
                    .ok_or(SendError::NotConfigured("SMTP relay"))?;
                let from = self.from.clone().ok_or(SendError::NotConfigured(
                    "sender address (laurel.mail_from)",
                ))?;
                let to: Mailbox = address
                    .parse()
                    .map_err(|e| SendError::Failed(format!("recipient {address:?}: {e}")))?;
                let email = lettre::Message::builder()
                    .from(from)
                    .to(to)
                    .subject(message.subject.clone())
                    .header(ContentType::TEXT_PLAIN)
                    .body(message.text.clone())
                    .map_err(|e| SendError::Failed(format!("building the e-mail: {e}")))?;
                smtp.send(email)
                    .await
                    .map(|_| ())
                    .map_err(|e| SendError::Failed(format!("SMTP: {e}")))
            }
        }
    }
}

/// Posts one text message to the gateway and reads its status line.
async fn post_sms(gateway: &Gateway, phone: &str, message: &Message) -> Result<(), SendError> {
    let failed =
        |what: &str, e: &dyn fmt::Display| SendError::Failed(format!("SMS gateway {what}: {e}"));
    let url = &gateway.url;
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or(80);
    let body = serde_json::json!({ "to": phone, "text": message.text, "params": message.params })
        .to_string();
    let mut target = url.path().to_owned();
    if let Some(query) = url.query() {
        target.push('?');
        target.push_str(query);
    }
    let request = format!(
        "POST {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: laurel\r\nContent-Type: application/json; charset=utf-8\r\nAuthorization: Bearer {key}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n{body}",
        key = gateway.key,
        length = body.len(),
    );
    let stream = TcpStream::connect((host, port))
        .await
        .map_err(|e| failed("connect", &e))?;
    let answer = if url.scheme() == "https" {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| failed("TLS", &e))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let name = rustls::pki_types::ServerName::try_from(host.to_owned())
            .map_err(|e| failed("host name", &e))?;
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, stream)
            .await
            .map_err(|e| failed("TLS", &e))?;
        exchange(tls, request.as_bytes()).await
    } else {
        exchange(stream, request.as_bytes()).await
    }
    .map_err(|e| failed("exchange", &e))?;
    let status = answer
        .split(|b| *b == b'\n')
        .next()
        .and_then(|line| std::str::from_utf8(line).ok())
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| SendError::Failed("SMS gateway: no HTTP status line".into()))?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(SendError::Failed(format!("SMS gateway answered {status}")))
    }
}

/// Writes the request and reads the whole answer (the connection closes after it); at most
/// 64 KiB are kept, the status line being all that is read of it.
async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    request: &[u8],
) -> std::io::Result<Vec<u8>> {
    stream.write_all(request).await?;
    stream.flush().await?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 || answer.len() > 64 * 1024 {
            break;
        }
        answer.extend_from_slice(&chunk[..read]);
        // The status line is enough once it is whole.
        if answer.contains(&b'\n') {
            break;
        }
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::masked;

    #[test]
    fn the_log_shows_a_phone_number_masked() {
        assert_eq!(masked("13912345678"), "139****5678");
        assert_eq!(masked("12345"), "*****");
    }
}
