//! Random secrets: assessment ids (the secret of a self-assessment's link),
//! the short codes people write down, session and CSRF tokens.

use crate::error::Error;
use blake2::{Blake2b, Digest, digest::consts::U32};

/// Lower-case Crockford base32: no i, l, o or u to misread.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

fn random<const N: usize>() -> Result<[u8; N], Error> {
  let mut bytes = [0u8; N];
  getrandom::fill(&mut bytes).map_err(|e| Error::Database {
    path: "random".into(),
    message: e.to_string(),
  })?;
  Ok(bytes)
}

fn base32(bytes: &[u8], chars: usize) -> String {
  let mut bits: u128 = 0;
  let mut out = String::with_capacity(chars);
  let mut have = 0;
  let mut input = bytes.iter();
  while out.len() < chars {
    if have < 5 {
      bits = (bits << 8) | u128::from(input.next().copied().unwrap_or(0));
      have += 8;
    }
    have -= 5;
    out.push(char::from(ALPHABET[((bits >> have) & 31) as usize]));
  }
  out
}

/// A 130-bit secret (26 characters), for links and cookies.
pub fn secret() -> Result<String, Error> {
  Ok(base32(&random::<17>()?, 26))
}

/// A short code of 10 characters (50 bits), written `k7m2q-9xdcb`:
/// lookups are rate-limited, so guessing one is hopeless.
pub fn code() -> Result<String, Error> {
  let raw = base32(&random::<7>()?, 10);
  Ok(format!("{}-{}", &raw[..5], &raw[5..]))
}

/// A typed code in its stored form: case, spaces, dashes and the letters
/// people confuse with digits (o, i, l) forgiven.
pub fn normalize_code(typed: &str) -> Option<String> {
  let raw: String = typed
    .chars()
    .filter(|c| !c.is_whitespace() && *c != '-')
    .map(|c| match c.to_ascii_lowercase() {
      'o' => '0',
      'i' | 'l' => '1',
      c => c,
    })
    .collect();
  (raw.len() == 10 && raw.bytes().all(|b| ALPHABET.contains(&b)))
    .then(|| format!("{}-{}", &raw[..5], &raw[5..]))
}

/// The hash under which a session token is stored.
pub fn hash(token: &str) -> String {
  let digest = Blake2b::<U32>::digest(token.as_bytes());
  digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
  a.len() == b.len()
    && a
      .bytes()
      .zip(b.bytes())
      .fold(0u8, |acc, (x, y)| acc | (x ^ y))
      == 0
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn secrets_are_long_and_distinct() {
    let a = secret().expect("random");
    let b = secret().expect("random");
    assert_eq!(a.len(), 26);
    assert_ne!(a, b);
    assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
  }

  #[test]
  fn codes_survive_how_people_type_them() {
    let code = code().expect("random");
    assert_eq!(
      normalize_code(&code.to_uppercase()).as_deref(),
      Some(code.as_str())
    );
    assert_eq!(
      normalize_code(" AB1C0 9XDKM ").as_deref(),
      Some("ab1c0-9xdkm")
    );
    assert_eq!(
      normalize_code("abIcO-9xdkm").as_deref(),
      Some("ab1c0-9xdkm")
    );
    assert_eq!(normalize_code("abc"), None);
    assert_eq!(normalize_code("abcde-fghuu"), None);
  }
}
