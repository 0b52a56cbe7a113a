//! The reference a person gets for a contact request: "MW-7K3Q-9PXD". The one place that knows its format:
//! how it is made, written and read back.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A contact request's reference, always in its canonical form `MW-XXXX-XXXX` (Crockford base32: digits and
/// capitals without I, L, O, U, so it can be read out on the phone).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a reference like MW-7K3Q-9PXD")]
pub struct ReferenceError;

impl Reference {
    /// What every reference starts with.
    pub const PREFIX: &'static str = "MW-";
    /// Letters and digits after the prefix.
    pub const LEN: usize = 8;
    const ALPHABET: &'static [u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// A reference from 40 random bits (the low 40 of `random`). Callers draw again on a clash.
    pub fn from_random(random: u64) -> Reference {
        let chars: String =
            (0..Self::LEN).map(|i| Self::ALPHABET[((random >> (i * 5)) & 31) as usize] as char).collect();
        Reference(format!("{}{}-{}", Self::PREFIX, &chars[..4], &chars[4..]))
    }

    /// Reads a reference as a person may type it back after hearing it: any case, with or without dashes and
    /// spaces, and Crockford's look-alikes (O for 0, I and L for 1).
    pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
        let upper = s.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("MW").ok_or(ReferenceError)?;
        let chars: String = rest
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        if chars.len() != Self::LEN || !chars.bytes().all(|b| Self::ALPHABET.contains(&b)) {
            return Err(ReferenceError);
        }
        Ok(Reference(format!("{}{}-{}", Self::PREFIX, &chars[..4], &chars[4..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Reference {
    type Err = ReferenceError;
    fn from_str(s: &str) -> Result<Reference, ReferenceError> {
        Reference::parse(s)
    }
}

impl AsRef<str> for Reference {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Reference, D::Error> {
        let s = String::deserialize(d)?;
        Reference::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_readable() {
        assert_eq!(Reference::from_random(0).as_str(), "MW-0000-0000");
        assert_eq!(Reference::from_random(u64::MAX).as_str(), "MW-ZZZZ-ZZZZ");
        assert!(Reference::from_random(0x1234_5678_9abc).as_str()[3..].chars().all(|c| !"ILOU".contains(c)));
    }

    #[test]
    fn references_typed_back_are_understood() {
        for typed in [" mw-7k3q-9pxd ", "MW-7K3Q-9PXD", "MW7K3Q9PXD", "mw 7k3q 9pxd", "Mw-7K3Q9PXD"] {
            assert_eq!(Reference::parse(typed).unwrap().as_str(), "MW-7K3Q-9PXD", "{typed}");
        }
        assert_eq!(Reference::parse("MW-O1IL-0000").unwrap().as_str(), "MW-0111-0000");
        for bad in ["", "MW-", "MW-7K3Q-9PX", "MW-7K3Q-9PXDD", "XX-7K3Q-9PXD", "MW-7K3Q-9PXU", "MW-7K3Q-9PX!", "MW-7K3Q-9PXÈ"] {
            assert_eq!(Reference::parse(bad), Err(ReferenceError), "{bad}");
        }
    }

    #[test]
    fn every_generated_reference_reads_back_as_itself() {
        for n in [0u64, 1, 31, 32, 0xdead_beef, 0xff_ffff_ffff, u64::MAX] {
            let r = Reference::from_random(n);
            assert_eq!(Reference::parse(r.as_str()), Ok(r.clone()));
            assert_eq!(serde_json::from_value::<Reference>(serde_json::to_value(&r).unwrap()).unwrap(), r);
        }
    }
}
