//! Secret files kept beside the database: Rocket's secret key (which encrypts the session and
//! CSRF cookies) and the keys protecting ID numbers.
//!
//! Each is generated on first start, written with mode 0600, and read back on later starts
//! (`pii::load_or_create_secret_file`), so sessions and encrypted data survive restarts.

use rocket::figment::Figment;

use crate::config::AppConfig;

/// The example key printed in Rocket's guide: public, so never acceptable.
const ROCKET_GUIDE_KEY: &str = "hPRYyVRiMyxpw5sBB1XeCMN1kFsDCqKvBi2QJxBVHQk=";

/// Makes sure the figment carries a usable `secret_key`.
///
/// A configured key (Rocket.toml or `ROCKET_SECRET_KEY`) is used as given, unless it is the
/// example key from Rocket's guide. Otherwise the key is read from, or generated into,
/// `<data_dir>/secret.key`.
///
/// # Errors
/// When the configured key is the guide's example, or the key file cannot be read or written.
pub fn with_secret_key(figment: Figment) -> Result<Figment, String> {
    if let Ok(configured) = figment.extract_inner::<String>("secret_key") {
        if configured.trim() == ROCKET_GUIDE_KEY {
            return Err(
                "the configured secret_key is the public example from Rocket's guide; \
                        remove it to have one generated, or set your own (openssl rand -base64 32)"
                    .into(),
            );
        }
        return Ok(figment);
    }
    let config: AppConfig = figment
        .extract_inner("laurel")
        .map_err(|e| format!("configuration: {e}"))?;
    let path = config.data_dir.join("secret.key");
    let key = crate::pii::load_or_create_secret_file(&path, 64, || crate::pii::random_token(32))
        .map_err(|e| format!("secret key {}: {e}", path.display()))?;
    Ok(figment.merge(("secret_key", key)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rocket::figment::providers::Serialized;

    fn figment_in(dir: &std::path::Path) -> Figment {
        Figment::new().merge(Serialized::default(
            "laurel",
            AppConfig {
                data_dir: dir.to_path_buf(),
                ..AppConfig::default()
            },
        ))
    }

    #[test]
    fn the_example_key_from_rockets_guide_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let figment = figment_in(dir.path()).merge(("secret_key", ROCKET_GUIDE_KEY));
        let error = with_secret_key(figment).expect_err("refused");
        assert!(error.contains("Rocket's guide"), "{error}");
    }

    #[test]
    fn a_missing_key_is_generated_once_into_a_private_file_and_reused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first: String = with_secret_key(figment_in(dir.path()))
            .expect("generated")
            .extract_inner("secret_key")
            .expect("set");
        let second: String = with_secret_key(figment_in(dir.path()))
            .expect("read back")
            .extract_inner("secret_key")
            .expect("set");
        assert_eq!(first, second);
        assert_eq!(first.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret.key"))
                .expect("file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_configured_key_is_used_as_given() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = "b".repeat(64);
        let figment = with_secret_key(figment_in(dir.path()).merge(("secret_key", key.as_str())))
            .expect("accepted");
        assert_eq!(
            figment.extract_inner::<String>("secret_key").expect("set"),
            key
        );
        assert!(!dir.path().join("secret.key").exists());
    }
}
