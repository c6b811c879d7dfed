//! The per-request option setters, written once and given to every request builder of every
//! API (generated operations, authentication flows, user info…), so the same names mean the
//! same thing everywhere.
//!
//! The generator reads this file (and `request.rs`) and reserves every method name in it, so a
//! spec parameter can never take an option's name: adding an option here is all it takes.

use super::RequestOptions;

/// A request builder that carries [`RequestOptions`].
pub(crate) trait HasOptions {
    /// This request's options.
    fn options_mut(&mut self) -> &mut RequestOptions;
}

/// `option_setters!()` expands to the option setters inside an `impl` block of a type
/// implementing [`HasOptions`]; `option_setters!(for Type)` writes both for a type whose
/// options are its field `options`.
macro_rules! option_setters {
    (for $ty:ty) => {
        impl $ty {
            $crate::runtime::option_setters!();
        }

        impl $crate::runtime::HasOptions for $ty {
            fn options_mut(&mut self) -> &mut $crate::runtime::RequestOptions {
                &mut self.options
            }
        }
    };
    () => {
        /// Replaces all per-request options.
        pub fn options(mut self, options: $crate::runtime::RequestOptions) -> Self {
            *$crate::runtime::HasOptions::options_mut(&mut self) = options;
            self
        }

        /// Adds a header to this request (it replaces a runtime header of the same name).
        pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.with_options(|o| o.header(name, value))
        }

        /// Adds a query parameter, replacing a typed one of the same name.
        pub fn query_param(self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.with_options(|o| o.query_param(name, value))
        }

        /// Sets the timeout of each attempt.
        pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
            self.with_options(|o| o.timeout(timeout))
        }

        /// Sets how many times this request may be retried.
        pub fn max_retries(self, retries: u32) -> Self {
            self.with_options(|o| o.max_retries(retries))
        }

        /// Allows retrying this request after a 5xx, timeout or dropped connection even if
        /// its method is not idempotent.
        pub fn retry_non_idempotent(self, allow: bool) -> Self {
            self.with_options(|o| o.retry_non_idempotent(allow))
        }

        /// Sends `Auth0-Custom-Domain: domain` with this request.
        pub fn custom_domain(self, domain: impl Into<String>) -> Self {
            self.with_options(|o| o.custom_domain(domain))
        }

        /// Replaces the retry policy for this request.
        pub fn retry_policy(self, policy: $crate::runtime::RetryPolicy) -> Self {
            self.with_options(|o| o.retry_policy(policy))
        }

        /// Authenticates this request with `token` instead of the client's token source.
        pub fn bearer_token(self, token: impl Into<$crate::runtime::SecretString>) -> Self {
            self.with_options(|o| o.bearer_token(token))
        }

        fn with_options(
            mut self,
            f: impl FnOnce($crate::runtime::RequestOptions) -> $crate::runtime::RequestOptions,
        ) -> Self {
            let options = $crate::runtime::HasOptions::options_mut(&mut self);
            *options = f(::std::mem::take(options));
            self
        }
    };
}

pub(crate) use option_setters;
