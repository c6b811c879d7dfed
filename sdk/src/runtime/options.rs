//! Per-request options. (Interface stub: the runtime issue fleshes this out.)

use std::time::Duration;

/// Options for one request, layered over the client's defaults.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Extra query parameters; a name given here replaces the typed parameter of that name.
    pub query: Vec<(String, String)>,
    /// Timeout for each attempt.
    pub timeout: Option<Duration>,
    /// Maximum number of retries.
    pub max_retries: Option<u32>,
    /// Retry non-idempotent methods on 5xx/timeouts/connection errors too.
    pub retry_non_idempotent: Option<bool>,
    /// `Auth0-Custom-Domain` for this request, on any endpoint.
    pub custom_domain: Option<String>,
}

impl RequestOptions {
    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Adds or overrides a query parameter.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }
    /// Sets the per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// Sets the maximum number of retries.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
    /// Allows retrying a non-idempotent request after a 5xx, timeout or dropped connection.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = Some(allow);
        self
    }
    /// Sends `Auth0-Custom-Domain` with this request.
    pub fn custom_domain(mut self, domain: impl Into<String>) -> Self {
        self.custom_domain = Some(domain.into());
        self
    }
}

/// Gives a generated request builder the per-request option setters.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_request_options {
    ($($builder:ident),* $(,)?) => {$(
        impl $builder {
            /// Replaces all per-request options.
            pub fn options(mut self, options: $crate::runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }
            /// Adds a header to this request.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options = self.options.header(name, value);
                self
            }
            /// Adds a query parameter, replacing a typed one of the same name.
            pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options = self.options.query_param(name, value);
                self
            }
            /// Sets the timeout of each attempt.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }
            /// Sets how many times this request may be retried.
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.options = self.options.max_retries(retries);
                self
            }
            /// Allows retrying this request after a 5xx, timeout or dropped connection even if
            /// its method is not idempotent.
            pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
                self.options = self.options.retry_non_idempotent(allow);
                self
            }
            /// Sends `Auth0-Custom-Domain: domain` with this request.
            pub fn custom_domain(mut self, domain: impl Into<String>) -> Self {
                self.options = self.options.custom_domain(domain);
                self
            }
        }
    )*};
}
