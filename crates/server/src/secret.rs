//! The server's secret key, kept outside the database it protects: sign-in codes are stored
//! as HMAC-SHA-256 under it, so a copy of the database alone signs no one in and gives up no
//! code, however long someone guesses at it.
//!
//! The key is the environment variable `YISHITING_SECRET` (at least 32 characters) when set,
//! else the file beside the database with the extension `.secret` (`data/yishiting.secret`
//! for `data/yishiting.sqlite3`), created on first use with 32 random bytes, mode 600.

use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The environment variable that, when set, is the key itself.
pub const ENV: &str = "YISHITING_SECRET";

const MIN_ENV_CHARS: usize = 32;

#[derive(Clone)]
pub(crate) struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The key file of a database: beside it, `.secret` for its extension.
pub fn file_of(db: &Path) -> PathBuf {
    db.with_extension("secret")
}

/// Where the key of the database at `db` is kept, for people.
pub fn described(db: &Path) -> String {
    if std::env::var_os(ENV).is_some() {
        format!("环境变量 {ENV}")
    } else {
        file_of(db).display().to_string()
    }
}

impl Secret {
    /// The key of the database at `db`: the environment's, else its file's, made if missing.
    pub(crate) fn of_database(db: &Path) -> Result<Secret, String> {
        if let Ok(text) = std::env::var(ENV) {
            if text.chars().count() < MIN_ENV_CHARS {
                return Err(format!("{ENV} 须至少 {MIN_ENV_CHARS} 个字符"));
            }
            return Ok(Secret(text.into_bytes()));
        }
        let file = file_of(db);
        match std::fs::read(&file) {
            Ok(bytes) if bytes.len() >= 32 => Ok(Secret(bytes)),
            Ok(_) => Err(format!("{}：密钥文件不完整（应有 32 字节）", file.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&file),
            Err(e) => Err(format!("{}：{e}", file.display())),
        }
    }

    /// A key for a database that lives only in memory.
    pub(crate) fn random() -> Secret {
        Secret(random_bytes().to_vec())
    }

    pub(crate) fn mac(&self, data: &[u8]) -> Vec<u8> {
        // HMAC takes a key of any length.
        #[allow(clippy::expect_used)]
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }
}

fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    // The operating system's generator; without it no key can be made safely.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the system's random source");
    bytes
}

/// Writes a new key file that only its owner can read; never overwrites one.
fn create(file: &Path) -> Result<Secret, String> {
    let bytes = random_bytes();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(file).and_then(|mut f| {
        f.write_all(&bytes)?;
        f.sync_all()
    });
    written.map_err(|e| format!("{}：{e}", file.display()))?;
    tracing::info!(file = %file.display(), "made the key for sign-in codes");
    Ok(Secret(bytes.to_vec()))
}
