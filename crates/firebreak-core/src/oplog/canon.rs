//! The canonical encoding of operations: JSON with object keys in byte order, no
//! whitespace, strings escaped as serde_json escapes them, integers only (no floats, so no
//! two spellings of one number). Hashes are taken over these bytes, so the same operation
//! encodes to the same bytes on every machine and in every build, whatever order a
//! `serde_json::Map` keeps its keys in.

use serde::Serialize;
use serde_json::Value;

use crate::{Error, Result};

/// The canonical bytes of any serialisable value.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let v = serde_json::to_value(value)
        .map_err(|e| Error::Corrupt(format!("an operation cannot be encoded: {e}")))?;
    let mut out = Vec::with_capacity(128);
    write(&mut out, &v)?;
    Ok(out)
}

pub(crate) fn write(out: &mut Vec<u8>, v: &Value) -> Result<()> {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            if !(n.is_i64() || n.is_u64()) {
                return Err(Error::Corrupt(format!(
                    "operations carry integers only, not {n}"
                )));
            }
            out.extend_from_slice(n.to_string().as_bytes());
        }
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(out, item)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable();
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(out, key);
                out.push(b':');
                if let Some(item) = map.get(key) {
                    write(out, item)?;
                }
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn string(out: &mut Vec<u8>, s: &str) {
    crate::timeline::canon::escape_into(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth_and_nothing_is_spaced() -> Result<()> {
        let v = json!({"z": 1, "a": {"y": [true, null], "b": "x"}, "m": -3});
        assert_eq!(
            encode(&v)?,
            br#"{"a":{"b":"x","y":[true,null]},"m":-3,"z":1}"#
        );
        Ok(())
    }

    #[test]
    fn strings_escape_as_serde_json_does() -> Result<()> {
        let s = "quote \" slash \\ line\n tab\t nul\u{0} é 🔥 </script>";
        let ours = String::from_utf8(encode(&s)?).map_err(|e| Error::Corrupt(e.to_string()))?;
        assert_eq!(
            ours,
            serde_json::to_string(s).map_err(|e| Error::Corrupt(e.to_string()))?
        );
        Ok(())
    }

    #[test]
    fn floats_are_refused() {
        assert!(encode(&json!({"x": 1.5})).is_err());
    }
}
