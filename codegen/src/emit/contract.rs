//! The contract-suite dispatcher: one call of every generated operation, with required
//! arguments taken from a sample (the harness makes samples from the spec at run time).
//!
//! Emitting this from the IR guarantees the suite exercises exactly the generated surface —
//! method names, argument types, body types — for every operation, and fails to compile the
//! moment a generated signature changes without the generator knowing.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::{arguments, group_method_path};
use super::tokens::{ident, ty};
use crate::model::ir::{Api, BodyEncoding, Ty};

/// The dispatcher source for one document.
///
/// `client` is the type operations hang off (e.g. `auth0_sdk::ManagementClient`), `types` the
/// path of the generated types module (e.g. `auth0_sdk::management::types`).
pub fn dispatcher(api: &Api, client: &syn::Path, types: &syn::Path) -> TokenStream {
    let types_prefix = quote!(#types::);
    let mut fn_names = crate::names::Namespace::default();
    let mut arms = Vec::new();
    let mut fns = Vec::new();
    for op in &api.operations {
        let id = &op.id;
        let fn_name = ident(&fn_names.claim(&format!("call_{}", crate::names::unraw(&crate::names::snake(id)))));
        let mut chain = group_method_path(op);
        let method = chain.pop().expect("the path ends with the method");
        let mut lets = Vec::new();
        let mut args = Vec::new();
        for p in arguments(op) {
            let n = ident(&format!("arg_{}", crate::names::unraw(&p.rust)));
            let wire = &p.wire;
            if op.path_params.iter().any(|q| q.wire == p.wire) {
                lets.push(quote!(let #n = sample.path(#wire);));
            } else if op.header_params.iter().any(|q| q.wire == p.wire) {
                lets.push(quote!(let #n: ::std::string::String = match sample.query(#wire) { Ok(v) => v, Err(e) => return crate::Outcome::BadSample(e) };));
            } else {
                let t = match &p.ty {
                    Ty::Named(_) | Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::List(_) => {
                        ty(&p.ty, &types_prefix)
                    }
                    _ => quote!(::std::string::String),
                };
                lets.push(quote!(let #n: #t = match sample.query(#wire) { Ok(v) => v, Err(e) => return crate::Outcome::BadSample(e) };));
            }
            args.push(quote!(#n));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            match &body.encoding {
                BodyEncoding::Raw(_) => lets.push(quote!(let body = sample.raw_body();)),
                _ => {
                    let t = ty(&body.ty, &types_prefix);
                    lets.push(quote!(let body: #t = match sample.body() { Ok(v) => v, Err(e) => return crate::Outcome::BadSample(e) };));
                }
            }
            args.push(quote!(body));
        }
        let optional_body = op
            .body
            .as_ref()
            .filter(|b| !b.required && !matches!(b.encoding, BodyEncoding::Raw(_)))
            .map(|b| {
                let t = ty(&b.ty, &types_prefix);
                quote! {
                    let request = match sample.optional_body::<#t>() {
                        Ok(Some(body)) => request.body(body),
                        Ok(None) => request,
                        Err(e) => return crate::Outcome::BadSample(e),
                    };
                }
            });
        // One function per operation: in a debug build a single `match` holding every
        // operation's future would need all of them in one stack frame.
        fns.push(quote! {
            fn #fn_name<'a>(client: &'a #client, sample: &'a crate::Sample) -> Call<'a> {
                ::std::boxed::Box::pin(async move {
                    #(#lets)*
                    #[allow(deprecated)]
                    let request = client #(.#chain())* .#method(#(#args),*);
                    #optional_body
                    crate::finish(request.send().await.map(|_| ()))
                })
            }
        });
        arms.push(quote! { #id => #fn_name(client, sample), });
    }
    quote! {
        /// The future of one contract call.
        pub type Call<'a> = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = crate::Outcome> + Send + 'a>>;

        /// Calls the operation `operation_id` with arguments from `sample`; `None` when this
        /// build has no such operation.
        pub fn call<'a>(operation_id: &str, client: &'a #client, sample: &'a crate::Sample) -> ::std::option::Option<Call<'a>> {
            Some(match operation_id {
                #(#arms)*
                _ => return None,
            })
        }

        #(#fns)*
    }
}
