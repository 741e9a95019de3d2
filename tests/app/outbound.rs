//! The outbound-message module against real local servers the test starts: an HTTP SMS gateway
//! and an SMTP relay, each a small TCP listener that speaks its protocol and keeps what it got.

use std::collections::BTreeMap;

use laurel::{
    config::AppConfig,
    outbound::{Message, Outbound, Recipient, SendError},
};
use rocket::tokio::{
    self,
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::oneshot,
};

/// An HTTP gateway answering `status` to one request; the request as it arrived.
async fn gateway(status: u16) -> (u16, oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("bound").port();
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("a connection");
        let mut reader = BufReader::new(socket);
        let mut head = String::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await.expect("a header line");
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().expect("a length");
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await.expect("the body");
        head.push_str(&String::from_utf8(body).expect("UTF-8"));
        let answer =
            format!("HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        reader
            .get_mut()
            .write_all(answer.as_bytes())
            .await
            .expect("answered");
        let _ = tx.send(head);
    });
    (port, rx)
}

/// An SMTP relay for one message, refusing recipients at `refused`; the transcript of what the
/// client said.
async fn relay(refused: &'static str) -> (u16, oneshot::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("bound").port();
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("a connection");
        let (read, mut write) = socket.into_split();
        let mut reader = BufReader::new(read);
        let mut said = String::new();
        write
            .write_all(b"220 relay.test ESMTP\r\n")
            .await
            .expect("greeting");
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.expect("a line") == 0 {
                break;
            }
            said.push_str(&line);
            let command = line.to_ascii_uppercase();
            let answer: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                b"250-relay.test\r\n250 8BITMIME\r\n"
            } else if command.starts_with("RCPT") && line.contains(refused) {
                b"550 5.1.1 no such user\r\n"
            } else if command.starts_with("DATA") {
                write.write_all(b"354 go on\r\n").await.expect("354");
                loop {
                    let mut data = String::new();
                    reader.read_line(&mut data).await.expect("data");
                    said.push_str(&data);
                    if data == ".\r\n" {
                        break;
                    }
                }
                b"250 2.0.0 queued\r\n"
            } else if command.starts_with("QUIT") {
                write.write_all(b"221 bye\r\n").await.expect("221");
                break;
            } else {
                b"250 OK\r\n"
            };
            write.write_all(answer).await.expect("answer");
        }
        let _ = tx.send(said);
    });
    (port, rx)
}

fn sending(change: impl FnOnce(&mut AppConfig)) -> Outbound {
    let mut config = AppConfig {
        outbound: "send".into(),
        mail_from: Some("Laurel <noreply@laurel.test>".into()),
        ..AppConfig::default()
    };
    change(&mut config);
    Outbound::from_config(&config).expect("configured")
}

fn code_message(to: Recipient, text: &str) -> Message {
    Message {
        to,
        subject: "Laurel code".into(),
        text: text.into(),
        params: BTreeMap::from([("code".to_owned(), "482913".to_owned())]),
    }
}

#[rocket::async_test]
async fn a_text_message_is_posted_to_the_gateway_with_its_key_and_json_body() {
    let (port, got) = gateway(200).await;
    let out = sending(|c| {
        c.sms_gateway_url = Some(format!("http://127.0.0.1:{port}/v1/send?app=laurel"));
        c.sms_gateway_key = Some("gw-secret-1".into());
    });
    out.send(&code_message(
        Recipient::Phone("13912345678".into()),
        "您的验证码是482913",
    ))
    .await
    .expect("accepted");
    let request = got.await.expect("the gateway got a request");
    assert!(
        request.starts_with("POST /v1/send?app=laurel HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request.contains("Authorization: Bearer gw-secret-1\r\n"),
        "{request}"
    );
    let body: serde_json::Value =
        serde_json::from_str(request.split("\r\n\r\n").nth(1).expect("a body")).expect("JSON");
    assert_eq!(body["to"], "13912345678");
    assert_eq!(body["text"], "您的验证码是482913");
    assert_eq!(body["params"]["code"], "482913");
}

#[rocket::async_test]
async fn a_gateway_that_refuses_and_one_that_is_not_there_are_failures() {
    let (port, _got) = gateway(503).await;
    let out = sending(|c| c.sms_gateway_url = Some(format!("http://127.0.0.1:{port}/send")));
    let refused = out
        .send(&code_message(Recipient::Phone("13912345678".into()), "x"))
        .await;
    assert!(
        matches!(&refused, Err(SendError::Failed(why)) if why.contains("503")),
        "{refused:?}"
    );
    // A port nothing listens on.
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = closed.local_addr().expect("bound").port();
    drop(closed);
    let out = sending(|c| c.sms_gateway_url = Some(format!("http://127.0.0.1:{port}/send")));
    let down = out
        .send(&code_message(Recipient::Phone("13912345678".into()), "x"))
        .await;
    assert!(matches!(down, Err(SendError::Failed(_))), "{down:?}");
    // Nothing configured for text messages.
    let none = sending(|_| {})
        .send(&code_message(Recipient::Phone("13912345678".into()), "x"))
        .await;
    assert!(matches!(none, Err(SendError::NotConfigured(_))), "{none:?}");
}

#[rocket::async_test]
async fn an_email_goes_through_the_smtp_relay_to_its_recipient() {
    let (port, got) = relay("nobody@").await;
    let out = sending(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}")));
    out.send(&code_message(
        Recipient::Email("clerk@street.test".into()),
        "Your code is 482913.",
    ))
    .await
    .expect("relayed");
    let said = got.await.expect("the relay's transcript");
    assert!(said.contains("MAIL FROM:<noreply@laurel.test>"), "{said}");
    assert!(said.contains("RCPT TO:<clerk@street.test>"), "{said}");
    assert!(said.contains("Subject: Laurel code\r\n"), "{said}");
    assert!(said.contains("Your code is 482913."), "{said}");
    assert!(said.contains("QUIT"), "{said}");
}

#[rocket::async_test]
async fn a_recipient_the_relay_refuses_is_a_failure() {
    let (port, _got) = relay("nobody@").await;
    let out = sending(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}")));
    let refused = out
        .send(&code_message(
            Recipient::Email("nobody@street.test".into()),
            "x",
        ))
        .await;
    assert!(
        matches!(&refused, Err(SendError::Failed(why)) if why.contains("550") || why.contains("no such user")),
        "{refused:?}"
    );
}

#[rocket::async_test]
async fn the_development_setting_sends_nothing_and_refuses_bad_settings_at_start() {
    // "log" is the default: no gateway, no relay, and the message is accepted (to the log).
    let out = Outbound::from_config(&AppConfig::default()).expect("the default");
    assert!(out.logs_only());
    out.send(&code_message(
        Recipient::Phone("13912345678".into()),
        "code 1",
    ))
    .await
    .expect("logged");
    for bad in [
        AppConfig {
            sms_gateway_url: Some("ftp://sms.test/send".into()),
            ..AppConfig::default()
        },
        AppConfig {
            smtp_url: Some("gopher://mail.test".into()),
            ..AppConfig::default()
        },
        AppConfig {
            mail_from: Some("not an address".into()),
            ..AppConfig::default()
        },
    ] {
        assert!(Outbound::from_config(&bad).is_err(), "{bad:?}");
    }
}
