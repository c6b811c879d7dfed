//! Operations → Rust: one group struct per group path, one request builder per operation.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident, ty};
use crate::model::ir::{Api, BodyEncoding, Field, Operation, PagingKind, Param, ResponseKind, Ty, TypeKind};
use crate::names::{pascal, snake};

/// The struct name for a group path (`["users", "roles"]` → `UsersRoles`).
pub fn group_struct(path: &[String]) -> String {
    path.iter().map(|s| pascal(s)).collect()
}

/// The file of one top-level group: its group structs and its operations' builders.
pub fn group_file(api: &Api, top: &str, types: &TokenStream) -> TokenStream {
    let ops: Vec<&Operation> = api.operations.iter().filter(|o| o.group[0] == top).collect();
    let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
    for op in &ops {
        for depth in 1..=op.group.len() {
            paths.insert(op.group[..depth].to_vec());
        }
    }
    let groups = paths.iter().map(|path| {
        let name = ident(&group_struct(path));
        let label = format!(" Operations on `{}`.", path.join("/"));
        let subgroups = paths
            .iter()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(path))
            .map(|sub| {
                let method = ident(&snake(sub.last().expect("non-empty")));
                let sub_name = ident(&group_struct(sub));
                let d = format!(" Operations on `{}`.", sub.join("/"));
                quote! {
                    #[doc = #d]
                    pub fn #method(&self) -> #sub_name { #sub_name { transport: self.transport.clone() } }
                }
            });
        let methods = ops
            .iter()
            .filter(|o| &o.group == path)
            .map(|op| group_method(op, types));
        quote! {
            #[doc = #label]
            #[derive(Clone, Debug)]
            pub struct #name { transport: crate::runtime::Transport }
            impl #name {
                #[doc(hidden)]
                pub fn new(transport: crate::runtime::Transport) -> Self { #name { transport } }
                #(#subgroups)*
                #(#methods)*
            }
        }
    });
    let builders = ops.iter().map(|op| builder(api, op, types));
    quote! { #(#groups)* #(#builders)* }
}

/// Parameters that are arguments of the group method (required ones), in order.
pub(super) fn arguments(op: &Operation) -> Vec<&Param> {
    op.path_params
        .iter()
        .chain(op.query_params.iter().filter(|p| p.required))
        .chain(op.header_params.iter().filter(|p| p.required))
        .collect()
}

/// The accessor chain from the client to the operation's method:
/// `["users", "roles", "list"]` → `client.users().roles().list(…)`.
pub(super) fn group_method_path(op: &Operation) -> Vec<proc_macro2::Ident> {
    op.group
        .iter()
        .map(|g| ident(&snake(g)))
        .chain(std::iter::once(ident(&op.name)))
        .collect()
}

pub(super) fn optional(op: &Operation) -> Vec<&Param> {
    op.query_params
        .iter()
        .filter(|p| !p.required)
        .chain(op.header_params.iter().filter(|p| !p.required))
        .collect()
}

/// The type a query parameter is held as: scalars, enums and lists of them; anything else is
/// sent as text.
pub(super) fn query_ty(t: &Ty, api: &Api) -> Ty {
    match t {
        Ty::String | Ty::Integer | Ty::Number | Ty::Boolean => t.clone(),
        Ty::Named(n) if matches!(api.resolve(n).map(|d| &d.kind), Some(TypeKind::Enum(_))) => t.clone(),
        Ty::List(inner) => Ty::List(Box::new(query_ty(inner, api))),
        _ => Ty::String,
    }
}

pub(super) fn param_ty(op: &Operation, p: &Param, api: &Api) -> Ty {
    if op.path_params.iter().any(|q| q.wire == p.wire) || op.header_params.iter().any(|q| q.wire == p.wire) {
        Ty::String
    } else {
        query_ty(&p.ty, api)
    }
}

/// `(argument type, conversion)` for a value the caller passes.
fn accept(t: &Ty, types: &TokenStream, value: &TokenStream) -> (TokenStream, TokenStream) {
    match t {
        Ty::String => (
            quote!(impl ::core::convert::Into<::std::string::String>),
            quote!(#value.into()),
        ),
        Ty::Named(_) => {
            let t = ty(t, types);
            (quote!(impl ::core::convert::Into<#t>), quote!(#value.into()))
        }
        other => (ty(other, types), value.clone()),
    }
}

fn body_ty(op: &Operation, types: &TokenStream) -> Option<(TokenStream, bool)> {
    let body = op.body.as_ref()?;
    let t = match &body.encoding {
        BodyEncoding::Raw(_) => quote!(::bytes::Bytes),
        _ => ty(&body.ty, types),
    };
    Some((t, body.required))
}

fn op_docs(op: &Operation) -> String {
    let mut text = String::new();
    if let Some(s) = &op.summary {
        text.push_str(s);
        text.push_str("\n\n");
    }
    if let Some(d) = &op.description {
        if op.summary.as_deref() != Some(d.as_str()) {
            text.push_str(d);
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!("`{} {}` (operation `{}`)", op.method, op.path, op.id));
    if !op.scopes.is_empty() {
        let scopes: Vec<String> = op.scopes.iter().map(|s| format!("`{s}`")).collect();
        text.push_str(&format!("; scopes: {}", scopes.join(", ")));
    }
    text.push('.');
    text
}

fn group_method(op: &Operation, types: &TokenStream) -> TokenStream {
    let method = ident(&op.name);
    let builder = ident(&op.builder);
    let mut summary = op.summary.clone().unwrap_or_default();
    if !summary.is_empty() {
        summary.push_str("\n\n");
    }
    summary.push_str(&format!("`{} {}`; see [`{}`].", op.method, op.path, op.builder));
    if !op.scopes.is_empty() {
        let scopes: Vec<String> = op.scopes.iter().map(|s| format!("`{s}`")).collect();
        summary.push_str(&format!(" Scopes: {}.", scopes.join(", ")));
    }
    let docs = doc(Some(&summary));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let args = arguments(op);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for p in &args {
        let name = ident(&p.rust);
        let t = if op.path_params.iter().any(|q| q.wire == p.wire) || op.header_params.iter().any(|q| q.wire == p.wire)
        {
            Ty::String
        } else {
            p.ty.clone()
        };
        let (arg_ty, conv) = accept(&t, types, &quote!(#name));
        params.push(quote!(#name: #arg_ty));
        inits.push(quote!(#name: #conv));
    }
    for p in optional(op) {
        let name = ident(&p.rust);
        inits.push(quote!(#name: None));
    }
    if let Some((t, required)) = body_ty(op, types) {
        if required {
            params.push(quote!(body: #t));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: None));
        }
    }
    let params_struct = ident(&op.params);
    quote! {
        #docs
        #deprecated
        pub fn #method(&self, #(#params),*) -> #builder {
            crate::runtime::Request::new(self.transport.clone(), #params_struct { #(#inits,)* })
        }
    }
}

/// An operation: its parameters struct, its `Operation` impl and its setters on
/// `Request<ItsParams>`, with a `…Request` alias carrying the endpoint's documentation.
fn builder(api: &Api, op: &Operation, types: &TokenStream) -> TokenStream {
    let name = ident(&op.builder);
    let params_struct = ident(&op.params);
    let docs = doc(Some(&op_docs(op)));
    let id = &op.id;
    let path = &op.path;
    let method = ident(&pascal(&op.method.to_ascii_lowercase()));
    let custom_domain = op.custom_domain;
    let scopes = &op.scopes;
    let client_auth = op.client_auth;
    let pagination = match &op.pagination {
        Some(p) => {
            let kind = ident(match p.kind {
                PagingKind::Offset => "Offset",
                PagingKind::Checkpoint => "Checkpoint",
                PagingKind::OffsetOrCheckpoint => "OffsetOrCheckpoint",
            });
            let field = &p.items_field;
            let cap = match p.result_cap {
                Some(c) => quote!(Some(#c)),
                None => quote!(None),
            };
            let next_from_item = match &p.next_from_item {
                Some(f) => quote!(Some(#f)),
                None => quote!(None),
            };
            quote!(Some(crate::runtime::Pagination {
                kind: crate::runtime::PaginationKind::#kind,
                items_field: #field,
                result_cap: #cap,
                next_from_item: #next_from_item,
            }))
        }
        None => quote!(None),
    };

    let mut fields = Vec::new();
    for p in arguments(op) {
        let n = ident(&p.rust);
        let t = ty(&param_ty(op, p, api), types);
        fields.push(quote!(#n: #t));
    }
    let mut setters = Vec::new();
    for p in optional(op) {
        let n = ident(&p.rust);
        let held = param_ty(op, p, api);
        let t = ty(&held, types);
        fields.push(quote!(#n: ::std::option::Option<#t>));
        let (arg_ty, conv) = accept(&held, types, &quote!(value));
        let d = doc(Some(p.doc.as_deref().unwrap_or("Sets this optional parameter.")));
        let wire = format!(" Sent as `{}`.", p.wire);
        setters.push(quote! {
            #d
            #[doc = ""]
            #[doc = #wire]
            pub fn #n(mut self, value: #arg_ty) -> Self { self.params.#n = Some(#conv); self }
        });
    }
    let body = body_ty(op, types);
    if let Some((t, required)) = &body {
        if *required {
            fields.push(quote!(body: #t));
        } else {
            fields.push(quote!(body: ::std::option::Option<#t>));
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, value: impl ::core::convert::Into<#t>) -> Self { self.params.body = Some(value.into()); self }
            });
        }
    }

    // Building the call.
    let path_args = op.path_params.iter().map(|p| {
        let n = ident(&p.rust);
        quote!(self.#n.as_str())
    });
    let queries = op.query_params.iter().map(|p| {
        let n = ident(&p.rust);
        let wire = &p.wire;
        quote!(call.query(#wire, &self.#n);)
    });
    let headers = op.header_params.iter().map(|p| {
        let n = ident(&p.rust);
        let wire = &p.wire;
        if p.required {
            quote!(call.header(#wire, Some(self.#n.as_str()));)
        } else {
            quote!(call.header(#wire, self.#n.as_deref());)
        }
    });
    let body_code = op.body.as_ref().map(|b| {
        let set = match &b.encoding {
            BodyEncoding::Json => quote!(call.json(body);),
            BodyEncoding::Form => quote!(call.form(body);),
            BodyEncoding::Raw(ct) => quote!(call.raw_body(#ct, body.clone());),
            BodyEncoding::Multipart => multipart(api, &b.ty),
        };
        if b.required {
            quote!({ let body = &self.body; #set })
        } else {
            quote!(if let Some(body) = &self.body { #set })
        }
    });

    let new_call =
        quote!(crate::runtime::Call::new(&<Self as crate::runtime::Operation>::OPERATION, &[#(#path_args),*]));
    let queries: Vec<_> = queries.collect();
    let headers: Vec<_> = headers.collect();
    let into_call = if queries.is_empty() && headers.is_empty() && body_code.is_none() {
        new_call
    } else {
        quote! {
            let mut call = #new_call;
            #(#queries)*
            #(#headers)*
            #body_code
            call
        }
    };
    let kind = response_kind(op, types);
    let params_doc = format!(" The parameters of [`{}`].", op.builder);
    let setters_impl = (!setters.is_empty()).then(|| {
        quote! {
            impl crate::runtime::Request<#params_struct> {
                #(#setters)*
            }
        }
    });
    quote! {
        #docs
        pub type #name = crate::runtime::Request<#params_struct>;
        #[doc = #params_doc]
        #[derive(Clone, Debug)]
        pub struct #params_struct {
            #(#fields,)*
        }
        impl crate::runtime::Operation for #params_struct {
            const OPERATION: crate::runtime::OperationSpec = crate::runtime::OperationSpec {
                id: #id,
                method: crate::runtime::HttpMethod::#method,
                path: #path,
                custom_domain: #custom_domain,
                client_auth: #client_auth,
                pagination: #pagination,
                scopes: &[#(#scopes),*],
            };
            type Response = #kind;
            fn into_call(self) -> crate::runtime::Call {
                #into_call
            }
        }
        #setters_impl
    }
}

/// How the operation's response is read (`crate::runtime::kind`).
fn response_kind(op: &Operation, types: &TokenStream) -> TokenStream {
    if let Some(p) = &op.pagination {
        let item = ty(&p.item, types);
        return quote!(crate::runtime::kind::Paged<#item>);
    }
    match &op.response {
        ResponseKind::Json(t) => {
            let t = ty(t, types);
            quote!(crate::runtime::kind::Json<#t>)
        }
        ResponseKind::Empty => quote!(crate::runtime::kind::Empty),
        ResponseKind::Text => quote!(crate::runtime::kind::Text),
        ResponseKind::Bytes => quote!(crate::runtime::kind::Bytes),
    }
}

/// Multipart parts from the body struct's fields.
fn multipart(api: &Api, t: &Ty) -> TokenStream {
    let Ty::Named(name) = t else {
        return quote!(call.json(body););
    };
    let Some(TypeKind::Struct(fields)) = api.types.get(name).map(|d| &d.kind) else {
        return quote!(call.json(body););
    };
    let request = api.request_types.contains(name);
    let parts = fields.iter().map(|f| part(api, f, request));
    quote! {
        let mut parts = ::std::vec::Vec::new();
        #(#parts)*
        call.multipart(parts);
    }
}

fn part(api: &Api, f: &Field, request: bool) -> TokenStream {
    let n = ident(&f.rust);
    let wire = &f.wire;
    let is_enum =
        |t: &Ty| matches!(t, Ty::Named(n) if matches!(api.types.get(n).map(|d| &d.kind), Some(TypeKind::Enum(_))));
    let make = |v: TokenStream| match &f.ty {
        Ty::File => quote!(parts.push(crate::runtime::MultipartPart::File { name: #wire, file: #v.clone() });),
        // Scalars and enums are sent as their plain text (`Display`).
        t if matches!(t, Ty::String | Ty::Integer | Ty::Number | Ty::Boolean) || is_enum(t) => {
            quote!(parts.push(crate::runtime::MultipartPart::Text { name: #wire, value: #v.to_string() });)
        }
        // Structured values travel as JSON text.
        _ => {
            quote!(parts.push(crate::runtime::MultipartPart::Text { name: #wire, value: ::serde_json::to_string(#v).unwrap_or_default() });)
        }
    };
    if f.required && !f.nullable {
        let p = make(quote!(body.#n));
        quote!(#p)
    } else if !f.required && f.nullable && request {
        let p = make(quote!(value));
        quote!(if let Some(value) = body.#n.as_value() { #p })
    } else {
        let p = make(quote!(value));
        quote!(if let Some(value) = &body.#n { #p })
    }
}
