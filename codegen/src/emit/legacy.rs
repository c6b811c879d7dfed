//! `spec/legacy.toml` + the Management IR → `auth0_sdk::legacy::management`: node-auth0 v4's
//! managers and methods as thin wrappers of the generated operations.
//!
//! Each v4 method builds the current operation's `Request` through the generated group
//! accessors (required arguments, then one setter per optional parameter given), and sends its
//! call through `crate::legacy::send`, which returns v4's `ApiResponse` (the response as Auth0
//! sent it: no auto-pagination) or v4's `ManagementApiError`.
//!
//! What the table names that the spec no longer has is a warning; operations the table does not
//! name are listed as notes (and in `UNMAPPED_OPERATIONS`), so nothing disappears silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{arguments, group_method_path, param_ty};
use super::tokens::{doc, ident, ty};
use super::{GeneratedFile, format};
use crate::config::{LegacyMethod, LegacyTable, Pin};
use crate::error::Result;
use crate::model::ir::{Api, Operation, Param, ResponseKind, Ty};
use crate::names::{pascal, snake};

/// What emitting the legacy module produces.
#[derive(Debug, Clone)]
pub struct LegacyEmitted {
    /// Source files.
    pub files: Vec<GeneratedFile>,
    /// Table entries that no longer match the spec.
    pub warnings: Vec<String>,
    /// Operations no v4 method calls.
    pub notes: Vec<String>,
    /// How many v4 methods were emitted.
    pub methods: usize,
}

/// One field of a v4 request-parameters struct and how it reaches the current builder.
struct FieldPlan<'a> {
    /// The Rust field name (v4's name in snake case).
    rust: String,
    /// The operation's parameter it fills.
    param: &'a Param,
    /// A method argument of the generated group method (not a setter).
    argument: bool,
    /// The held type.
    ty: Ty,
    /// Not one of v4's parameters (added by the current spec).
    extra: bool,
}

/// Emits the legacy module.
pub fn emit(table: &LegacyTable, api: &Api, pin: &Pin, header: &str) -> Result<LegacyEmitted> {
    let out_dir = PathBuf::from(&table.output);
    let by_id: BTreeMap<&str, &Operation> = api.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let defaults = super::types::defaultable(api);
    let types = quote!(crate::management::types::);
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut mods = Vec::new();
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut listed = Vec::new();
    let mut removed = Vec::new();
    let mut count = 0usize;
    let mut method_notes = Vec::new();

    for (manager, methods) in &table.managers {
        let file_name = snake(manager);
        let m = ident(&file_name);
        let strukt = ident(&format!("{}Manager", pascal(manager)));
        let mut items = Vec::new();
        let mut fns = Vec::new();
        let mut gone = Vec::new();
        for (v4_name, entry) in methods {
            let rust_name = snake(v4_name);
            let label = format!("{manager}.{v4_name}");
            let op = match entry.op.as_deref() {
                Some(id) => match by_id.get(id) {
                    Some(op) => *op,
                    None => {
                        warnings.push(format!(
                            "spec/legacy.toml: `{label}` names operation `{id}`, which the spec no longer has; it is left out"
                        ));
                        gone.push(format!(
                            "`{rust_name}` (v4 `{v4_name}`, `{}`): operation `{id}` is gone",
                            entry.http
                        ));
                        removed.push(quote!((#label, #id)));
                        continue;
                    }
                },
                None => {
                    let why = entry.removed.clone().unwrap_or_else(|| "no operation".into());
                    gone.push(format!("`{rust_name}` (v4 `{v4_name}`, `{}`): {why}", entry.http));
                    removed.push(quote!((#label, #why)));
                    continue;
                }
            };
            used.insert(op.id.as_str());
            count += 1;
            let rust_label = format!("{}.{}", snake(manager), unraw(&rust_name));
            let id = op.id.as_str();
            listed.push(quote!((#label, #rust_label, #id)));
            let (f, item, w, n) = method(manager, v4_name, &rust_name, entry, op, api, &types, &defaults);
            warnings.extend(w);
            method_notes.extend(n);
            fns.push(f);
            items.extend(item);
        }
        let mut mdoc = format!(" node-auth0 v4's `management.{manager}`.");
        if !gone.is_empty() {
            mdoc.push_str("\n\n Removed (the endpoint is gone from the Management API):");
            for g in &gone {
                mdoc.push_str(&format!("\n - {g}"));
            }
        }
        let mdoc = doc(Some(mdoc.trim_start()));
        // A manager whose methods are all gone keeps its shape (and its client, unused).
        let unused = fns.is_empty().then(|| quote!(#[allow(dead_code)]));
        let body = quote! {
            #mdoc
            #[derive(Clone, Debug)]
            pub struct #strukt { #unused client: crate::runtime::ManagementClient }
            impl #strukt {
                pub(crate) fn new(client: crate::runtime::ManagementClient) -> Self { #strukt { client } }
                #(#fns)*
            }
            #(#items)*
        };
        let fdoc = format!(" v4's `{manager}` manager.");
        files.push(GeneratedFile {
            path: out_dir.join(format!("{}.rs", unraw(&file_name))),
            contents: format(header, quote! { #![doc = #fdoc] #body }, manager)?,
        });
        mods.push(quote! { #[rustfmt::skip] mod #m; pub use #m::*; });
        let fd = format!(" v4's `management.{manager}`.");
        fields.push(quote! { #[doc = #fd] pub #m: #strukt });
        inits.push(quote! { #m: #strukt::new(client.clone()) });
    }

    let unmapped: Vec<&str> = api
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| !used.contains(id))
        .collect();
    let mut notes = method_notes;
    if !unmapped.is_empty() {
        notes.push(format!(
            "{} of {} operations have no v4 method in spec/legacy.toml (legacy::management::UNMAPPED_OPERATIONS): {}",
            unmapped.len(),
            api.operations.len(),
            unmapped.join(", ")
        ));
    }
    let module_doc = format!(
        " node-auth0 v4's Management interface, generated from `spec/legacy.toml` over `{}` (upstream commit `{}`).",
        pin.file, pin.commit
    );
    let total = count;
    let mod_rs = quote! {
        #![doc = #module_doc]
        #![allow(clippy::too_many_arguments, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, rustdoc::invalid_rust_codeblocks)]
        #(#mods)*

        /// node-auth0 v4's `ManagementClient`: one public field per v4 manager. Build it with
        /// [`ManagementClient::new`] from [`ManagementClientOptions`](crate::legacy::ManagementClientOptions).
        #[derive(Clone, Debug)]
        pub struct ManagementClient {
            #(#fields,)*
            pub(crate) client: crate::runtime::ManagementClient,
        }

        impl ManagementClient {
            /// The legacy managers over a current client (its token source, retries and timeouts).
            pub fn from_client(client: crate::runtime::ManagementClient) -> Self {
                ManagementClient { #(#inits,)* client }
            }
        }

        /// Every v4 method emitted: (`v4 manager.method`, `rust manager.method`, operationId).
        pub const METHODS: &[(&str, &str, &str)] = &[#(#listed),*];
        /// How many v4 methods are emitted.
        pub const METHOD_COUNT: usize = #total;
        /// v4 methods left out, with the reason: (`v4 manager.method`, why).
        pub const REMOVED_METHODS: &[(&str, &str)] = &[#(#removed),*];
        /// Operations of the current spec that no v4 method calls (use the current API for them).
        pub const UNMAPPED_OPERATIONS: &[&str] = &[#(#unmapped),*];
    };
    files.push(GeneratedFile {
        path: out_dir.join("mod.rs"),
        contents: format(header, mod_rs, "legacy")?,
    });
    Ok(LegacyEmitted {
        files,
        warnings,
        notes,
        methods: count,
    })
}

/// Adds a field unless one of that name is planned already.
fn push<'a>(plan: &mut Vec<FieldPlan<'a>>, rust: String, param: &'a Param, argument: bool, ty: Ty, extra: bool) {
    if !plan.iter().any(|f| f.rust == rust) {
        plan.push(FieldPlan {
            rust,
            param,
            argument,
            ty,
            extra,
        });
    }
}

fn unraw(s: &str) -> &str {
    crate::names::unraw(s)
}

/// One v4 method and its request-parameters struct.
#[allow(clippy::too_many_arguments)]
fn method(
    manager: &str,
    v4_name: &str,
    rust_name: &str,
    entry: &LegacyMethod,
    op: &Operation,
    api: &Api,
    types: &TokenStream,
    defaults: &BTreeSet<String>,
) -> (TokenStream, Option<TokenStream>, Vec<String>, Vec<String>) {
    let label = format!("{manager}.{v4_name}");
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let args = arguments(op);
    let is_arg = |p: &Param| args.iter().any(|a| a.wire == p.wire);
    let mut plan: Vec<FieldPlan> = Vec::new();
    // Path parameters: by position, named as v4 names them.
    for (i, p) in op.path_params.iter().enumerate() {
        let (name, extra) = match entry.path.get(i) {
            Some(v4) => (snake(v4), false),
            None => (p.rust.clone(), true),
        };
        push(&mut plan, name, p, true, Ty::String, extra);
    }
    if entry.path.len() > op.path_params.len() {
        warnings.push(format!(
            "spec/legacy.toml: `{label}` has {} path parameters, operation `{}` has {}",
            entry.path.len(),
            op.id,
            op.path_params.len()
        ));
    }
    // Query parameters v4 sends, then any the current spec added.
    let held = |p: &Param| {
        if is_arg(p) { p.ty.clone() } else { param_ty(op, p, api) }
    };
    // v4 query parameters the spec no longer lists are kept as text, sent as v4 sends them.
    let mut untyped: Vec<(String, &str)> = Vec::new();
    for key in &entry.query {
        match op.query_params.iter().find(|p| &p.wire == key) {
            Some(p) => push(&mut plan, snake(key), p, is_arg(p), held(p), false),
            None => {
                notes.push(format!(
                    "legacy `{label}`: v4's query parameter `{key}` is not in operation `{}`; kept, sent as text",
                    op.id
                ));
                untyped.push((snake(key), key.as_str()));
            }
        }
    }
    for p in op.query_params.iter().chain(op.header_params.iter()) {
        if !plan.iter().any(|f| f.param.wire == p.wire) {
            push(&mut plan, p.rust.clone(), p, is_arg(p), held(p), true);
        }
    }

    // The struct.
    let has_request = entry.request.is_some() || !plan.is_empty() || !untyped.is_empty();
    let struct_name = entry
        .request
        .clone()
        .unwrap_or_else(|| format!("{}Request", pascal(&op.id)));
    let s = ident(&struct_name);
    let item = has_request.then(|| {
        let can_default = plan.iter().all(|f| {
            !f.argument
                || match &f.ty {
                    Ty::Named(n) => defaults.contains(n),
                    _ => true,
                }
        });
        let derive = if can_default {
            quote!(#[derive(Clone, Debug, Default)])
        } else {
            quote!(#[derive(Clone, Debug)])
        };
        let fs = plan.iter().map(|f| {
            let n = ident(&f.rust);
            let t = ty(&f.ty, types);
            let t = if f.argument {
                t
            } else {
                quote!(::std::option::Option<#t>)
            };
            let mut d = f.param.doc.clone().unwrap_or_else(|| "A request parameter.".into());
            d.push_str(&format!("\n\nSent as `{}`", f.param.wire));
            if f.extra {
                d.push_str(" (not a v4 parameter; the current spec has it)");
            }
            d.push('.');
            let d = doc(Some(&d));
            quote!(#d pub #n: #t)
        });
        let text = untyped.iter().map(|(rust, wire)| {
            let n = ident(rust);
            let d = format!(" Sent as `{wire}` (a v4 parameter the current spec does not list).");
            quote!(#[doc = #d] pub #n: ::std::option::Option<::std::string::String>)
        });
        let fs = fs.chain(text);
        let sd = format!(" v4's `{struct_name}`: the request parameters of `{label}`.");
        quote! {
            #[doc = #sd]
            #derive
            pub struct #s { #(#fs,)* }
        }
    });

    // The call: required arguments in the group method's order, then setters.
    let chain = group_method_path(op);
    // `client.a().b().c(args)`: the chain's last element is the method, which takes the args.
    let (op_method, groups) = chain.split_last().expect("a method");
    let call_args: Vec<TokenStream> = args
        .iter()
        .map(|a| {
            let f = plan
                .iter()
                .find(|f| f.param.wire == a.wire)
                .expect("every argument is planned");
            let n = ident(&f.rust);
            quote!(params.#n)
        })
        .collect();
    let mut call_args = call_args;
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    let takes_body = entry.body || body_required;
    if entry.body && op.body.is_none() {
        warnings.push(format!(
            "spec/legacy.toml: `{label}` takes a body, operation `{}` has none; the method takes none",
            op.id
        ));
    }
    if !entry.body && body_required {
        warnings.push(format!(
            "spec/legacy.toml: `{label}` takes no body, operation `{}` requires one; the method takes it",
            op.id
        ));
    }
    let body_ty = op.body.as_ref().map(|b| match &b.encoding {
        crate::model::ir::BodyEncoding::Raw(_) => quote!(::bytes::Bytes),
        _ => ty(&b.ty, types),
    });
    if body_required {
        call_args.push(quote!(body));
    }
    let setters = plan.iter().filter(|f| !f.argument).map(|f| {
        let n = ident(&f.rust);
        let setter = ident(&f.param.rust);
        quote!(if let Some(value) = params.#n { request = request.#setter(value); })
    });
    let body_setter =
        (takes_body && op.body.is_some() && !body_required).then(|| quote!(request = request.body(body);));

    let mut sig = Vec::new();
    if has_request {
        sig.push(quote!(params: #s));
    }
    if takes_body && op.body.is_some() {
        let b = body_ty.clone().expect("body");
        sig.push(quote!(body: #b));
    }
    let (data, send) = response(op, types);
    let name = ident(rust_name);
    let mut d = op.summary.clone().unwrap_or_default();
    if !d.is_empty() {
        d.push_str("\n\n");
    }
    d.push_str(&format!(
        "v4: `management.{label}`. `{} {}` (operation `{}`; current API: `client.{}(…)`).",
        op.method,
        op.path,
        op.id,
        chain.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("().")
    ));
    let d = doc(Some(&d));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let extra_query = untyped.iter().map(|(rust, wire)| {
        let n = ident(rust);
        quote!(call.query(#wire, &params.#n);)
    });
    let send_call = if untyped.is_empty() {
        quote!(crate::runtime::Operation::into_call(request.params))
    } else {
        quote!({
            let mut call = crate::runtime::Operation::into_call(request.params);
            #(#extra_query)*
            call
        })
    };
    let bind = if has_request && plan.is_empty() && untyped.is_empty() {
        quote!(let _ = params;)
    } else {
        TokenStream::new()
    };
    let mutability = if plan.iter().any(|f| !f.argument) || body_setter.is_some() {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let f = quote! {
        #d
        #deprecated
        #allow_deprecated
        pub async fn #name(&self, #(#sig),*) -> ::std::result::Result<crate::legacy::ApiResponse<#data>, crate::legacy::ManagementApiError> {
            #bind
            let #mutability request = self.client.#(#groups().)*#op_method(#(#call_args),*);
            #(#setters)*
            #body_setter
            crate::legacy::send::#send(&self.client, #send_call).await
        }
    };
    (f, item, warnings, notes)
}

/// The data type of the `ApiResponse` and the `legacy::send` function that reads it.
fn response(op: &Operation, types: &TokenStream) -> (TokenStream, proc_macro2::Ident) {
    match &op.response {
        ResponseKind::Json(t) => (ty(t, types), ident("json")),
        ResponseKind::Empty => (quote!(()), ident("empty")),
        ResponseKind::Text => (quote!(::std::string::String), ident("text")),
        ResponseKind::Bytes => (quote!(::bytes::Bytes), ident("bytes")),
    }
}
