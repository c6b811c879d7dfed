//! Operations → IR: groups and names from `x-operation-group`/`x-operation-name`, parameters,
//! bodies, responses, pagination and the custom-domain flag.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, StatusCode};

use super::ir::{
    BodyEncoding, Operation, Paging, PagingKind, Param, RequestBody as IrBody, ResponseKind, Ty, TypeDef, TypeKind,
};
use super::schema::{Node, TypeBuilder};
use crate::config::DocConfig;
use crate::docs;
use crate::error::{Error, Result, pointer_token};
use crate::names::{Namespace, pascal, snake};

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head"];

/// Builds every operation of the document.
pub fn operations<'a>(doc: &'a OpenAPI, config: &DocConfig, types: &mut TypeBuilder<'a>) -> Result<Vec<Operation>> {
    let mut ops = Vec::new();
    let mut builders = Namespace::default();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            return Err(Error::at(
                format!("/paths/{}", pointer_token(path)),
                "path item references are not supported",
            ));
        };
        let candidates = [
            ("get", &item.get),
            ("post", &item.post),
            ("put", &item.put),
            ("patch", &item.patch),
            ("delete", &item.delete),
            ("head", &item.head),
        ];
        for (method, op) in candidates {
            let Some(op) = op else { continue };
            debug_assert!(METHODS.contains(&method));
            let pointer = format!("/paths/{}/{method}", pointer_token(path));
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| snake(&format!("{method} {path}")).replace("r#", ""));
            let built = operation(
                doc,
                config,
                types,
                &mut builders,
                path,
                method,
                &item.parameters,
                op,
                &id,
                &pointer,
            )
            .map_err(|e| e.in_operation(&id))?;
            ops.push(built);
        }
    }
    disambiguate_method_names(&mut ops);
    ops.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
    Ok(ops)
}

#[allow(clippy::too_many_arguments)]
fn operation<'a>(
    doc: &'a OpenAPI,
    config: &DocConfig,
    types: &mut TypeBuilder<'a>,
    builders: &mut Namespace,
    path: &str,
    method: &str,
    shared_params: &'a [ReferenceOr<Parameter>],
    op: &'a openapiv3::Operation,
    id: &str,
    pointer: &str,
) -> Result<Operation> {
    let mut group = group_of(op, path);
    if group.len() > 1 && config.strip_group_prefix.as_deref() == Some(group[0].as_str()) {
        group.remove(0);
    }
    let name = op
        .extensions
        .get("x-operation-name")
        .and_then(|v| v.as_str())
        .map(snake)
        .unwrap_or_else(|| snake(id));
    let builder = builders.claim(&format!("{}Request", pascal(id)));
    let params_struct = builders.claim(&format!(
        "{}Params",
        builder.strip_suffix("Request").unwrap_or(&builder)
    ));

    // Parameters: path-item level first, operation level overrides by (name, location).
    let mut params: Vec<(&'a Parameter, String)> = Vec::new();
    for (i, p) in shared_params.iter().enumerate() {
        params.push((
            resolve_param(doc, p, &format!("{pointer}/../parameters/{i}"))?,
            format!("/parameters/{i}"),
        ));
    }
    for (i, p) in op.parameters.iter().enumerate() {
        let p = resolve_param(doc, p, &format!("{pointer}/parameters/{i}"))?;
        params.retain(|(q, _)| !(q.parameter_data_ref().name == p.parameter_data_ref().name && same_location(q, p)));
        params.push((p, format!("{pointer}/parameters/{i}")));
    }
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    let mut header_params = Vec::new();
    // Setters live beside `runtime::Request`'s own methods (the per-request options among
    // them), so a parameter may not take a method's name (a `timeout` query parameter becomes
    // `timeout2`). The names are read from the runtime's source, so a new option is reserved
    // the moment it exists.
    let reserved: Vec<&str> = request_method_names().iter().map(String::as_str).collect();
    let mut rust_names = Namespace::with_reserved(&reserved);
    for (param, param_pointer) in &params {
        let data = param.parameter_data_ref();
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                types
                    .ty(
                        Node::from(schema),
                        &format!("{}{}", pascal(id), pascal(&data.name)),
                        &format!("{param_pointer}/schema"),
                    )?
                    .0
            }
            ParameterSchemaOrContent::Content(_) => Ty::String,
        };
        let is_runtime_header = matches!(param, Parameter::Header { .. })
            && config
                .runtime_headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&data.name));
        if is_runtime_header || matches!(param, Parameter::Cookie { .. }) {
            continue;
        }
        let built = Param {
            wire: data.name.clone(),
            // Header names are case-insensitive words: `DPoP` is `dpop`, not `d_po_p`.
            rust: rust_names.claim(&snake(&match param {
                Parameter::Header { .. } => data.name.to_ascii_lowercase(),
                _ => data.name.clone(),
            })),
            ty,
            required: data.required || matches!(param, Parameter::Path { .. }),
            doc: docs::describe(None, data.description.as_deref()),
        };
        match param {
            Parameter::Path { .. } => path_params.push(built),
            Parameter::Query { .. } => query_params.push(built),
            Parameter::Header { .. } => header_params.push(built),
            Parameter::Cookie { .. } => {}
        }
    }
    // Path parameters in template order, checked against the template.
    let template: Vec<&str> = path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
    let mut ordered = Vec::with_capacity(template.len());
    for name in &template {
        let Some(pos) = path_params.iter().position(|p| p.wire == *name) else {
            // An undeclared template parameter: accept it as a string (a spec bug we tolerate).
            ordered.push(Param {
                wire: (*name).to_owned(),
                rust: rust_names.claim(&snake(name)),
                ty: Ty::String,
                required: true,
                doc: None,
            });
            continue;
        };
        ordered.push(path_params.remove(pos));
    }

    let body = match &op.request_body {
        Some(body) => Some(request_body(doc, types, body, id, &format!("{pointer}/requestBody"))?),
        None => None,
    };
    let response = response(doc, types, op, id, pointer)?;
    let pagination = paging(config, id, &query_params, &response, types);
    // Every scope named by any security requirement, once each, in spec order (the My APIs
    // repeat one list per OAuth flow).
    let mut scopes = Vec::new();
    for scope in op.security.iter().flatten().flat_map(|req| req.values().flatten()) {
        if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    Ok(Operation {
        id: id.to_owned(),
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        group,
        name,
        builder,
        params: params_struct,
        summary: op
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(docs::sanitise),
        description: docs::describe(None, op.description.as_deref()),
        deprecated: op.deprecated,
        scopes,
        path_params: ordered,
        query_params,
        header_params,
        response,
        pagination,
        custom_domain: config.custom_domain.matches(path),
        client_auth: body.as_ref().is_some_and(|b| takes_client_auth(&b.ty, &types.types)),
        body,
    })
}

/// The body parameters that carry an application's credentials.
const CLIENT_AUTH_FIELDS: [&str; 2] = ["client_secret", "client_assertion"];

/// Whether a body type (a struct, or any shape of a union, through aliases) has a field that
/// carries client credentials: then the runtime applies the client's authentication to it.
fn takes_client_auth(ty: &Ty, types: &BTreeMap<String, TypeDef>) -> bool {
    let mut pending = vec![ty.clone()];
    let mut seen = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        let Ty::Named(name) = ty else { continue };
        if !seen.insert(name.clone()) {
            continue;
        }
        match types.get(&name).map(|d| &d.kind) {
            Some(TypeKind::Struct(fields)) if fields.iter().any(|f| CLIENT_AUTH_FIELDS.contains(&f.wire.as_str())) => {
                return true;
            }
            Some(TypeKind::Union(variants)) => pending.extend(variants.iter().map(|v| v.ty.clone())),
            Some(TypeKind::Alias(target)) => pending.push(Ty::Named(target.clone())),
            _ => {}
        }
    }
    false
}

/// The runtime files that define methods of `runtime::Request`: its own, and the per-request
/// option setters every request builder shares.
const REQUEST_METHOD_SOURCES: [&str; 2] = [
    include_str!("../../../sdk/src/runtime/request.rs"),
    include_str!("../../../sdk/src/runtime/option_setters.rs"),
];

/// Every `fn` name in the runtime's request builder, plus the names generated code itself
/// uses on the parameters struct.
fn request_method_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(scan_request_method_names)
}

fn scan_request_method_names() -> Vec<String> {
    let mut names: Vec<String> = ["params", "body", "self_"].iter().map(|s| (*s).to_owned()).collect();
    for source in REQUEST_METHOD_SOURCES {
        let mut rest = source;
        while let Some(at) = rest.find("fn ") {
            let preceded_by_word = rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            rest = &rest[at + 3..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !preceded_by_word && !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn group_of(op: &openapiv3::Operation, path: &str) -> Vec<String> {
    match op.extensions.get("x-operation-group") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) if !items.is_empty() => {
            items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        }
        _ => vec![op.tags.first().cloned().unwrap_or_else(|| {
            path.trim_matches('/')
                .split('/')
                .next()
                .filter(|s| !s.is_empty())
                .unwrap_or("api")
                .to_owned()
        })],
    }
}

fn resolve_param<'a>(doc: &'a OpenAPI, p: &'a ReferenceOr<Parameter>, pointer: &str) -> Result<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Ok(p),
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/parameters/")
                .ok_or_else(|| Error::at(pointer, format!("unsupported parameter reference `{reference}`")))?;
            match doc.components.as_ref().and_then(|c| c.parameters.get(name)) {
                Some(ReferenceOr::Item(p)) => Ok(p),
                _ => Err(Error::at(
                    pointer,
                    format!("unresolvable parameter reference `{reference}`"),
                )),
            }
        }
    }
}

fn request_body<'a>(
    doc: &'a OpenAPI,
    types: &mut TypeBuilder<'a>,
    body: &'a ReferenceOr<RequestBody>,
    id: &str,
    pointer: &str,
) -> Result<IrBody> {
    let body = match body {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/requestBodies/")
                .unwrap_or(reference);
            match doc.components.as_ref().and_then(|c| c.request_bodies.get(name)) {
                Some(ReferenceOr::Item(b)) => b,
                _ => return Err(Error::at(pointer, format!("unresolvable request body `{reference}`"))),
            }
        }
    };
    // JSON wherever it is offered (179 Auth0 bodies offer JSON and form alike), then form,
    // then multipart, then raw bytes.
    let pick = |pred: &dyn Fn(&str) -> bool| body.content.iter().find(|(ct, _)| pred(&ct.to_ascii_lowercase()));
    let (encoding, media) = if let Some((_, m)) = pick(&|ct| ct.contains("json")) {
        (BodyEncoding::Json, Some(m))
    } else if let Some((_, m)) = pick(&|ct| ct == "application/x-www-form-urlencoded") {
        (BodyEncoding::Form, Some(m))
    } else if let Some((_, m)) = pick(&|ct| ct.starts_with("multipart/")) {
        (BodyEncoding::Multipart, Some(m))
    } else if let Some((ct, _)) = body.content.first() {
        (BodyEncoding::Raw(ct.clone()), None)
    } else {
        (BodyEncoding::Raw("application/octet-stream".into()), None)
    };
    let ty = match media.and_then(|m| m.schema.as_ref()) {
        Some(schema) => {
            types
                .ty(
                    Node::from(schema),
                    &format!("{}Body", pascal(id)),
                    &format!("{pointer}/content"),
                )?
                .0
        }
        None => Ty::Json,
    };
    let encoding = match (&encoding, &ty) {
        // A multipart body must be an object with fields to turn into parts.
        (BodyEncoding::Multipart, Ty::Named(_)) => encoding,
        (BodyEncoding::Multipart, _) => BodyEncoding::Raw("multipart/form-data".into()),
        _ => encoding,
    };
    // Auth0 rarely marks bodies `required`; a body whose schema has required properties is
    // required all the same, so it becomes an argument rather than an optional setter.
    let has_required_fields = match &ty {
        Ty::Named(n) => {
            matches!(types.types.get(n).map(|d| &d.kind), Some(TypeKind::Struct(f)) if f.iter().any(|f| f.required))
        }
        _ => false,
    };
    Ok(IrBody {
        encoding,
        ty,
        required: body.required || has_required_fields,
    })
}

fn response<'a>(
    doc: &'a OpenAPI,
    types: &mut TypeBuilder<'a>,
    op: &'a openapiv3::Operation,
    id: &str,
    pointer: &str,
) -> Result<ResponseKind> {
    let mut success: Vec<(u16, &'a ReferenceOr<Response>)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c) if (200..400).contains(c) => Some((*c, r)),
            StatusCode::Range(2) => Some((200, r)),
            _ => None,
        })
        .collect();
    success.sort_by_key(|(c, _)| *c);
    // The first 2xx with content decides; a bodiless 2xx or a redirect means no data.
    for (code, r) in &success {
        let r = match r {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/").unwrap_or(reference);
                match doc.components.as_ref().and_then(|c| c.responses.get(name)) {
                    Some(ReferenceOr::Item(r)) => r,
                    _ => {
                        return Err(Error::at(
                            format!("{pointer}/responses/{code}"),
                            format!("unresolvable response `{reference}`"),
                        ));
                    }
                }
            }
        };
        if r.content.is_empty() {
            continue;
        }
        if let Some((_, media)) = r.content.iter().find(|(ct, _)| ct.contains("json")) {
            let ty = match &media.schema {
                Some(schema) => {
                    types
                        .ty(
                            Node::from(schema),
                            &format!("{}Response", pascal(id)),
                            &format!("{pointer}/responses/{code}"),
                        )?
                        .0
                }
                None => Ty::Json,
            };
            return Ok(ResponseKind::Json(ty));
        }
        let ct = r
            .content
            .keys()
            .next()
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        return Ok(
            if ct.starts_with("text/") && ct != "text/event-stream" || ct.contains("xml") || ct.contains("html") {
                ResponseKind::Text
            } else {
                ResponseKind::Bytes
            },
        );
    }
    Ok(ResponseKind::Empty)
}

fn paging(
    config: &DocConfig,
    id: &str,
    query: &[Param],
    response: &ResponseKind,
    types: &TypeBuilder<'_>,
) -> Option<Paging> {
    let overrides = config.pagination.operations.get(id);
    if overrides.and_then(|o| o.paginated) == Some(false) {
        return None;
    }
    let has = |names: &[String]| !names.is_empty() && names.iter().all(|n| query.iter().any(|p| &p.wire == n));
    let kind = match (
        has(&config.pagination.offset_params),
        has(&config.pagination.checkpoint_params),
    ) {
        (true, true) => PagingKind::OffsetOrCheckpoint,
        (true, false) => PagingKind::Offset,
        (false, true) => PagingKind::Checkpoint,
        (false, false) => return None,
    };
    let ResponseKind::Json(ty) = response else { return None };
    let (item, field) = list_shape(ty, types)?;
    let items_field = overrides
        .and_then(|o| o.items_field.clone())
        .or(field)
        .unwrap_or_default();
    Some(Paging {
        kind,
        items_field,
        item,
        result_cap: overrides.and_then(|o| o.result_cap),
        next_from_item: overrides.and_then(|o| o.next_from_item.clone()),
    })
}

/// Finds the item type and items property of a list response: a bare array, an object with
/// one array property, or a union of those.
fn list_shape(ty: &Ty, types: &TypeBuilder<'_>) -> Option<(Ty, Option<String>)> {
    match ty {
        Ty::List(item) => Some(((**item).clone(), None)),
        Ty::Named(name) => match &types.types.get(name)?.kind {
            TypeKind::Struct(fields) => {
                let lists: Vec<_> = fields.iter().filter(|f| matches!(f.ty, Ty::List(_))).collect();
                match lists.as_slice() {
                    [only] => match &only.ty {
                        Ty::List(item) => Some(((**item).clone(), Some(only.wire.clone()))),
                        _ => None,
                    },
                    _ => None,
                }
            }
            TypeKind::Union(variants) => {
                let mut item = None;
                let mut field = None;
                for v in variants {
                    if let Some((i, f)) = list_shape(&v.ty, types) {
                        if item.as_ref().is_some_and(|prev| prev != &i) {
                            return None;
                        }
                        item = Some(i);
                        field = field.or(f);
                    }
                }
                item.map(|i| (i, field))
            }
            TypeKind::Alias(target) => list_shape(&Ty::Named(target.clone()), types),
            TypeKind::Enum(_) => None,
        },
        _ => None,
    }
}

/// A method name must not collide with another in its group, nor with a subgroup accessor.
fn disambiguate_method_names(ops: &mut [Operation]) {
    use std::collections::{BTreeMap, BTreeSet};
    let mut subgroups: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for op in ops.iter() {
        for depth in 1..op.group.len() {
            subgroups
                .entry(op.group[..depth].to_vec())
                .or_default()
                .insert(snake(&op.group[depth]));
        }
    }
    let mut taken: BTreeMap<Vec<String>, Namespace> = BTreeMap::new();
    for op in ops.iter_mut() {
        let reserved: Vec<String> = subgroups
            .get(&op.group)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .collect();
        let ns = taken.entry(op.group.clone()).or_insert_with(|| {
            let r: Vec<&str> = reserved.iter().map(String::as_str).collect();
            Namespace::with_reserved(&r)
        });
        let wanted = if ns.contains(&op.name) {
            format!("{}_{}", crate::names::unraw(&op.name), op.method.to_ascii_lowercase())
        } else {
            op.name.clone()
        };
        op.name = ns.claim(&wanted);
    }
}
