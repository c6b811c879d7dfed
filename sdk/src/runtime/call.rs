//! One request as the generated code describes it, before the runtime sends it.
//!
//! Generated builders fill a [`Call`] (path, query, headers, body) and hand it to the
//! [`Transport`](super::Transport). Everything here is plain data so the non-generic send path
//! is compiled once, not once per operation.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::{Error, OperationSpec, QueryPairs, QueryValue, RequestOptions};

/// Characters escaped in a path segment: everything but RFC 3986 "unreserved".
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A request body. `Debug` shows only its shape (sizes, field names), never its contents:
/// bodies carry passwords and client secrets.
#[derive(Clone, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// `application/json`, already serialised.
    Json(bytes::Bytes),
    /// `application/x-www-form-urlencoded` pairs.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` parts.
    Multipart(Vec<MultipartPart>),
    /// Any other content type, sent verbatim.
    Raw {
        /// The `Content-Type` header value.
        content_type: Cow<'static, str>,
        /// The bytes.
        bytes: bytes::Bytes,
    },
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(bytes) => write!(f, "Json({} bytes)", bytes.len()),
            Body::Form(pairs) => f
                .debug_tuple("Form")
                .field(&pairs.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>())
                .finish(),
            Body::Multipart(parts) => write!(f, "Multipart({} parts)", parts.len()),
            Body::Raw { content_type, bytes } => write!(f, "Raw({content_type}, {} bytes)", bytes.len()),
        }
    }
}

/// A file to upload in a multipart body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileUpload {
    /// The file name sent in `Content-Disposition`.
    pub file_name: String,
    /// The part's content type, e.g. `application/json`.
    pub content_type: String,
    /// The file contents.
    pub bytes: bytes::Bytes,
}

/// A file's JSON form is its contents as text: what a sample body or a fixture can carry.
/// Uploads themselves always travel as multipart parts with the file's own name and type.
impl serde::Serialize for FileUpload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for FileUpload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(FileUpload::new("upload", "application/octet-stream", text.into_bytes()))
    }
}

impl FileUpload {
    /// A file with the given name, content type and contents.
    pub fn new(file_name: impl Into<String>, content_type: impl Into<String>, bytes: impl Into<bytes::Bytes>) -> Self {
        FileUpload {
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }
}

/// One part of a multipart body.
#[derive(Clone, Debug)]
pub enum MultipartPart {
    /// A text field.
    Text {
        /// The field name.
        name: &'static str,
        /// The value.
        value: String,
    },
    /// A file field.
    File {
        /// The field name.
        name: &'static str,
        /// The file.
        file: FileUpload,
    },
}

/// A request ready for the transport: the operation, rendered path, query, headers and body.
#[derive(Clone, Debug)]
pub struct Call {
    /// The operation being called.
    pub op: &'static OperationSpec,
    /// The path with parameters substituted and percent-encoded.
    pub path: String,
    /// Query pairs from the typed parameters (per-request extras live in `options`).
    pub query: QueryPairs,
    /// Header parameters declared by the spec.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
    /// Per-request options (extra headers/query, timeout, retries, custom domain).
    pub options: RequestOptions,
    /// An error found while building (e.g. a body that failed to serialise); reported on send.
    pub build_error: Option<String>,
}

impl Call {
    /// Starts a call, substituting `path_args` into the operation's path template in order.
    ///
    /// Each argument is percent-encoded as one path segment: `auth0|123` becomes
    /// `auth0%7C123`, and `/`, `?`, `#`, `%` can never change the request's target. An
    /// empty, `.` or `..` argument is rejected (reported by [`Call::check`]): URL parsers
    /// resolve those segments even when percent-encoded, so `GET /users/..` would become
    /// `GET /` and an empty id would turn "get one" into "list all".
    pub fn new(op: &'static OperationSpec, path_args: &[&str]) -> Call {
        let mut path = String::with_capacity(op.path.len() + 16);
        let mut build_error = None;
        let mut args = path_args.iter();
        let mut rest = op.path;
        while let Some(start) = rest.find('{') {
            path.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            match args.next() {
                Some(arg) if arg.bytes().all(|b| b == b'.') => {
                    let name = &rest[start + 1..start + len];
                    build_error = Some(format!("path parameter `{name}` must not be empty, `.` or `..`"));
                    path.push_str(&rest[start..start + len + 1]);
                }
                Some(arg) => path.extend(utf8_percent_encode(arg, PATH_SEGMENT)),
                None => path.push_str(&rest[start..start + len + 1]),
            }
            rest = &rest[start + len + 1..];
        }
        path.push_str(rest);
        Call {
            op,
            path,
            query: QueryPairs::new(),
            headers: Vec::new(),
            body: Body::Empty,
            options: RequestOptions::default(),
            build_error,
        }
    }

    /// Adds a typed query parameter (skipped when `None`).
    pub fn query(&mut self, name: &'static str, value: &impl QueryValue) {
        value.push_query(name, &mut self.query);
    }

    /// Adds a header parameter declared by the spec (skipped when `None`).
    pub fn header(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_owned()));
        }
    }

    /// Sets a JSON body.
    pub fn json(&mut self, body: &impl Serialize) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Body::Json(bytes.into()),
            Err(e) => self.build_error = Some(format!("request body could not be serialised: {e}")),
        }
    }

    /// Sets a form body from a flat serialisable value (objects of scalars).
    ///
    /// `null` and absent fields are omitted, arrays repeat the key, nested objects are sent as
    /// JSON text (Auth0 accepts `authorization_details` that way).
    pub fn form(&mut self, body: &impl Serialize) {
        match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => {
                let mut pairs = Vec::with_capacity(map.len());
                for (key, value) in map {
                    push_form_value(&mut pairs, key, value);
                }
                self.body = Body::Form(pairs);
            }
            Ok(_) => self.build_error = Some("a form body must be an object".to_owned()),
            Err(e) => self.build_error = Some(format!("request body could not be serialised: {e}")),
        }
    }

    /// Sets a multipart body.
    pub fn multipart(&mut self, parts: Vec<MultipartPart>) {
        self.body = Body::Multipart(parts);
    }

    /// Sets a verbatim body with its content type.
    pub fn raw_body(&mut self, content_type: &'static str, bytes: impl Into<bytes::Bytes>) {
        self.body = Body::Raw {
            content_type: Cow::Borrowed(content_type),
            bytes: bytes.into(),
        };
    }

    /// Replaces the per-request options.
    pub fn options(&mut self, options: RequestOptions) {
        self.options = options;
    }

    /// The build error, if any, as the SDK's error type.
    pub fn check(&self) -> Result<(), Error> {
        match &self.build_error {
            Some(message) => Err(Error::invalid_request(message.clone())),
            None => Ok(()),
        }
    }
}

fn push_form_value(pairs: &mut Vec<(String, String)>, key: String, value: serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::String(s) => pairs.push((key, s)),
        Value::Bool(b) => pairs.push((key, b.to_string())),
        Value::Number(n) => pairs.push((key, n.to_string())),
        Value::Array(items) => {
            for item in items {
                push_form_value(pairs, key.clone(), item);
            }
        }
        object @ Value::Object(_) => pairs.push((key, object.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::HttpMethod;

    static OP: OperationSpec = OperationSpec {
        id: "get_user_roles",
        method: HttpMethod::Get,
        path: "/users/{id}/roles/{role}",
        custom_domain: false,
        client_auth: false,
        pagination: None,
        scopes: &[],
    };

    #[test]
    fn path_segments_are_encoded() {
        let call = Call::new(&OP, &["auth0|123", "a/b?c#d%e"]);
        assert_eq!(call.path, "/users/auth0%7C123/roles/a%2Fb%3Fc%23d%25e");
        let call = Call::new(&OP, &["a.b", "../clients"]);
        assert_eq!(call.path, "/users/a.b/roles/..%2Fclients");
        call.check().unwrap();
        for bad in ["", ".", ".."] {
            let err = Call::new(&OP, &[bad, "x"]).check().unwrap_err();
            assert!(err.to_string().contains("`id`"), "{err}");
        }
    }

    #[test]
    fn form_flattens_scalars_and_skips_null() {
        let mut call = Call::new(&OP, &["a", "b"]);
        call.form(&serde_json::json!({"a": "x", "b": null, "c": 3, "d": ["p", "q"]}));
        let Body::Form(pairs) = call.body else {
            panic!("form body expected")
        };
        let flat: Vec<_> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(flat, ["a=x", "c=3", "d=p", "d=q"]);
    }
}
