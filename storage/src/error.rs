//! The engine's error type.

/// Errors of the engine.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An I/O error from the OS.
    Io(std::io::Error),
    /// Stored data failed a checksum or structural check.
    Corruption {
        file: String,
        offset: u64,
        reason: String,
    },
    /// A previous fsync failed; the engine refuses further writes.
    Poisoned,
    /// The named keyspace does not exist (or was dropped).
    NoSuchKeyspace(String),
    /// The keyspace already exists.
    KeyspaceExists(String),
}

impl Error {
    /// A corruption error naming the file and offset.
    pub(crate) fn corrupt(file: &str, offset: u64, reason: impl Into<String>) -> Error {
        Error::Corruption {
            file: file.to_string(),
            offset,
            reason: reason.into(),
        }
    }

    /// A copy of this error for every writer of a commit group (io::Error is not Clone).
    pub(crate) fn duplicate(&self) -> Error {
        match self {
            Error::Io(e) => Error::Io(std::io::Error::new(e.kind(), e.to_string())),
            Error::Corruption {
                file,
                offset,
                reason,
            } => Error::corrupt(file, *offset, reason.clone()),
            Error::Poisoned => Error::Poisoned,
            Error::NoSuchKeyspace(n) => Error::NoSuchKeyspace(n.clone()),
            Error::KeyspaceExists(n) => Error::KeyspaceExists(n.clone()),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io(e) => write!(f, "I/O error: {e}"),
            Error::Corruption {
                file,
                offset,
                reason,
            } => {
                write!(f, "corruption in {file} at offset {offset}: {reason}")
            }
            Error::Poisoned => write!(f, "an earlier fsync failed; writes are refused"),
            Error::NoSuchKeyspace(n) => write!(f, "no such keyspace: {n}"),
            Error::KeyspaceExists(n) => write!(f, "keyspace already exists: {n}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
