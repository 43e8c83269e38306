//! Hashes stored as plain little-endian bytes in the build cache: lists
//! of them with `#[serde(with = "crate::packed")]`, single ones with
//! [`serialize_one`] and [`deserialize_one`].
//!
//! postcard writes each number as a varint, read back one byte at a time.
//! Hashes (shingle signatures, term ids, line keys, fingerprints) are random-looking
//! numbers, whose varints are longer than the numbers themselves; as
//! fixed-width bytes they take no more room and are read back with one
//! bounds check per list instead of one per byte. (At 10,000 documents
//! the readings are decoded on every rebuild: this took 10% off.)

use serde::de::{Error, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

/// A number with a fixed-width little-endian form.
pub trait Packed: Sized {
    /// Bytes per value.
    const WIDTH: usize;
    /// Appends the value's bytes to `out`.
    fn put(&self, out: &mut Vec<u8>);
    /// The value of exactly [`Packed::WIDTH`] bytes.
    fn get(bytes: &[u8]) -> Self;
}

impl Packed for u32 {
    const WIDTH: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        u32::from_le_bytes(bytes.try_into().unwrap_or_default())
    }
}

impl Packed for u64 {
    const WIDTH: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        u64::from_le_bytes(bytes.try_into().unwrap_or_default())
    }
}

impl Packed for u128 {
    const WIDTH: usize = 16;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        u128::from_le_bytes(bytes.try_into().unwrap_or_default())
    }
}

/// A term id and a count.
impl Packed for (u64, u16) {
    const WIDTH: usize = 10;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&self.1.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        let (id, count) = bytes.split_at(8);
        (
            u64::from_le_bytes(id.try_into().unwrap_or_default()),
            u16::from_le_bytes(count.try_into().unwrap_or_default()),
        )
    }
}

/// Writes `values` as one byte string.
pub fn serialize<T: Packed, S: Serializer>(values: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    let mut bytes = Vec::with_capacity(values.len() * T::WIDTH);
    for value in values {
        value.put(&mut bytes);
    }
    serializer.serialize_bytes(&bytes)
}

/// Reads what [`serialize`] wrote; a byte string of the wrong length is
/// an error (a damaged cache record, then read again from its document).
pub fn deserialize<'de, T: Packed, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    deserializer.deserialize_bytes(Values(std::marker::PhantomData))
}

/// Writes one value as a byte string.
pub fn serialize_one<T: Packed, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serialize(std::slice::from_ref(value), serializer)
}

/// Reads what [`serialize_one`] wrote.
pub fn deserialize_one<'de, T: Packed, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_bytes(One(std::marker::PhantomData))
}

struct Values<T>(std::marker::PhantomData<T>);

struct One<T>(std::marker::PhantomData<T>);

impl<'de, T: Packed> Visitor<'de> for One<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a byte string of {} bytes", T::WIDTH)
    }

    fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<T, E> {
        if bytes.len() != T::WIDTH {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(T::get(bytes))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        self.visit_bytes(&seq_bytes(seq)?)
    }
}

impl<'de, T: Packed> Visitor<'de> for Values<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a byte string of {}-byte values", T::WIDTH)
    }

    fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
        if !bytes.len().is_multiple_of(T::WIDTH) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(bytes.chunks_exact(T::WIDTH).map(T::get).collect())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<T>, A::Error> {
        self.visit_bytes(&seq_bytes(seq)?)
    }
}

/// The bytes of a byte string written by a format without them (JSON
/// writes a list of numbers).
fn seq_bytes<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<u8>, A::Error> {
    let mut bytes = Vec::new();
    while let Some(byte) = seq.next_element::<u8>()? {
        bytes.push(byte);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Lists {
        #[serde(with = "super")]
        hashes: Vec<u32>,
        #[serde(with = "super")]
        terms: Vec<(u64, u16)>,
        after: String,
    }

    proptest! {
        #[test]
        fn lists_come_back_as_they_were(hashes in prop::collection::vec(any::<u32>(), 0..70),
                                        terms in prop::collection::vec(any::<(u64, u16)>(), 0..70)) {
            let lists = Lists { hashes, terms, after: "next field".to_string() };
            let bytes = postcard::to_stdvec(&lists).unwrap();
            prop_assert_eq!(postcard::from_bytes::<Lists>(&bytes).unwrap(), lists);
        }
    }

    #[test]
    fn fingerprints_come_back_from_postcard_and_json() {
        let print = crate::fingerprint::Fingerprint(u128::MAX / 3);
        assert_eq!(
            postcard::from_bytes::<crate::fingerprint::Fingerprint>(&postcard::to_stdvec(&print).unwrap()).unwrap(),
            print
        );
        assert_eq!(
            serde_json::from_str::<crate::fingerprint::Fingerprint>(&serde_json::to_string(&print).unwrap()).unwrap(),
            print
        );
    }

    #[test]
    fn a_list_cut_mid_value_is_an_error() {
        let bytes = postcard::to_stdvec(&(serde_bytes::Bytes::new(&[1, 2, 3, 4, 5]), Vec::<u8>::new(), "")).unwrap();
        assert!(postcard::from_bytes::<Lists>(&bytes).is_err());
    }
}
