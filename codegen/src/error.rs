//! Generator errors: every one names the document, and where it can, the operation and the
//! JSON pointer at fault.

use std::fmt;

/// A generation failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub message: String,
    /// The `operationId` being processed, if any.
    pub operation: Option<String>,
    /// A JSON pointer into the (overlaid) document, if known.
    pub pointer: Option<String>,
}

impl Error {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            operation: None,
            pointer: None,
        }
    }

    /// An error at a JSON pointer.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            operation: None,
            pointer: Some(pointer.into()),
        }
    }

    /// Adds the operation being processed.
    pub fn in_operation(mut self, operation_id: &str) -> Error {
        self.operation.get_or_insert_with(|| operation_id.to_owned());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(op) = &self.operation {
            write!(f, " (operation `{op}`)")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, " at `{pointer}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
