//! This installation's responder identity: a display name and an Ed25519 key pair made on
//! first start. The private key never enters the database. It lives in a key file only its
//! owner can read (`FIREBREAK_KEY_FILE`, else `<config dir>/org.firebreak.desktop/device.key`);
//! the OS keyring is the next step (docs/timeline.md, "Signatures").

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::paths::APP_IDENTIFIER;
use crate::{Error, Result};

pub const KEY_FILE_ENV: &str = "FIREBREAK_KEY_FILE";
const KEY_FILE_NAME: &str = "device.key";

pub struct Identity {
    key: SigningKey,
    name: String,
}

impl std::fmt::Debug for Identity {
    // Never print the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("name", &self.name)
            .field("fingerprint", &self.fingerprint())
            .finish()
    }
}

impl Identity {
    /// The key in `path`, made (readable by its owner only) when the file does not exist.
    pub fn load_or_create(path: &Path, name: &str) -> Result<Identity> {
        let key = match std::fs::read_to_string(path) {
            Ok(text) => read_key(path, &text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key(path)?,
            Err(source) => {
                return Err(Error::Io {
                    context: format!("reading the device key {}", path.display()),
                    source,
                })
            }
        };
        Ok(Identity {
            key,
            name: name.trim().to_owned(),
        })
    }

    /// A key that lives only in memory: for tests and throw-away stores.
    pub fn ephemeral(name: &str) -> Result<Identity> {
        Ok(Identity {
            key: SigningKey::from_bytes(&random_seed()?),
            name: name.to_owned(),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// The first 16 hex digits of SHA-256 over the public key, in groups of four.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public_key())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let digest = Sha256::digest(public_key);
    let hex: Vec<String> = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    hex.chunks(2)
        .map(|pair| pair.concat())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `signature` over `message` was made by `public_key` (strict: no malleable forms).
pub fn verify(public_key: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(public_key).is_ok_and(|k| {
        k.verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    })
}

/// Where the key lives when nothing says otherwise.
pub fn default_key_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(KEY_FILE_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(dirs::config_dir()
        .ok_or(Error::NoDataDir)?
        .join(APP_IDENTIFIER)
        .join(KEY_FILE_NAME))
}

fn read_key(path: &Path, text: &str) -> Result<SigningKey> {
    refuse_shared(path)?;
    let hex = text.trim();
    let bytes: Option<Vec<u8>> = (hex.len() == 64)
        .then(|| {
            (0..32)
                .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
                .collect()
        })
        .flatten();
    let seed: [u8; 32] = bytes.and_then(|b| b.try_into().ok()).ok_or_else(|| {
        Error::Corrupt(format!(
            "the device key {} is not 64 hex digits; move it aside to make a new one \
                 (entries it signed keep its public key in the database)",
            path.display()
        ))
    })?;
    Ok(SigningKey::from_bytes(&seed))
}

fn create_key(path: &Path) -> Result<SigningKey> {
    let io = |context: String| move |source| Error::Io { context, source };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(format!("creating {}", dir.display())))?;
    }
    let seed = random_seed()?;
    let mut options = std::fs::OpenOptions::new();
    // create_new: two first starts at once never overwrite each other's key.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(io(format!("creating the device key {}", path.display())))?;
    let hex: String = seed.iter().map(|b| format!("{b:02x}")).collect();
    file.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io(format!("writing the device key {}", path.display())))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// A key others can read is a key others can sign with.
fn refuse_shared(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|source| Error::Io {
            context: format!("reading the device key {}", path.display()),
            source,
        })?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(Error::Corrupt(format!(
                "the device key {} can be read by other users; run chmod 600 on it",
                path.display()
            )));
        }
    }
    let _ = path;
    Ok(())
}

fn random_seed() -> Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::Io {
        context: "asking the OS for randomness for a device key".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(seed)
}
