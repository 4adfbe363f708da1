//! Sign-in: codes (一户一码 for owners, one per role account), session tokens, and the brake
//! on guessing codes. A code is stored only as the HMAC of its digest under the server's
//! secret, which is kept outside the database (`code_hmac`, see db.rs and secret.rs); a token
//! as its SHA-256 digest (256 random bits need no key). A copy of the database signs no one in.

use sha2::{Digest, Sha256};

/// Code characters: digits and capitals without I, L and O, which a code read off paper is
/// typed as 1 and 0 anyway (see [`normalize_code`]). 33 symbols, 8 of them: 1.4 × 10¹² codes.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 8;

/// A fresh sign-in code, shown as `ABCD-EFGH`.
pub(crate) fn new_code() -> String {
    let mut code = String::with_capacity(CODE_LEN + 1);
    let mut bytes = [0u8; 64];
    // Rejection sampling keeps every symbol equally likely.
    let mut filled = 0;
    while filled < CODE_LEN {
        random(&mut bytes);
        for b in bytes {
            let limit = u8::try_from(256 - 256 % ALPHABET.len()).unwrap_or(u8::MAX);
            if b < limit && filled < CODE_LEN {
                if filled == CODE_LEN / 2 {
                    code.push('-');
                }
                code.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
                filled += 1;
            }
        }
    }
    code
}

/// A code as typed: any case, spaces and dashes ignored, the look-alikes read as meant.
pub(crate) fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// A code's digest, which the database keys with the secret (`code_hmac`) before it stores
/// or compares it.
pub(crate) fn code_digest(code: &str) -> Vec<u8> {
    Sha256::digest(format!("yishiting-code:{}", normalize_code(code))).to_vec()
}

pub(crate) fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(format!("yishiting-token:{token}")).to_vec()
}

fn random(bytes: &mut [u8]) {
    // The operating system's generator; without it no code or token can be made safely.
    #[allow(clippy::expect_used)]
    getrandom::fill(bytes).expect("the system's random source");
}

/// A session token: 32 random bytes, in hex. The database keeps only its hash.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    random(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Who is signed in: an account of one community (the protocol's own type).
pub use yishiting_domain::wire::Account;

pub use crate::db::accounts::create_account;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_typed_loosely() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LEN + 1);
        assert_eq!(code.as_bytes()[4], b'-');
        assert!(code.bytes().filter(|b| *b != b'-').all(|b| ALPHABET.contains(&b)));
        assert_ne!(new_code(), new_code());
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(code_digest(&typed), code_digest(&code));
        assert_eq!(normalize_code("ab-o1 l"), "AB011");
    }
}
