//! Named types → Rust: structs with serde, open enums, untagged unions.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident, ty};
use crate::model::has_default;
use crate::model::ir::{Api, Field, Ty, TypeDef, TypeKind};

/// Names whose string values are secrets: redacted from `Debug`.
fn is_secret(field: &Field) -> bool {
    let n = field.wire.to_ascii_lowercase();
    let secret_name = n.ends_with("secret")
        || n.ends_with("password")
        || n == "token"
        || n.ends_with("_token")
        || n.ends_with("private_key")
        || n == "otp"
        || n == "recovery_code"
        || n == "client_assertion"
        || n == "code_verifier";
    secret_name && matches!(field.ty, Ty::String)
}

/// The types that can derive `Default` (fixpoint over struct fields).
pub fn defaultable(api: &Api) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for (name, def) in &api.types {
            if let TypeKind::Struct(fields) = &def.kind {
                if fields
                    .iter()
                    .all(|f| !f.required || f.nullable || has_default(&f.ty, &set))
                {
                    set.insert(name.clone());
                }
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// One named type.
pub fn type_def(def: &TypeDef, api: &Api, defaults: &BTreeSet<String>, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    // Every public item is documented; a schema without prose still says where it comes from.
    let fallback = format!("The `{}` schema (`{}`).", def.name, def.origin);
    let docs = doc(Some(def.doc.as_deref().unwrap_or(&fallback)));
    let here = quote!(super::);
    match &def.kind {
        TypeKind::Alias(target) => {
            let target = ident(target);
            quote! {
                #cfg
                #docs
                pub type #name = #here #target;
            }
        }
        TypeKind::Enum(values) => {
            let variants = values.iter().map(|v| {
                let variant = ident(&v.variant);
                let wire = &v.wire;
                let d = format!(" `{}`", wire.replace('`', "'"));
                quote!(#[doc = #d] #variant = #wire,)
            });
            quote! {
                #cfg
                crate::open_enum! {
                    #docs
                    pub enum #name { #(#variants)* }
                }
            }
        }
        TypeKind::Union(variants) => {
            let items = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let mut t = ty(&v.ty, &here);
                if v.boxed {
                    t = quote!(::std::boxed::Box<#t>);
                }
                quote!(#[allow(missing_docs)] #variant(#t),)
            });
            quote! {
                #cfg
                #docs
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name { #(#items)* }
            }
        }
        TypeKind::Struct(fields) => {
            let request = api.request_types.contains(&def.name);
            let default = defaults.contains(&def.name).then(|| quote!(Default,));
            let secret = fields.iter().any(is_secret);
            let debug = (!secret).then(|| quote!(Debug,));
            let items = fields.iter().map(|f| field(f, request, &here));
            let debug_impl = secret.then(|| debug_impl(&def.name, fields, request, cfg));
            quote! {
                #cfg
                #docs
                #[derive(Clone, #debug #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name { #(#items)* }
                #debug_impl
            }
        }
    }
}

#[derive(PartialEq)]
enum Wrapper {
    None,
    Option,
    Nullable,
}

fn wrapper(f: &Field, request: bool) -> Wrapper {
    match (f.required, f.nullable) {
        (true, false) => Wrapper::None,
        (true, true) => Wrapper::Option,
        (false, false) => Wrapper::Option,
        (false, true) if request => Wrapper::Nullable,
        (false, true) => Wrapper::Option,
    }
}

fn field(f: &Field, request: bool, here: &TokenStream) -> TokenStream {
    let name = ident(&f.rust);
    let mut t = ty(&f.ty, here);
    if f.boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    let rename = (crate::names::unraw(&f.rust) != f.wire).then(|| {
        let wire = &f.wire;
        quote!(rename = #wire,)
    });
    let (t, attrs) = match wrapper(f, request) {
        Wrapper::None => (t, quote!()),
        // Required but nullable: always sent (as `null` when `None`).
        Wrapper::Option if f.required => (quote!(::std::option::Option<#t>), quote!(default,)),
        Wrapper::Option => (
            quote!(::std::option::Option<#t>),
            quote!(default, skip_serializing_if = "::std::option::Option::is_none",),
        ),
        Wrapper::Nullable => (
            quote!(crate::runtime::Nullable<#t>),
            quote!(default, skip_serializing_if = "crate::runtime::Nullable::is_absent",),
        ),
    };
    let serde = if rename.is_some() || !attrs.is_empty() {
        quote!(#[serde(#rename #attrs)])
    } else {
        quote!()
    };
    let docs = doc(f.doc.as_deref());
    let allow = f.doc.is_none().then(|| quote!(#[allow(missing_docs)]));
    quote! { #docs #allow #serde pub #name: #t, }
}

fn debug_impl(name: &str, fields: &[Field], request: bool, cfg: &TokenStream) -> TokenStream {
    let ident_name = ident(name);
    let entries = fields.iter().map(|f| {
        let field_name = ident(&f.rust);
        let label = crate::names::unraw(&f.rust).to_owned();
        if is_secret(f) {
            let value = match wrapper(f, request) {
                Wrapper::None => quote!(&"<redacted>"),
                Wrapper::Option => quote!(&self.#field_name.as_ref().map(|_| "<redacted>")),
                Wrapper::Nullable => quote!(&self.#field_name.as_value().map(|_| "<redacted>")),
            };
            quote!(.field(#label, #value))
        } else {
            quote!(.field(#label, &self.#field_name))
        }
    });
    quote! {
        #cfg
        impl ::core::fmt::Debug for #ident_name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
}
