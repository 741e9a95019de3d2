//! A nomination's attachments (附件): judged by their first bytes, limited in number and size,
//! stored outside the database, read back only by those who may see the nomination.

use super::*;

/// The kind of a file, judged by its first bytes (never by its name or the browser's word).
#[must_use]
pub fn sniff_content_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// The nominating unit attaches a file to its draft: JPEG, PNG or PDF by content, within the
/// configured size. The bytes go to the storage directory under the attachment's id.
///
/// # Errors
/// As [`update_draft`], plus [`AppError::Invalid`] on `file` for a wrong type, an empty or too
/// large file, or too many attachments.
pub async fn add_attachment(
    app: &App,
    actor: &Actor,
    id: NominationId,
    version: i32,
    filename: &str,
    bytes: &[u8],
) -> AppResult<attachment::Model> {
    let (found, _) = editable(app, actor, id, version, app.config.today()).await?;
    let mut errors = FieldErrors::default();
    let content_type = sniff_content_type(bytes);
    if bytes.is_empty() {
        errors.add("file", "error-file-empty");
    } else if bytes.len() as u64 > app.config.attachment_max_bytes {
        errors.add("file", "error-file-too-large");
    } else if content_type.is_none() {
        errors.add("file", "error-file-type");
    }
    let count = attachment::Entity::find()
        .filter(attachment::Column::NominationId.eq(found.id))
        .count(&app.db)
        .await?;
    if count >= MAX_ATTACHMENTS {
        errors.add("file", "error-file-too-many");
    }
    errors.into_result()?;
    let attachment_id = AttachmentId::new();
    let dir = app.config.storage_dir();
    let path = dir.join(attachment_id.to_string());
    rocket::tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| AppError::Internal(format!("storage {}: {e}", dir.display())))?;
    rocket::tokio::fs::write(&path, bytes)
        .await
        .map_err(|e| AppError::Internal(format!("storage {}: {e}", path.display())))?;
    let clean_name: String = filename
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .take(200)
        .collect();
    let txn = db::begin_write(&app.db).await?;
    let saved = attachment::ActiveModel {
        id: Set(attachment_id.0),
        nomination_id: Set(found.id),
        filename: Set(if clean_name.is_empty() {
            attachment_id.to_string()
        } else {
            clean_name
        }),
        content_type: Set(content_type
            .unwrap_or("application/octet-stream")
            .to_owned()),
        size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
        sha256: Set(crate::pii::sha256_hex(bytes)),
        uploaded_by: Set(actor.user_id),
        created_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("attachment.create", "attachment", saved.id)
            .campaign(found.campaign_id)
            .after(json!({ "nomination_id": found.id, "filename": saved.filename, "sha256": saved.sha256, "size": saved.size })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The nominating unit removes an attachment from its draft.
///
/// # Errors
/// As [`update_draft`]; [`AppError::NotFound`] for an attachment of another nomination.
pub async fn remove_attachment(
    app: &App,
    actor: &Actor,
    id: NominationId,
    version: i32,
    attachment_id: AttachmentId,
) -> AppResult<()> {
    let (found, _) = editable(app, actor, id, version, app.config.today()).await?;
    let existing = attachment::Entity::find_by_id(attachment_id.0)
        .one(&app.db)
        .await?
        .filter(|a| a.nomination_id == found.id)
        .ok_or(AppError::NotFound)?;
    let txn = db::begin_write(&app.db).await?;
    attachment::Entity::delete_by_id(existing.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("attachment.delete", "attachment", existing.id)
            .campaign(found.campaign_id)
            .before(json!({ "nomination_id": found.id, "filename": existing.filename, "sha256": existing.sha256 })),
    )
    .await?;
    txn.commit().await?;
    // The row is gone; a leftover file is harmless and unreachable.
    let _ = rocket::tokio::fs::remove_file(app.config.storage_dir().join(existing.id.to_string()))
        .await;
    Ok(())
}

/// The attachments of a nomination, oldest first.
///
/// # Errors
/// When the database fails.
pub async fn attachments_of(
    db: &DatabaseConnection,
    id: Uuid,
) -> AppResult<Vec<attachment::Model>> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::NominationId.eq(id))
        .order_by_asc(attachment::Column::CreatedAt)
        .all(db)
        .await?)
}

/// An attachment and its bytes, if its nomination is in the caller's reach.
///
/// # Errors
/// [`AppError::NotFound`] when out of reach or missing.
pub async fn read_attachment(
    app: &App,
    actor: &Actor,
    id: NominationId,
    attachment_id: AttachmentId,
) -> AppResult<(attachment::Model, Vec<u8>)> {
    let (found, _) = get_in_reach(&app.db, actor, id).await?;
    attachment_bytes(app, found.id, attachment_id).await
}

/// An attachment of a nomination the caller was already allowed to read (their unit's, or one
/// assigned to them for scoring), with its bytes.
///
/// # Errors
/// [`AppError::NotFound`] when the attachment is not the nomination's or its file is gone.
pub async fn attachment_bytes(
    app: &App,
    nomination_id: uuid::Uuid,
    attachment_id: AttachmentId,
) -> AppResult<(attachment::Model, Vec<u8>)> {
    let existing = attachment::Entity::find_by_id(attachment_id.0)
        .one(&app.db)
        .await?
        .filter(|a| a.nomination_id == nomination_id)
        .ok_or(AppError::NotFound)?;
    let bytes = rocket::tokio::fs::read(app.config.storage_dir().join(existing.id.to_string()))
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((existing, bytes))
}
