//! The published document (公示 and 名单 alike): its canonical JSON, whose SHA-256 is the
//! digest on every page and download; its content, public fields only; and reading what was
//! published.

use super::*;

// ----------------------------------------------------------------------------------------------
// Canonical JSON

/// The canonical text of a JSON value: object keys sorted by their UTF-8 bytes, no whitespace,
/// strings as serde_json escapes them. The digest is taken over exactly these bytes.
#[must_use]
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// One line of a published list: public fields only.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Entry {
    /// The nomination (notice) or honoree (final list) it stands for.
    pub id: Uuid,
    /// Name of the person, organization, project or community.
    pub name: String,
    /// The affiliation or role line; empty when the name says it all.
    pub affiliation: String,
    /// The public deeds summary (notices only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deeds_summary: Option<String>,
}

/// A category heading and its lines.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Section {
    /// The category's name.
    pub name: String,
    /// Its lines, in order.
    pub entries: Vec<Entry>,
}

/// The notice window as published.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PublishedWindow {
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: String,
    /// Working days.
    pub working_days: u32,
}

/// The campaign a document belongs to.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CampaignRef {
    /// Its id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// Its year.
    pub year: i32,
}

/// A published document's content: what the digest covers and the page shows.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Content {
    /// [`FORMAT`].
    pub format: String,
    /// `notice` or `final_list`.
    pub kind: String,
    /// The document's id.
    pub document: Uuid,
    /// 1, then one more per correction.
    pub number: i32,
    /// The document this one corrects.
    pub replaces: Option<Uuid>,
    /// What the correction changed.
    pub change_note: String,
    /// The campaign.
    pub campaign: CampaignRef,
    /// The issuing organ (发文机关).
    pub issuing_organ: String,
    /// The document number (文号).
    pub doc_number: String,
    /// The date of issue, `YYYY-MM-DD`.
    pub issued_on: String,
    /// The title.
    pub title: String,
    /// The body text.
    pub body: String,
    /// The notice window (notices only).
    pub window: Option<PublishedWindow>,
    /// The list, by category.
    pub categories: Vec<Section>,
}

impl Content {
    /// The canonical JSON and its SHA-256 digest (hex).
    ///
    /// # Errors
    /// Never in practice: the content is plain data.
    pub fn canonical(&self) -> AppResult<(String, String)> {
        let value = serde_json::to_value(self)
            .map_err(|e| AppError::Internal(format!("document content: {e}")))?;
        let text = canonical_json(&value);
        let digest = crate::pii::sha256_hex(text.as_bytes());
        Ok((text, digest))
    }

    /// Parses a stored document's content.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the stored text is not a document.
    pub fn parse(text: &str) -> AppResult<Self> {
        serde_json::from_str(text).map_err(|e| AppError::Internal(format!("document content: {e}")))
    }
}

/// The line a list shows for one entry (the honor roll shows the same).
pub use crate::domain::names::line_of;

// ----------------------------------------------------------------------------------------------
// Reading published documents

/// A published document.
///
/// # Errors
/// [`AppError::NotFound`] for a draft or an unknown id.
pub async fn published(db: &impl ConnectionTrait, id: DocumentId) -> AppResult<document::Model> {
    document::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|d| d.status == DocumentStatus::Published && d.content.is_some())
        .ok_or(AppError::NotFound)
}

/// The published documents of a campaign, notices then final lists, newest first.
///
/// # Errors
/// When the database fails.
pub async fn published_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Vec<document::Model>> {
    Ok(document::Entity::find()
        .filter(document::Column::CampaignId.eq(campaign_id))
        .filter(document::Column::Status.eq(DocumentStatus::Published))
        .order_by_desc(document::Column::PublishedAt)
        .all(db)
        .await?)
}

/// The newest published documents of every campaign, for the feed.
///
/// # Errors
/// When the database fails.
pub async fn recent_published(
    db: &impl ConnectionTrait,
    limit: u64,
) -> AppResult<Vec<document::Model>> {
    use sea_orm::QuerySelect;
    Ok(document::Entity::find()
        .filter(document::Column::Status.eq(DocumentStatus::Published))
        .order_by_desc(document::Column::PublishedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// A published document as a line of the public lists of notices and lists (通知公告).
#[derive(Clone, Debug, Serialize)]
pub struct DocumentLine {
    /// The document.
    pub id: Uuid,
    /// Notice or final list.
    pub kind: DocumentKind,
    /// Its title.
    pub title: String,
    /// The date it was issued on.
    pub issued_on: Date,
    /// Its version (1, or more for a correction).
    pub number: i32,
    /// The correction that replaced it, if any.
    pub superseded_by: Option<Uuid>,
}

impl DocumentLine {
    /// The line of a published document.
    #[must_use]
    pub fn of(doc: &document::Model) -> Self {
        DocumentLine {
            id: doc.id,
            kind: doc.kind,
            title: doc.title.clone(),
            issued_on: doc.issued_on,
            number: doc.number,
            superseded_by: doc.superseded_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth_and_has_no_spaces() {
        let value = json!({ "b": 1, "a": { "d": [true, null], "c": "中文\"" } });
        assert_eq!(
            canonical_json(&value),
            r#"{"a":{"c":"中文\"","d":[true,null]},"b":1}"#
        );
    }
}
