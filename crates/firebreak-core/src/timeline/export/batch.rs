//! Rows copied out of SQLite for another thread: a large export steps through SQLite on one
//! thread while another formats and writes, so the two run side by side. A batch holds its
//! rows' values end to end (tag, length, bytes), two allocations however many rows it
//! carries, and goes back to the reading thread to be refilled.

use rusqlite::types::ValueRef;

/// Rows per batch.
pub(super) const ROWS: usize = 2048;

#[derive(Default)]
pub(super) struct Batch {
    bytes: Vec<u8>,
    /// End of each row's values in `bytes`.
    ends: Vec<usize>,
}

impl Batch {
    /// Appends a row's first `columns` values.
    pub fn push(&mut self, row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<()> {
        for i in 0..columns {
            encode(&mut self.bytes, row.get_ref(i)?);
        }
        self.ends.push(self.bytes.len());
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Emptied, for reuse.
    pub fn cleared(mut self) -> Batch {
        self.bytes.clear();
        self.ends.clear();
        self
    }

    /// Each row's values, in order.
    pub fn rows(&self) -> impl Iterator<Item = impl Iterator<Item = ValueRef<'_>>> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let values = decode(self.bytes.get(start..end).unwrap_or_default());
            start = end;
            values
        })
    }
}

/// A value as tag, length and bytes (read back by [`decode`]).
fn encode(out: &mut Vec<u8>, v: ValueRef<'_>) {
    let (tag, bytes) = match v {
        ValueRef::Null => return out.push(0),
        ValueRef::Integer(n) => {
            out.push(1);
            out.extend_from_slice(&n.to_le_bytes());
            return;
        }
        ValueRef::Real(r) => {
            out.push(4);
            out.extend_from_slice(&r.to_le_bytes());
            return;
        }
        ValueRef::Text(t) => (2, t),
        ValueRef::Blob(b) => (3, b),
    };
    out.push(tag);
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The values [`encode`] wrote into `bytes`, in order; a truncated buffer ends them.
fn decode(mut bytes: &[u8]) -> impl Iterator<Item = ValueRef<'_>> {
    std::iter::from_fn(move || {
        let (&tag, rest) = bytes.split_first()?;
        let (head, rest) = rest.split_at_checked(if tag == 0 { 0 } else { 8 })?;
        let word = u64::from_le_bytes(head.try_into().unwrap_or([0; 8]));
        let (value, rest) = match tag {
            0 => (ValueRef::Null, rest),
            1 => (ValueRef::Integer(word as i64), rest),
            2 | 3 => {
                let (data, rest) = rest.split_at_checked(usize::try_from(word).ok()?)?;
                let v = if tag == 2 {
                    ValueRef::Text(data)
                } else {
                    ValueRef::Blob(data)
                };
                (v, rest)
            }
            _ => (ValueRef::Real(f64::from_bits(word)), rest),
        };
        bytes = rest;
        Some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_as_they_were_copied_out() {
        let values = [
            ValueRef::Null,
            ValueRef::Integer(-7),
            ValueRef::Integer(i64::MAX),
            ValueRef::Text(b""),
            ValueRef::Text("Łódź, \"x\"".as_bytes()),
            ValueRef::Blob(&[0, 1, 2, 255]),
            ValueRef::Real(1.5),
        ];
        let mut bytes = Vec::new();
        for v in values {
            encode(&mut bytes, v);
        }
        let back: Vec<ValueRef<'_>> = decode(&bytes).collect();
        assert_eq!(back, values);
        // A truncated buffer ends the values instead of inventing one.
        assert_eq!(decode(&bytes[..bytes.len() - 10]).count(), 5);
    }
}
