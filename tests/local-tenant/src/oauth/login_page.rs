//! The tenant's login page: an HTML form posting back to `/authorize` with the original
//! request's parameters as hidden fields, so the sign-in can continue where it started.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// Why the previous attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginError {
    /// Unknown email or wrong password (one message for both, as Auth0 shows).
    WrongPassword,
    /// The user is blocked.
    Blocked,
    /// Blocked for brute force after too many failures.
    TooManyAttempts,
}

impl LoginError {
    fn message(self) -> &'static str {
        match self {
            LoginError::WrongPassword => "Wrong email or password.",
            LoginError::Blocked => "This user is blocked.",
            LoginError::TooManyAttempts => "Your account has been blocked after multiple consecutive login attempts.",
        }
    }
}

/// The form fields the page itself owns; every other parameter is carried along hidden.
const OWN_FIELDS: &[&str] = &["email", "password"];

/// The page, `200 OK` on the first visit and `401` after a failed attempt (browsers show both).
pub(crate) fn login_page(params: &HashMap<String, String>, error: Option<LoginError>) -> Response {
    let mut hidden: Vec<(&String, &String)> = params
        .iter()
        .filter(|(k, _)| !OWN_FIELDS.contains(&k.as_str()))
        .collect();
    hidden.sort();
    let hidden: String = hidden
        .into_iter()
        .map(|(k, v)| format!(r#"<input type="hidden" name="{}" value="{}">"#, escape(k), escape(v)))
        .collect();
    let email = params.get("email").map(|e| escape(e)).unwrap_or_default();
    let error_html = error
        .map(|e| format!(r#"<p id="error" role="alert" class="error">{}</p>"#, e.message()))
        .unwrap_or_default();
    let html = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Log in | Local tenant</title>
<style>body{{font-family:sans-serif;max-width:22rem;margin:4rem auto}}label,input,button{{display:block;width:100%;margin:.4rem 0}}.error{{color:#b00020}}</style>
</head><body>
<h1>Log in</h1>
{error_html}
<form method="post" action="/authorize" id="login">
{hidden}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="{email}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="submit" type="submit">Continue</button>
</form>
</body></html>
"#
    );
    let status = if error.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    (
        status,
        [(CONTENT_TYPE, "text/html; charset=utf-8"), (CACHE_CONTROL, "no-store")],
        html,
    )
        .into_response()
}

/// Escapes text for an HTML attribute or element.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
