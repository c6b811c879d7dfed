//! Small token helpers shared by the emitters.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::ir::Ty;

/// An identifier, raw when spelled `r#…`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "…"]` lines for optional documentation.
pub fn doc(text: Option<&str>) -> TokenStream {
    match text {
        Some(t) if !t.trim().is_empty() => {
            let lines = t.lines().map(|l| format!(" {l}"));
            quote! { #(#[doc = #lines])* }
        }
        _ => TokenStream::new(),
    }
}

/// The Rust type for a [`Ty`]; `types` is the path prefix of generated named types.
pub fn ty(t: &Ty, types: &TokenStream) -> TokenStream {
    match t {
        Ty::String => quote!(::std::string::String),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Boolean => quote!(bool),
        Ty::Json => quote!(::serde_json::Value),
        Ty::JsonObject => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
        Ty::File => quote!(crate::runtime::FileUpload),
        Ty::Runtime(n) => {
            let n = ident(n);
            quote!(crate::runtime::#n)
        }
        Ty::Named(n) => {
            let n = ident(n);
            quote!(#types #n)
        }
        Ty::List(inner) => {
            let inner = ty(inner, types);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(inner, types);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
    }
}

/// `#[cfg(feature = …)]` for a set of features (nothing when empty).
pub fn cfg_any(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}
