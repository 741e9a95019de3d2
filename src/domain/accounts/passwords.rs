//! Passwords: Argon2id hashing within a fixed memory budget shared by every request (a flood
//! of sign-ins queues or is told to retry, never grows the server), checking, and the length
//! rule.

use super::*;

/// What password hashing may hold in memory at once, in MiB: each hash or check holds its
/// Argon2 memory cost, and takes that many MiB (rounded up) of this budget until it ends. A
/// flood of sign-ins then queues instead of growing the server by 19 MiB an attempt. 96 MiB
/// (five hashes at the default cost, more than two cores can run at once) leaves room under
/// the 128 MiB a flood may add for the connections, requests and threads around them.
pub const HASHING_BUDGET_MIB: u32 = 96;

/// How long a hash waits for its share of the budget before the request is told to retry.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The hashing budget and the Argon2 working memory, reused: a fresh 19 MiB allocation per
/// attempt on whichever blocking thread ran it left each thread's allocator arena holding its
/// own copy (a flood of 200 grew the server by 1.5 GiB with only six hashes at once). With the
/// buffers kept here, the memory hashing ever holds is at most the budget.
struct Hashing {
    budget: rocket::tokio::sync::Semaphore,
    buffers: std::sync::Mutex<Vec<Vec<argon2::Block>>>,
}

/// The process's hashing budget (one process serves one database; tests share it).
static HASHING: std::sync::OnceLock<Hashing> = std::sync::OnceLock::new();

/// Runs `work` (a hash or a check with `params`) off the async threads once the hashing
/// budget has room for it, with a working memory from the pool.
async fn hashing<T: Send + 'static>(
    params: &Params,
    work: impl FnOnce(&mut [argon2::Block]) -> T + Send + 'static,
) -> AppResult<T> {
    let pool = HASHING.get_or_init(|| Hashing {
        budget: rocket::tokio::sync::Semaphore::new(HASHING_BUDGET_MIB as usize),
        buffers: std::sync::Mutex::new(Vec::new()),
    });
    let share = params.m_cost().div_ceil(1024).clamp(1, HASHING_BUDGET_MIB);
    let _turn =
        match rocket::tokio::time::timeout(HASHING_WAIT, pool.budget.acquire_many(share)).await {
            Ok(Ok(turn)) => turn,
            _ => return Err(AppError::TooManyRequests),
        };
    let blocks = params.block_count();
    let mut buffer = pool
        .buffers
        .lock()
        .map_err(|_| AppError::Internal("hashing pool".into()))?
        .pop()
        .unwrap_or_default();
    if buffer.len() < blocks {
        buffer.resize(blocks, argon2::Block::new());
    }
    let (result, buffer) = rocket::tokio::task::spawn_blocking(move || {
        let result = work(&mut buffer[..blocks]);
        (result, buffer)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    if let Ok(mut idle) = pool.buffers.lock() {
        idle.push(buffer);
    }
    Ok(result)
}

/// Hashes a password with argon2id (PHC string), off the async threads and within the hashing
/// budget (a hash takes tens of milliseconds of CPU and `argon2_memory_kib` of memory on
/// purpose).
///
/// # Errors
/// [`AppError::TooManyRequests`] when the budget has no room in time; when hashing fails (it
/// does not for valid parameters).
pub async fn hash_password(config: &AppConfig, password: &str) -> AppResult<String> {
    use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
    let params = Params::new(config.argon2_memory_kib, 2, 1, None)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(e.to_string()))?;
    let password = password.to_owned();
    let at = params.clone();
    hashing(&params, move |blocks| {
        let mut out = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, at.clone())
            .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, blocks)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let internal = |e: &dyn std::fmt::Display| AppError::Internal(e.to_string());
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&at).map_err(|e| internal(&e))?,
            salt: Some(Salt::new(&salt).map_err(|e| internal(&e))?),
            hash: Some(Output::new(&out).map_err(|e| internal(&e))?),
        };
        Ok(phc.to_string())
    })
    .await?
}

/// Checks a password against a stored hash (algorithm, version and parameters are read from
/// the hash), within the hashing budget at the stored hash's memory cost. The comparison is
/// constant-time (the PHC output type compares so).
///
/// # Errors
/// [`AppError::TooManyRequests`] when the budget has no room in time.
pub async fn verify_password(hash: &str, password: &str) -> AppResult<bool> {
    use argon2::password_hash::phc::{Output, PasswordHash};
    let Ok(parsed) = PasswordHash::new(hash) else {
        return Ok(false);
    };
    let (Ok(params), Ok(algorithm), Some(salt), Some(expected)) = (
        Params::try_from(&parsed),
        Algorithm::try_from(parsed.algorithm.as_str()),
        parsed.salt,
        parsed.hash,
    ) else {
        return Ok(false);
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let password = password.to_owned();
    let at = params.clone();
    hashing(&params, move |blocks| {
        let mut out = vec![0u8; expected.as_bytes().len()];
        Argon2::new(algorithm, version, at)
            .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, blocks)
            .ok()
            .and_then(|()| Output::new(&out).ok())
            .is_some_and(|computed| computed == expected)
    })
    .await
}

pub(super) fn check_password(errors: &mut FieldErrors, password: &str) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add("password", "error-password-short");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AppConfig {
        AppConfig {
            argon2_memory_kib: 1024,
            ..AppConfig::default()
        }
    }

    #[rocket::async_test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password(&config(), "correct horse")
            .await
            .expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=1024,t=2,p=1$"), "{hash}");
        assert_eq!(
            verify_password(&hash, "correct horse").await.ok(),
            Some(true)
        );
        assert_eq!(
            verify_password(&hash, "correct horsE").await.ok(),
            Some(false)
        );
        assert_eq!(verify_password("not a hash", "x").await.ok(), Some(false));
    }

    #[rocket::async_test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let params = Params::new(1024, 2, 1, None).expect("params");
        let made = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"kept from before")
            .expect("hash")
            .to_string();
        assert_eq!(
            verify_password(&made, "kept from before").await.ok(),
            Some(true)
        );
        assert_eq!(verify_password(&made, "another").await.ok(), Some(false));
    }
}
