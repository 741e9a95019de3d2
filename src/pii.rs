//! Protection of private data at rest, and the small cryptographic helpers
//! the rest of Laurel builds on.
//!
//! This module owns the keys that protect personal data and the format of
//! what is stored. ID numbers are kept encrypted with AES-256-GCM under a
//! fresh random 96-bit nonce per value; the stored blob is
//! `nonce || ciphertext || tag`. Beside each blob the application stores a
//! keyed HMAC-SHA256 fingerprint so duplicates can be found without
//! decrypting. The fingerprint is keyed, never a plain hash, because valid ID
//! numbers are few enough to enumerate: anyone holding a plain hash could
//! recover the number by trying them all.
//!
//! Errors here are for the operator, not the user, so they are not translated.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Length of each key in bytes.
const KEY_LEN: usize = 32;
/// Length of the AES-GCM nonce at the start of each blob.
const NONCE_LEN: usize = 12;
/// Length of the AES-GCM authentication tag at the end of each blob.
const TAG_LEN: usize = 16;
/// Length of the hex key file's contents, ignoring surrounding whitespace.
const KEYS_HEX_LEN: usize = 4 * KEY_LEN;

/// What went wrong protecting private data.
#[derive(Debug)]
pub enum PiiError {
    /// The operating system's random number generator failed.
    Random(getrandom::Error),
    /// Key material is not 128 hexadecimal characters.
    KeyFormat,
    /// The key file could not be read, written or its folder created.
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying failure.
        source: io::Error,
    },
    /// Encryption failed; AES-GCM only refuses plaintexts of many gigabytes.
    Encrypt,
    /// The blob is truncated, was tampered with, was encrypted under another
    /// key, or does not hold UTF-8 text.
    Decrypt,
}

impl fmt::Display for PiiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Random(error) => write!(f, "random number generator failed: {error}"),
            // No detail from the hex decoder: it would quote key characters.
            Self::KeyFormat => write!(
                f,
                "PII keys must be {KEYS_HEX_LEN} hexadecimal characters \
                 (encryption key, then HMAC key)"
            ),
            Self::Io { path, source } => {
                write!(f, "PII key file {}: {source}", path.display())
            }
            Self::Encrypt => f.write_str("encrypting private data failed"),
            Self::Decrypt => f.write_str(
                "decrypting private data failed: blob damaged, tampered with, \
                 or encrypted under another key",
            ),
        }
    }
}

impl std::error::Error for PiiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            // getrandom's error implements `Error` only with its "std"
            // feature, which is not enabled; Display already includes it.
            Self::Random(_) | Self::KeyFormat | Self::Encrypt | Self::Decrypt => None,
        }
    }
}

/// The keys protecting private data: one for AES-256-GCM encryption and a
/// separate one for HMAC-SHA256 fingerprints, so that neither use can
/// weaken the other.
///
/// `Debug` prints `PiiKeys(..)` so the keys never reach a log.
#[derive(Clone)]
pub struct PiiKeys {
    encryption: [u8; KEY_LEN],
    fingerprint: [u8; KEY_LEN],
}

impl fmt::Debug for PiiKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PiiKeys(..)")
    }
}

impl PiiKeys {
    /// Generates fresh random keys.
    ///
    /// # Errors
    ///
    /// [`PiiError::Random`] if the operating system's random number generator fails.
    pub fn generate() -> Result<Self, PiiError> {
        let mut keys = Self {
            encryption: [0; KEY_LEN],
            fingerprint: [0; KEY_LEN],
        };
        getrandom::fill(&mut keys.encryption).map_err(PiiError::Random)?;
        getrandom::fill(&mut keys.fingerprint).map_err(PiiError::Random)?;
        Ok(keys)
    }

    /// Reads keys written by [`PiiKeys::to_hex`]: 128 hexadecimal characters,
    /// the encryption key then the HMAC key. Surrounding whitespace is ignored.
    ///
    /// # Errors
    ///
    /// [`PiiError::KeyFormat`] if the text is not 128 hexadecimal characters.
    pub fn from_hex(text: &str) -> Result<Self, PiiError> {
        let mut bytes = [0; 2 * KEY_LEN];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| PiiError::KeyFormat)?;
        let (encryption, fingerprint) = bytes.split_at(KEY_LEN);
        Ok(Self {
            encryption: encryption.try_into().map_err(|_| PiiError::KeyFormat)?,
            fingerprint: fingerprint.try_into().map_err(|_| PiiError::KeyFormat)?,
        })
    }

    /// The keys as 128 lower-case hexadecimal characters, encryption key first.
    #[must_use]
    pub fn to_hex(&self) -> String {
        let mut text = hex::encode(self.encryption);
        text.push_str(&hex::encode(self.fingerprint));
        text
    }

    /// Loads the keys from a hex key file, creating the file with fresh keys
    /// (and its parent folders) if it does not exist yet.
    ///
    /// The file is created with mode 0600 on Unix, and only if absent, so of
    /// several processes starting at once exactly one writes the keys and
    /// the others read what it wrote. Losing this file loses every encrypted
    /// value, so operators must back it up.
    ///
    /// # Errors
    ///
    /// - [`PiiError::Io`] if the file or its folder cannot be read or created.
    /// - [`PiiError::KeyFormat`] if the file does not hold valid keys.
    /// - [`PiiError::Random`] if new keys are needed and the random number
    ///   generator fails.
    pub fn load_or_create(path: &Path) -> Result<Self, PiiError> {
        let text =
            load_or_create_secret_file(path, KEYS_HEX_LEN, || Ok(Self::generate()?.to_hex()))?;
        Self::from_hex(&text)
    }

    /// Encrypts text under a fresh random nonce, giving
    /// `nonce (12 bytes) || ciphertext || tag (16 bytes)`. Encrypting the same
    /// text twice gives different blobs, so equal blobs reveal nothing; use
    /// [`PiiKeys::fingerprint`] to find duplicates.
    ///
    /// # Errors
    ///
    /// - [`PiiError::Random`] if the random number generator fails.
    /// - [`PiiError::Encrypt`] if the text exceeds AES-GCM's size limit.
    pub fn encrypt(&self, plaintext: &str) -> Result<Vec<u8>, PiiError> {
        let mut nonce = [0; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(PiiError::Random)?;
        let ciphertext = self
            .cipher()
            .encrypt(&Nonce::from(nonce), plaintext.as_bytes())
            .map_err(|_| PiiError::Encrypt)?;
        let mut blob = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&ciphertext);
        Ok(blob)
    }

    /// Decrypts a blob made by [`PiiKeys::encrypt`].
    ///
    /// # Errors
    ///
    /// [`PiiError::Decrypt`] if the blob is truncated, was altered in any
    /// way, was made under other keys, or does not hold UTF-8 text.
    pub fn decrypt(&self, blob: &[u8]) -> Result<String, PiiError> {
        if blob.len() < NONCE_LEN + TAG_LEN {
            return Err(PiiError::Decrypt);
        }
        let (nonce, ciphertext) = blob
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(PiiError::Decrypt)?;
        let plaintext = self
            .cipher()
            .decrypt(&Nonce::from(*nonce), ciphertext)
            .map_err(|_| PiiError::Decrypt)?;
        String::from_utf8(plaintext).map_err(|_| PiiError::Decrypt)
    }

    /// The keyed fingerprint of a value, as 64 lower-case hexadecimal
    /// characters: equal values give equal fingerprints under the same keys.
    ///
    /// Callers must normalise the value first (for an ID number, the form
    /// `IdNumber::as_str` returns), since `x` and `X` would otherwise
    /// fingerprint differently.
    #[must_use]
    pub fn fingerprint(&self, value: &str) -> String {
        hmac_sha256_hex(&self.fingerprint, value.as_bytes())
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&Key::<Aes256Gcm>::from(self.encryption))
    }
}

/// Reads the secret kept in `path`, or creates the file (mode 0600) holding `generate()`'s
/// value. Used for every key Laurel keeps beside its database.
///
/// Several processes may start at once: the file is created with `create_new`, so exactly one
/// writes it and the others read what it wrote. A file shorter than `min_len` may be one the
/// winner has created but not finished writing, so reading it is retried briefly.
///
/// # Errors
///
/// [`PiiError::Io`] when the file can be neither read nor created, or whatever `generate`
/// returns.
pub fn load_or_create_secret_file(
    path: &Path,
    min_len: usize,
    generate: impl FnOnce() -> Result<String, PiiError>,
) -> Result<String, PiiError> {
    let io_error = |source| PiiError::Io {
        path: path.to_path_buf(),
        source,
    };
    match read_secret_file(path, min_len) {
        Err(PiiError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {}
        loaded => return loaded,
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|source| PiiError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let value = generate()?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(format!("{value}\n").as_bytes())
                .map_err(io_error)?;
            // Data is protected under this secret as soon as we return, so it must be on disk.
            file.sync_all().map_err(io_error)?;
            Ok(value)
        }
        Err(source) if source.kind() == io::ErrorKind::AlreadyExists => {
            read_secret_file(path, min_len)
        }
        Err(source) => Err(io_error(source)),
    }
}

fn read_secret_file(path: &Path, min_len: usize) -> Result<String, PiiError> {
    const ATTEMPTS: u32 = 20;
    const PAUSE: Duration = Duration::from_millis(25);
    let mut attempt = 1;
    loop {
        let text = fs::read_to_string(path).map_err(|source| PiiError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if text.trim().len() >= min_len || attempt == ATTEMPTS {
            return Ok(text.trim().to_owned());
        }
        attempt += 1;
        thread::sleep(PAUSE);
    }
}

/// `bytes` random bytes as lower-case hexadecimal (twice as many
/// characters), for session ids, CSRF seeds and API tokens.
///
/// # Errors
///
/// [`PiiError::Random`] if the operating system's random number generator fails.
pub fn random_token(bytes: usize) -> Result<String, PiiError> {
    let mut buffer = vec![0; bytes];
    getrandom::fill(&mut buffer).map_err(PiiError::Random)?;
    Ok(hex::encode(buffer))
}

/// The SHA-256 digest of `data` as 64 lower-case hexadecimal characters.
///
/// Not for secrets from a small space such as ID numbers; use
/// [`PiiKeys::fingerprint`] for those.
#[must_use]
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The HMAC-SHA256 of `data` under `key` (of any length) as 64 lower-case
/// hexadecimal characters.
#[must_use]
pub fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC's key setup hashes keys longer than a block and pads shorter ones,
    // so `new_from_slice` accepts every length and the error arm is dead.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length");
    };
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

/// Compares two byte strings in time that depends on their lengths but not
/// their contents.
///
/// Use it to check tokens and MACs, so that timing does not reveal how much
/// of a guess was right. The lengths themselves are not treated as secret.
#[must_use]
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // Stops the optimiser from turning the fold into an early-exit comparison.
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system temp dir, unique to this test run.
    fn scratch_dir(name: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "laurel-pii-test-{name}-{}-{nanos}",
            std::process::id()
        ));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn encrypted_text_decrypts_to_the_original() {
        let keys = PiiKeys::generate().unwrap();
        for text in ["11010519491231002X", "张三丰，青岛市市南区", ""] {
            let blob = keys.encrypt(text).unwrap();
            assert_eq!(blob.len(), NONCE_LEN + text.len() + TAG_LEN);
            assert_eq!(keys.decrypt(&blob).unwrap(), text);
        }
    }

    #[test]
    fn any_tampered_byte_makes_decryption_fail() {
        let keys = PiiKeys::generate().unwrap();
        let blob = keys.encrypt("11010519491231002X").unwrap();
        for index in 0..blob.len() {
            let mut tampered = blob.clone();
            tampered[index] ^= 0x01;
            assert!(
                matches!(keys.decrypt(&tampered), Err(PiiError::Decrypt)),
                "byte {index}"
            );
        }
    }

    #[test]
    fn truncated_blobs_are_rejected() {
        let keys = PiiKeys::generate().unwrap();
        let blob = keys.encrypt("abc").unwrap();
        for len in 0..blob.len() {
            assert!(matches!(keys.decrypt(&blob[..len]), Err(PiiError::Decrypt)));
        }
    }

    #[test]
    fn blob_from_other_keys_is_rejected() {
        let blob = PiiKeys::generate().unwrap().encrypt("abc").unwrap();
        let other = PiiKeys::generate().unwrap();
        assert!(matches!(other.decrypt(&blob), Err(PiiError::Decrypt)));
    }

    #[test]
    fn same_plaintext_gets_different_nonces() {
        let keys = PiiKeys::generate().unwrap();
        let first = keys.encrypt("11010519491231002X").unwrap();
        let second = keys.encrypt("11010519491231002X").unwrap();
        assert_ne!(first[..NONCE_LEN], second[..NONCE_LEN]);
        assert_ne!(first, second);
    }

    #[test]
    fn fingerprint_is_stable_and_depends_on_the_key() {
        let keys = PiiKeys::generate().unwrap();
        let again = PiiKeys::from_hex(&keys.to_hex()).unwrap();
        let other = PiiKeys::generate().unwrap();
        let value = "11010519491231002X";
        let fingerprint = keys.fingerprint(value);
        assert_eq!(fingerprint.len(), 64);
        assert_eq!(fingerprint, keys.fingerprint(value));
        assert_eq!(fingerprint, again.fingerprint(value));
        assert_ne!(fingerprint, other.fingerprint(value));
        assert_ne!(fingerprint, keys.fingerprint("110105194912310021"));
        assert_ne!(fingerprint, sha256_hex(value.as_bytes()));
    }

    #[test]
    fn fingerprint_uses_the_hmac_key_not_the_encryption_key() {
        let keys = PiiKeys::from_hex(&format!("{}{}", "11".repeat(32), "22".repeat(32))).unwrap();
        assert_eq!(keys.fingerprint("x"), hmac_sha256_hex(&[0x22; 32], b"x"));
    }

    #[test]
    fn hex_round_trip_keeps_the_keys() {
        let keys = PiiKeys::generate().unwrap();
        let text = keys.to_hex();
        assert_eq!(text.len(), 128);
        let parsed = PiiKeys::from_hex(&format!("  {}\n", text.to_uppercase())).unwrap();
        assert_eq!(parsed.to_hex(), text);
        let blob = keys.encrypt("秘密").unwrap();
        assert_eq!(parsed.decrypt(&blob).unwrap(), "秘密");
    }

    #[test]
    fn from_hex_rejects_bad_input() {
        let good = "ab".repeat(64);
        for bad in [
            String::new(),
            "ab".repeat(63),
            "ab".repeat(65),
            format!("{}a", "ab".repeat(63)),
            format!("{}zz", "ab".repeat(63)),
            format!("{} {}", "ab".repeat(32), "ab".repeat(32)),
        ] {
            assert!(
                matches!(PiiKeys::from_hex(&bad), Err(PiiError::KeyFormat)),
                "{bad:?}"
            );
        }
        assert!(PiiKeys::from_hex(&good).is_ok());
    }

    #[test]
    fn debug_does_not_print_the_keys() {
        let keys = PiiKeys::from_hex(&"ab".repeat(64)).unwrap();
        assert_eq!(format!("{keys:?}"), "PiiKeys(..)");
        assert_eq!(format!("{keys:#?}"), "PiiKeys(..)");
    }

    #[test]
    fn load_or_create_creates_a_private_file_and_then_reuses_it() {
        let dir = scratch_dir("load");
        let path = dir.join("nested").join("pii.keys");
        let created = PiiKeys::load_or_create(&path).unwrap();
        let loaded = PiiKeys::load_or_create(&path).unwrap();
        assert_eq!(created.to_hex(), loaded.to_hex());
        assert_eq!(fs::read_to_string(&path).unwrap().trim(), created.to_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_or_create_racing_threads_all_get_the_same_keys() {
        let dir = scratch_dir("race");
        let path = dir.join("pii.keys");
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let path = path.clone();
                thread::spawn(move || PiiKeys::load_or_create(&path).unwrap().to_hex())
            })
            .collect();
        let results: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(results.iter().all(|hex| *hex == results[0]));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn load_or_create_refuses_a_corrupt_file() {
        let dir = scratch_dir("corrupt");
        let path = dir.join("pii.keys");
        fs::write(&path, "z".repeat(128)).unwrap();
        assert!(matches!(
            PiiKeys::load_or_create(&path),
            Err(PiiError::KeyFormat)
        ));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn random_tokens_have_the_requested_size_and_differ() {
        let first = random_token(32).unwrap();
        let second = random_token(32).unwrap();
        assert_eq!(first.len(), 64);
        assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(first, second);
        assert_eq!(random_token(0).unwrap(), "");
    }

    #[test]
    fn sha256_matches_the_standard_test_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_accepts_keys_longer_than_a_block() {
        // RFC 4231 test case 6: a 131-byte key.
        assert_eq!(
            hmac_sha256_hex(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn constant_time_eq_compares_contents_and_lengths() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"token", b"token"));
        assert!(!constant_time_eq(b"token", b"tokem"));
        assert!(!constant_time_eq(b"token", b"Token"));
        assert!(!constant_time_eq(b"token", b"token!"));
        assert!(!constant_time_eq(b"token", b""));
    }
}
