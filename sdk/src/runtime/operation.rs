//! Static facts about one API operation, emitted by the generator and read by the runtime.
//!
//! This is the whole of what the runtime knows about an endpoint: the generated code never
//! decides policy (retries, auth, headers); it only describes the operation and the request.

/// The HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
}

impl HttpMethod {
    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
    /// Only idempotent requests are retried after a 5xx, a timeout or a dropped connection.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, HttpMethod::Post | HttpMethod::Patch)
    }

    /// The method as `http::Method`.
    pub fn to_http(self) -> http::Method {
        match self {
            HttpMethod::Get => http::Method::GET,
            HttpMethod::Post => http::Method::POST,
            HttpMethod::Put => http::Method::PUT,
            HttpMethod::Patch => http::Method::PATCH,
            HttpMethod::Delete => http::Method::DELETE,
            HttpMethod::Head => http::Method::HEAD,
        }
    }

    /// The method name in upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
        }
    }
}

/// Which pagination styles a list operation supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationKind {
    /// `page` / `per_page` / `include_totals`.
    Offset,
    /// `from` / `take`, continued with the `next` value of the previous page.
    Checkpoint,
    /// Both: checkpoint when the caller set `from` or `take`, offset otherwise.
    OffsetOrCheckpoint,
}

/// How the runtime pages through a list operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pagination {
    /// The supported style(s).
    pub kind: PaginationKind,
    /// The property that holds the items when the response is an object (`users`, `clients`…).
    pub items_field: &'static str,
    /// The most results the endpoint will ever return by offset paging (Auth0 caps `/users`
    /// search at 1,000); `None` when there is no documented cap.
    pub result_cap: Option<u64>,
    /// For a checkpoint list whose response has no `next` (`/logs` answers a bare array):
    /// the item field whose value in the last item of a full page is the next `from`.
    pub next_from_item: Option<&'static str>,
}

/// One API operation: identity, method, path template and the runtime behaviours that apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationSpec {
    /// The spec's `operationId`, e.g. `get_users`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template relative to the API base, e.g. `/users/{id}/roles`.
    pub path: &'static str,
    /// Whether the endpoint accepts the `Auth0-Custom-Domain` header (see `spec/custom-domain.toml`).
    pub custom_domain: bool,
    /// Whether the endpoint takes client authentication (its body has `client_secret` or
    /// `client_assertion`): the runtime adds the client's credentials to every attempt.
    pub client_auth: bool,
    /// Pagination, for list operations.
    pub pagination: Option<Pagination>,
    /// The OAuth scopes the operation needs, from the spec's security requirements (every
    /// scope any requirement names, once each). A scope-aware token source
    /// ([`TokenSource::from_scoped_fn`](crate::runtime::TokenSource::from_scoped_fn)) is given
    /// them; empty for public endpoints.
    pub scopes: &'static [&'static str],
}

impl Pagination {
    /// A pagination description; for specs written by hand (tests, extensions). Generated
    /// code fills the fields directly.
    pub const fn new(kind: PaginationKind, items_field: &'static str) -> Pagination {
        Pagination {
            kind,
            items_field,
            result_cap: None,
            next_from_item: None,
        }
    }

    /// With the most results the endpoint returns by offset paging.
    pub const fn with_result_cap(mut self, cap: u64) -> Pagination {
        self.result_cap = Some(cap);
        self
    }

    /// With the item field whose last value continues a checkpoint list.
    pub const fn with_next_from_item(mut self, field: &'static str) -> Pagination {
        self.next_from_item = Some(field);
        self
    }
}

impl OperationSpec {
    /// An operation description with no custom domain, client authentication or
    /// pagination; for specs written by hand (tests, extensions). Generated code fills the
    /// fields directly.
    pub const fn new(id: &'static str, method: HttpMethod, path: &'static str) -> OperationSpec {
        OperationSpec {
            id,
            method,
            path,
            custom_domain: false,
            client_auth: false,
            pagination: None,
            scopes: &[],
        }
    }

    /// Accepting (or not) the `Auth0-Custom-Domain` header.
    pub const fn with_custom_domain(mut self, accepted: bool) -> OperationSpec {
        self.custom_domain = accepted;
        self
    }

    /// Taking (or not) client authentication.
    pub const fn with_client_auth(mut self, takes: bool) -> OperationSpec {
        self.client_auth = takes;
        self
    }

    /// A list operation paged as described.
    pub const fn with_pagination(mut self, pagination: Pagination) -> OperationSpec {
        self.pagination = Some(pagination);
        self
    }

    /// Needing these OAuth scopes.
    pub const fn with_scopes(mut self, scopes: &'static [&'static str]) -> OperationSpec {
        self.scopes = scopes;
        self
    }
}
