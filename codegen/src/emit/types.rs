//! Named types → Rust: structs, open enums, untagged unions, each with compact serde impls.
//!
//! Serde impls are written out against `crate::runtime::wire` instead of derived: the derive's
//! per-type visitors were most of the sdk's compile time and rustc memory (see that module).

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
            let serde = union_serde(&def.name, variants, api, cfg);
            quote! {
                #cfg
                #docs
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                pub enum #name { #(#items)* }
                #serde
            }
        }
        TypeKind::Struct(fields) => {
            let request = api.request_types.contains(&def.name);
            let default = defaults.contains(&def.name).then(|| quote!(Default,));
            let secret = fields.iter().any(is_secret);
            let debug = (!secret).then(|| quote!(Debug,));
            let items = fields.iter().map(|f| field(f, request, &here));
            let debug_impl = secret.then(|| debug_impl(&def.name, fields, request, cfg));
            let serde = struct_serde(&def.name, fields, request, cfg);
            quote! {
                #cfg
                #docs
                #[derive(Clone, #debug #default PartialEq)]
                pub struct #name { #(#items)* }
                #debug_impl
                #serde
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
    let t = match wrapper(f, request) {
        Wrapper::None => t,
        Wrapper::Option => quote!(::std::option::Option<#t>),
        Wrapper::Nullable => quote!(crate::runtime::Nullable<#t>),
    };
    let docs = doc(f.doc.as_deref());
    let allow = f.doc.is_none().then(|| quote!(#[allow(missing_docs)]));
    quote! { #docs #allow pub #name: #t, }
}

/// `Serialize` and `Deserialize` for a struct. Absent optional fields are not sent (a
/// required-but-nullable one is sent as `null`); unknown fields are ignored on decode;
/// defaults from the spec are never applied (they are examples, not server behaviour).
fn struct_serde(name: &str, fields: &[Field], request: bool, cfg: &TokenStream) -> TokenStream {
    let ty_name = ident(name);
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let slots: Vec<_> = (0..fields.len()).map(|i| ident(&format!("f{i}"))).collect();
    let entries: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let member = ident(&f.rust);
            let wire = &f.wire;
            match wrapper(f, request) {
                Wrapper::Option if !f.required => quote!(crate::runtime::wire::Optional(#wire, &self.#member)),
                Wrapper::Nullable => quote!(crate::runtime::wire::Present(#wire, &self.#member)),
                _ => quote!(crate::runtime::wire::Entry(#wire, &self.#member)),
            }
        })
        .collect();
    let field_list = nest_in_tuples(entries);
    let arms = fields.iter().zip(&slots).enumerate().map(|(i, (f, slot))| {
        let wire = &f.wire;
        quote!(#i => crate::runtime::wire::read_field(map, &mut #slot, #wire),)
    });
    // Required fields are checked together in one `match`: one early return for all of them
    // instead of a `?` per field.
    let required: Vec<(&Field, &proc_macro2::Ident)> = fields
        .iter()
        .zip(&slots)
        .filter(|(f, _)| wrapper(f, request) == Wrapper::None)
        .collect();
    let inits = fields.iter().zip(&slots).map(|(f, slot)| {
        let member = ident(&f.rust);
        match wrapper(f, request) {
            Wrapper::None => quote!(#member: #slot,),
            // Missing and `null` both decode to `None` / `Absent`-or-`Null` as appropriate.
            Wrapper::Option | Wrapper::Nullable => quote!(#member: #slot.unwrap_or_default(),),
        }
    });
    let build = quote!(::core::result::Result::Ok(Self { #(#inits)* }));
    // (The model turns member-less objects into JSON maps; this keeps the output lint-clean
    // should a struct without fields ever reach here.)
    let read = if fields.is_empty() {
        quote!(crate::runtime::wire::read_fields(map, Self::FIELDS, |map, _| crate::runtime::wire::skip_field(map))?;)
    } else {
        quote! {
            crate::runtime::wire::read_fields(map, Self::FIELDS, |map, index| match index {
                #(#arms)*
                _ => crate::runtime::wire::skip_field(map),
            })?;
        }
    };
    let finish = if required.is_empty() {
        build
    } else {
        let names: Vec<_> = required.iter().map(|(_, slot)| slot).collect();
        let present = names.iter().map(|slot| quote!(::core::option::Option::Some(#slot)));
        let checks = required.iter().map(|(f, slot)| {
            let wire = &f.wire;
            quote!((#wire, #slot.is_none()))
        });
        quote! {
            match (#(#names,)*) {
                (#(#present,)*) => #build,
                (#(#names,)*) => ::core::result::Result::Err(crate::runtime::wire::missing_field(&[#(#checks),*])),
            }
        }
    };
    quote! {
        #cfg
        impl ::serde::Serialize for #ty_name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                crate::runtime::wire::serialize_fields(serializer, &#field_list)
            }
        }
        #cfg
        impl<'de> ::serde::Deserialize<'de> for #ty_name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                crate::runtime::wire::deserialize_struct(deserializer)
            }
        }
        #cfg
        impl crate::runtime::wire::WireStruct for #ty_name {
            const NAME: &'static str = #name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(map: A) -> ::core::result::Result<Self, A::Error> {
                #(let mut #slots = ::core::option::Option::None;)*
                #read
                #finish
            }
        }
    }
}

/// Groups entries into tuples of at most eight (the arities `wire::FieldList` is implemented
/// for), nesting as often as needed, keeping their order.
fn nest_in_tuples(mut items: Vec<TokenStream>) -> TokenStream {
    const ARITY: usize = 8;
    while items.len() > ARITY {
        items = items.chunks(ARITY).map(|chunk| quote!((#(#chunk,)*))).collect();
    }
    quote!((#(#items,)*))
}

/// `Serialize` and `Deserialize` for an untagged union: the first variant that decodes wins,
/// as with serde's `untagged`.
fn union_serde(name: &str, variants: &[crate::model::ir::Variant], api: &Api, cfg: &TokenStream) -> TokenStream {
    let ty_name = ident(name);
    let ser_arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(Self::#variant(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    let attempt = |v: &crate::model::ir::Variant| {
        let variant = ident(&v.name);
        quote! {
            if let ::core::option::Option::Some(value) = crate::runtime::wire::try_variant(&buffered) {
                return ::core::result::Result::Ok(Self::#variant(value));
            }
        }
    };
    // Variants told apart by a `const` property (`"type": "email"`): open enums accept any
    // value, so the first variant that fits would win whatever its `type`; the variant whose
    // constant matches is tried first, then every variant in order as before.
    let guarded = variants.iter().filter_map(|v| {
        let (field, value) = discriminator(v, api)?;
        let attempt = attempt(v);
        Some(quote! {
            if buffered.get(#field).and_then(::serde_json::Value::as_str) == ::core::option::Option::Some(#value) {
                #attempt
            }
        })
    });
    let tries = variants.iter().map(attempt);
    quote! {
        #cfg
        impl ::serde::Serialize for #ty_name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self { #(#ser_arms)* }
            }
        }
        #cfg
        impl<'de> ::serde::Deserialize<'de> for #ty_name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let buffered = crate::runtime::wire::buffer(deserializer)?;
                #(#guarded)*
                #(#tries)*
                ::core::result::Result::Err(crate::runtime::wire::no_variant(#name))
            }
        }
    }
}

/// A struct variant's required property whose type is a one-value enum (a `const`): its wire
/// name and value.
fn discriminator(v: &crate::model::ir::Variant, api: &Api) -> Option<(String, String)> {
    let Ty::Named(n) = &v.ty else { return None };
    let TypeKind::Struct(fields) = &api.resolve(n)?.kind else {
        return None;
    };
    fields.iter().filter(|f| f.required).find_map(|f| {
        let Ty::Named(t) = &f.ty else { return None };
        match &api.resolve(t)?.kind {
            TypeKind::Enum(values) if values.len() == 1 => Some((f.wire.clone(), values[0].wire.clone())),
            _ => None,
        }
    })
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
