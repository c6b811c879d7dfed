//! The intermediate representation: what the emitter needs, with every naming and typing
//! decision already made. Nothing here refers to OpenAPI any more.

use std::collections::{BTreeMap, BTreeSet};

/// A whole API (one upstream document).
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The document's short name (`management`).
    pub name: String,
    /// Operations, in a deterministic order (group path, then method name).
    pub operations: Vec<Operation>,
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// For each named type, the top-level groups whose operations reach it.
    pub type_groups: BTreeMap<String, BTreeSet<String>>,
    /// Named types reachable from a request body (they use `Nullable` for nullable fields).
    pub request_types: BTreeSet<String>,
}

impl Api {
    /// The definition behind a name, following aliases.
    pub fn resolve(&self, name: &str) -> Option<&TypeDef> {
        let mut def = self.types.get(name)?;
        for _ in 0..self.types.len() {
            match &def.kind {
                TypeKind::Alias(target) => def = self.types.get(target)?,
                _ => return Some(def),
            }
        }
        None
    }

    /// The top-level groups, sorted.
    pub fn top_groups(&self) -> BTreeSet<String> {
        self.operations.iter().map(|op| op.group[0].clone()).collect()
    }
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// `String`
    String,
    /// `i64`
    Integer,
    /// `f64`
    Number,
    /// `bool`
    Boolean,
    /// Any JSON (`serde_json::Value`).
    Json,
    /// A JSON object with arbitrary members (`serde_json::Map`).
    JsonObject,
    /// A file in a multipart body.
    File,
    /// A hand-written runtime type standing for a schema (`crate::runtime::{name}`), chosen in
    /// `spec/{doc}.toml` `[runtime_types]` (the token response is `TokenSet` everywhere).
    Runtime(String),
    /// A generated named type.
    Named(String),
    /// `Vec<T>`
    List(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
}

impl Ty {
    /// The named types this expression mentions.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(n) => out.push(n.clone()),
            Ty::List(t) | Ty::Map(t) => t.named(out),
            _ => {}
        }
    }

    /// The named type this expression holds *directly* (not behind a collection), which is
    /// what must be boxed in a recursive type.
    pub fn direct_named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            _ => None,
        }
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Where it came from (a JSON pointer), for messages and review.
    pub origin: String,
    /// The shape.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields.
    Struct(Vec<Field>),
    /// A string enum that keeps unknown values.
    Enum(Vec<EnumValue>),
    /// One of several shapes (`oneOf`/`anyOf`), tried in order.
    Union(Vec<Variant>),
    /// Another name for a type of exactly the same shape (Auth0's document repeats many
    /// schemas under per-operation names; one definition compiles faster than ten copies).
    Alias(String),
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON name.
    pub wire: String,
    /// The Rust identifier (may be raw, `r#type`).
    pub rust: String,
    /// The value type.
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// A value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value.
    pub wire: String,
    /// The variant name.
    pub variant: String,
}

/// A variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The variant name.
    pub name: String,
    /// Its content.
    pub ty: Ty,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Group path (`["users", "roles"]`), wire spelling.
    pub group: Vec<String>,
    /// The Rust method name on the group.
    pub name: String,
    /// The Rust builder type name (an alias of `runtime::Request<params>`).
    pub builder: String,
    /// The Rust name of the operation's parameters struct.
    pub params: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// OAuth scopes the operation needs.
    pub scopes: Vec<String>,
    /// Path parameters in template order.
    pub path_params: Vec<Param>,
    /// Query parameters.
    pub query_params: Vec<Param>,
    /// Header parameters (those not handled by the runtime).
    pub header_params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// What a success returns.
    pub response: ResponseKind,
    /// List paging.
    pub pagination: Option<Paging>,
    /// Accepts `Auth0-Custom-Domain`.
    pub custom_domain: bool,
    /// Takes client authentication: its body has a `client_secret` or `client_assertion`.
    pub client_auth: bool,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The wire name.
    pub wire: String,
    /// The Rust identifier.
    pub rust: String,
    /// Its type.
    pub ty: Ty,
    /// Required.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Anything else, sent as bytes with this content type.
    Raw(String),
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Type (ignored for `Raw`).
    pub ty: Ty,
    /// Required.
    pub required: bool,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// JSON of this type.
    Json(Ty),
    /// Nothing useful.
    Empty,
    /// Text (plain, XML, HTML).
    Text,
    /// Bytes (event streams, binary).
    Bytes,
}

/// The paging style of a list operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingKind {
    /// `page`/`per_page`.
    Offset,
    /// `from`/`take`.
    Checkpoint,
    /// Both.
    OffsetOrCheckpoint,
}

/// List paging facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The style.
    pub kind: PagingKind,
    /// The property holding items in object-shaped responses.
    pub items_field: String,
    /// The item type.
    pub item: Ty,
    /// A cap on reachable results.
    pub result_cap: Option<u64>,
    /// The item field that gives the next checkpoint when the response has no `next`.
    pub next_from_item: Option<String>,
}
