//! A real HTTP SMS gateway for the tests: a local listener that answers 200 to every message
//! and keeps what it was sent, so a test reads the one-time code a voter would get.

use std::sync::{Arc, Mutex};

use rocket::tokio::{
    self,
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// The gateway, running until the test ends.
pub struct SmsGateway {
    /// Its URL, for `laurel.sms_gateway_url`.
    pub url: String,
    received: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl SmsGateway {
    /// Starts a gateway on a free local port.
    pub async fn start() -> SmsGateway {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let port = listener.local_addr().expect("bound").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let kept = Arc::clone(&kept);
                tokio::spawn(async move {
                    let mut reader = BufReader::new(socket);
                    let mut length = 0usize;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).await.is_ok()
                        && let Ok(value) = serde_json::from_slice(&body)
                    {
                        kept.lock().expect("inbox").push(value);
                    }
                    let _ = reader
                        .get_mut()
                        .write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                        )
                        .await;
                });
            }
        });
        SmsGateway {
            url: format!("http://127.0.0.1:{port}/send"),
            received,
        }
    }

    /// The settings that send a test app's text messages here.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("laurel.outbound", "send".into()),
            ("laurel.sms_gateway_url", self.url.clone()),
            ("laurel.sms_gateway_key", "test-key".into()),
        ]
    }

    /// The newest code sent to `phone`.
    pub fn code_for(&self, phone: &str) -> String {
        self.received
            .lock()
            .expect("inbox")
            .iter()
            .rev()
            .find(|m| m["to"] == phone)
            .and_then(|m| m["params"]["code"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no code was sent to {phone}"))
    }
}
