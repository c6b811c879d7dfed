//! The local tenant's skeleton responses: for every operation, the success status and a minimal
//! valid body sampled from the spec ([`crate::sample`]), plus the scopes it needs. The tenant
//! loads the table into its default fallback, so its coverage follows the spec.

use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};
use quote::quote;

use super::format;
use crate::error::Result;
use crate::model::ir::Api;
use crate::sample::sample_with;

/// One row before emission.
#[derive(Debug, Clone, PartialEq)]
pub struct SkeletonRow {
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template as the spec writes it.
    pub path: String,
    /// Success status to answer with.
    pub status: u16,
    /// JSON body text, if the success response has a JSON body.
    pub body: Option<String>,
    /// The token needs any one of these.
    pub scopes: Vec<String>,
}

/// Computes the rows for every operation of `api` (in the IR's stable order).
pub fn rows(doc: &OpenAPI, api: &Api) -> Vec<SkeletonRow> {
    api.operations
        .iter()
        .map(|op| {
            let spec_op = doc.paths.paths.get(&op.path).and_then(|item| match item {
                ReferenceOr::Item(item) => item
                    .iter()
                    .find(|(m, _)| m.eq_ignore_ascii_case(&op.method))
                    .map(|(_, o)| o),
                ReferenceOr::Reference { .. } => None,
            });
            let also: Vec<&str> = op
                .pagination
                .iter()
                .map(|p| p.items_field.as_str())
                .filter(|f| !f.is_empty())
                .collect();
            let (status, body) = spec_op.map(|o| success(doc, o, &also)).unwrap_or((200, None));
            SkeletonRow {
                method: op.method.clone(),
                path: op.path.clone(),
                status,
                body,
                scopes: op.scopes.clone(),
            }
        })
        .collect()
}

/// The success status and sampled JSON body: the first 2xx with a JSON schema, else the first
/// 2xx (bodiless), else 200.
fn success(doc: &OpenAPI, op: &openapiv3::Operation, also: &[&str]) -> (u16, Option<String>) {
    let mut codes: Vec<(u16, &Response)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, r)| {
            let code = match code {
                StatusCode::Code(c) if (200..300).contains(c) => *c,
                StatusCode::Range(2) => 200,
                _ => return None,
            };
            let r = match r {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/responses/")?;
                    match doc.components.as_ref()?.responses.get(name)? {
                        ReferenceOr::Item(r) => r,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            Some((code, r))
        })
        .collect();
    codes.sort_by_key(|(c, _)| *c);
    for (code, r) in &codes {
        let json = r
            .content
            .iter()
            .find(|(ct, _)| ct.contains("json"))
            .and_then(|(_, m)| m.schema.as_ref());
        if let Some(schema) = json {
            let value = sample_with(doc, schema, also);
            return (*code, Some(value.to_string()));
        }
    }
    (codes.first().map_or(200, |(c, _)| *c), None)
}

/// The generated Rust file: a `SKELETONS` table the local tenant's fallback loads.
pub fn file(header: &str, doc: &OpenAPI, api: &Api) -> Result<String> {
    let rows = rows(doc, api).into_iter().map(|r| {
        let SkeletonRow {
            method,
            path,
            status,
            body,
            scopes,
        } = r;
        let body = match body {
            Some(b) => quote!(Some(#b)),
            None => quote!(None),
        };
        quote! { Skeleton { method: #method, path: #path, status: #status, body: #body, scopes: &[#(#scopes),*] } }
    });
    let doc_line = format!(
        " Skeleton responses for every `{}` operation, sampled from the spec.",
        api.name
    );
    let tokens = quote! {
        #![doc = #doc_line]
        #![allow(dead_code)]

        /// A canned success response for one operation.
        #[derive(Debug, Clone, Copy)]
        pub struct Skeleton {
            /// Upper-case HTTP method.
            pub method: &'static str,
            /// Path template relative to the API base, e.g. `/actions/actions/{id}`.
            pub path: &'static str,
            /// Success status.
            pub status: u16,
            /// Minimal JSON body valid for the response schema, if the response has one.
            pub body: Option<&'static str>,
            /// The token needs any one of these scopes.
            pub scopes: &'static [&'static str],
        }

        /// Every operation, in the generator's stable order.
        pub static SKELETONS: &[Skeleton] = &[#(#rows),*];
    };
    format(header, tokens, "skeletons")
}
