//! Signed checkpoints of the audit log: the chain's last event (id and hash) at a moment,
//! signed with the office's Ed25519 key. A hash chain alone can be rewritten by anyone who can
//! write the database (recompute every hash after an edit) or cut short at its end; a
//! checkpoint cannot be forged without the key, which lives in the data folder, not in the
//! database.
//!
//! A checkpoint is written in the same transaction as every publication of a notice or a final
//! list (and its corrections), so each published document carries the checkpoint of its own
//! publication, and at least daily while the log grows ([`daily`]). The list is public
//! (`/checkpoints`, `/checkpoints.json`) together with the public key: anyone may keep copies.
//! `laurel audit verify` checks every stored checkpoint's signature and that the chain still
//! passes through it, and, with `--expect` and `--against`, the chain against ids and hashes
//! kept outside ([`super::verify`]).
//!
//! What is signed ([`message`]) is UTF-8 text, one line:
//! `laurel-audit-checkpoint/1 <event id> <event hash> <signed at>`, the time as
//! [`super::canonical_time`]. The signature is stored and shown as 128 hex characters,
//! the public key as 64.

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, NotSet, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    domain::audit::{self, canonical_time},
    entity::{audit_checkpoint, audit_event},
};

/// A daily checkpoint is written when the newest is older than this and the log has grown.
pub const DAILY: time::Duration = time::Duration::hours(24);

/// The office's signing key.
#[derive(Clone)]
pub struct Signer {
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({})", self.public_hex())
    }
}

impl Signer {
    /// The key from 64 hex characters (its 32-byte seed).
    ///
    /// # Errors
    /// When the text is not 64 hex characters.
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let bytes = hex::decode(text.trim()).map_err(|e| e.to_string())?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "a signing key is 64 hex characters".to_owned())?;
        Ok(Signer {
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// The key kept in `path`, generated (mode 0600) on first start like the other keys.
    ///
    /// # Errors
    /// When the file can be neither read nor created, or holds no key.
    pub fn load_or_create(path: &std::path::Path) -> Result<Self, String> {
        let text =
            crate::pii::load_or_create_secret_file(path, 64, || crate::pii::random_token(32))
                .map_err(|e| e.to_string())?;
        Self::from_hex(&text)
    }

    /// The public key.
    #[must_use]
    pub fn public_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The public key as 64 hex characters.
    #[must_use]
    pub fn public_hex(&self) -> String {
        hex::encode(self.public_key().to_bytes())
    }

    /// Signs `text` ([`message`] for a checkpoint): the signature, hex.
    #[must_use]
    pub fn sign_text(&self, text: &str) -> String {
        hex::encode(self.key.sign(text.as_bytes()).to_bytes())
    }
}

/// The text a checkpoint's signature covers.
#[must_use]
pub fn message(event_id: i64, event_hash: &str, signed_at: time::OffsetDateTime) -> String {
    signed_text(event_id, event_hash, &canonical_time(signed_at))
}

fn signed_text(event_id: i64, event_hash: &str, signed_at: &str) -> String {
    format!("laurel-audit-checkpoint/1 {event_id} {event_hash} {signed_at}")
}

/// A checkpoint as published: what a copy kept outside holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// The last event covered.
    pub event_id: i64,
    /// Its hash.
    pub event_hash: String,
    /// When it was signed, as [`canonical_time`].
    pub signed_at: String,
    /// The signature, hex.
    pub signature: String,
    /// Why it was written (`publication`, `daily`); not signed.
    #[serde(default)]
    pub reason: String,
    /// The document whose publication it seals; not signed.
    #[serde(default)]
    pub document_id: Option<Uuid>,
}

impl Published {
    /// The published form of a stored checkpoint.
    #[must_use]
    pub fn of(row: &audit_checkpoint::Model) -> Self {
        Published {
            event_id: row.event_id,
            event_hash: row.event_hash.clone(),
            signed_at: canonical_time(row.signed_at),
            signature: row.signature.clone(),
            reason: row.reason.clone(),
            document_id: row.document_id,
        }
    }

    /// Whether the signature is `public`'s over this checkpoint.
    #[must_use]
    pub fn signed_by(&self, public: &VerifyingKey) -> bool {
        let text = signed_text(self.event_id, &self.event_hash, &self.signed_at);
        let Ok(bytes) = hex::decode(&self.signature) else {
            return false;
        };
        let Ok(bytes) = <[u8; 64]>::try_from(bytes) else {
            return false;
        };
        public
            .verify(text.as_bytes(), &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

/// The checkpoints `text` carries: a page's `data-checkpoint` attributes, or the `checkpoints`
/// of a downloaded list (`/checkpoints.json`). Unreadable entries are left out.
#[must_use]
pub fn found_in(text: &str) -> Vec<Published> {
    if let Ok(list) = serde_json::from_str::<PublicList>(text) {
        return list.checkpoints;
    }
    text.split("data-checkpoint=\"")
        .skip(1)
        .filter_map(|rest| {
            let value = rest.split('"').next()?;
            let mut parts = value.split(' ');
            let published = Published {
                event_id: parts.next()?.parse().ok()?,
                event_hash: parts.next()?.to_owned(),
                signed_at: parts.next()?.to_owned(),
                signature: parts.next()?.to_owned(),
                reason: String::new(),
                document_id: None,
            };
            parts.next().is_none().then_some(published)
        })
        .collect()
}

/// The public list, as `/checkpoints.json` serves it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PublicList {
    /// The office's public key, hex.
    pub public_key: String,
    /// Every checkpoint, oldest first.
    pub checkpoints: Vec<Published>,
}

/// Signs the chain's tail inside `txn`, which must hold the chain's append lock (it has, after
/// [`audit::record`] in the same transaction): nothing can append between the read and the
/// row. Nothing is written for an empty log or one whose last event has no hash.
///
/// # Errors
/// When the database fails.
pub(crate) async fn sign_tail(
    txn: &DatabaseTransaction,
    signer: &Signer,
    reason: &'static str,
    document_id: Option<Uuid>,
) -> Result<Option<audit_checkpoint::Model>, DbErr> {
    audit::lock_chain(txn).await?;
    let Some(last) = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .limit(1)
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let Some(event_hash) = last.hash else {
        return Ok(None);
    };
    let now = crate::domain::now();
    // Stored at the precision it is signed at (microseconds, as the chain's times).
    let signed_at = now.replace_microsecond(now.microsecond()).unwrap_or(now);
    let signature = signer.sign_text(&message(last.id, &event_hash, signed_at));
    let row = audit_checkpoint::ActiveModel {
        id: NotSet,
        event_id: Set(last.id),
        event_hash: Set(event_hash),
        signed_at: Set(signed_at),
        reason: Set(reason.to_owned()),
        document_id: Set(document_id),
        signature: Set(signature),
    };
    Ok(Some(
        audit_checkpoint::Entity::insert(row)
            .exec_with_returning(txn)
            .await?,
    ))
}

/// Writes the daily checkpoint when the newest is older than [`DAILY`] (or there is none) and
/// the log has grown past it. Every instance may call it; the chain's lock makes one write.
///
/// # Errors
/// When the database fails.
pub async fn daily(
    db: &DatabaseConnection,
    signer: &Signer,
) -> Result<Option<audit_checkpoint::Model>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    audit::lock_chain(&txn).await?;
    let newest = newest(&txn).await?;
    let tail = audit_event::Entity::find()
        .select_only()
        .column_as(audit_event::Column::Id.max(), "tail")
        .into_tuple::<Option<i64>>()
        .one(&txn)
        .await?
        .flatten();
    let due = match (&newest, tail) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(last), Some(tail)) => {
            tail > last.event_id && crate::domain::now() - last.signed_at >= DAILY
        }
    };
    if !due {
        return Ok(None);
    }
    let made = sign_tail(&txn, signer, "daily", None).await?;
    txn.commit().await?;
    Ok(made)
}

async fn newest(db: &impl ConnectionTrait) -> Result<Option<audit_checkpoint::Model>, DbErr> {
    audit_checkpoint::Entity::find()
        .order_by_desc(audit_checkpoint::Column::Id)
        .one(db)
        .await
}

/// Every checkpoint, oldest first.
///
/// # Errors
/// When the database fails.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<audit_checkpoint::Model>, DbErr> {
    audit_checkpoint::Entity::find()
        .order_by_asc(audit_checkpoint::Column::Id)
        .all(db)
        .await
}

/// The public list: the key and every checkpoint.
///
/// # Errors
/// When the database fails.
pub async fn public_list(db: &impl ConnectionTrait, signer: &Signer) -> Result<PublicList, DbErr> {
    Ok(PublicList {
        public_key: signer.public_hex(),
        checkpoints: all(db).await?.iter().map(Published::of).collect(),
    })
}

/// The checkpoint written with a document's publication.
///
/// # Errors
/// When the database fails.
pub async fn of_document(
    db: &impl ConnectionTrait,
    document_id: Uuid,
) -> Result<Option<Published>, DbErr> {
    Ok(audit_checkpoint::Entity::find()
        .filter(audit_checkpoint::Column::DocumentId.eq(document_id))
        .order_by_asc(audit_checkpoint::Column::Id)
        .one(db)
        .await?
        .as_ref()
        .map(Published::of))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::from_hex(&"07".repeat(32)).expect("key")
    }

    #[test]
    fn a_checkpoint_verifies_under_its_key_and_no_other() {
        let signer = signer();
        let at = time::macros::datetime!(2026-12-04 08:09:10.123456 UTC);
        let hash = "ab".repeat(32);
        let published = Published {
            event_id: 42,
            event_hash: hash.clone(),
            signed_at: canonical_time(at),
            signature: signer.sign_text(&message(42, &hash, at)),
            reason: String::new(),
            document_id: None,
        };
        assert!(published.signed_by(&signer.public_key()));
        let other = Signer::from_hex(&"08".repeat(32)).expect("key");
        assert!(!published.signed_by(&other.public_key()));
        for forged in [
            Published {
                event_id: 43,
                ..published.clone()
            },
            Published {
                event_hash: "cd".repeat(32),
                ..published.clone()
            },
            Published {
                signature: "00".repeat(64),
                ..published.clone()
            },
            Published {
                signature: "zz".into(),
                ..published.clone()
            },
        ] {
            assert!(!forged.signed_by(&signer.public_key()), "{forged:?}");
        }
    }

    #[test]
    fn checkpoints_are_read_from_a_page_or_a_downloaded_list() {
        let one = Published {
            event_id: 7,
            event_hash: "ab".repeat(32),
            signed_at: "2026-12-04T08:09:10.123456Z".into(),
            signature: "cd".repeat(64),
            reason: String::new(),
            document_id: None,
        };
        // As the document page writes it: the four signed fields, spaced.
        let page = format!(
            "<p data-checkpoint=\"{} {} {} {}\">…</p><p data-checkpoint=\"broken\"></p>",
            one.event_id, one.event_hash, one.signed_at, one.signature
        );
        assert_eq!(found_in(&page), std::slice::from_ref(&one));
        let list = serde_json::to_string(&PublicList {
            public_key: signer().public_hex(),
            checkpoints: vec![one.clone()],
        })
        .expect("json");
        assert_eq!(found_in(&list), [one]);
        assert!(found_in("nothing here").is_empty());
    }

    #[test]
    fn a_signing_key_is_64_hex_characters() {
        assert_eq!(signer().public_hex().len(), 64);
        assert!(Signer::from_hex("abc").is_err());
        assert!(Signer::from_hex(&"zz".repeat(32)).is_err());
    }
}
