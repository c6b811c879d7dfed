//! Stage 3 — model: the normalised OpenAPI document → [`ir::Api`].

mod dedup;
pub mod ir;
mod operations;
mod schema;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::config::DocConfig;
use crate::error::{Error, Result};
use ir::{Api, Ty, TypeKind};

/// Builds the IR of one document.
pub fn build(name: &str, doc: &OpenAPI, config: &DocConfig) -> Result<Api> {
    let empty = Default::default();
    let components = doc.components.as_ref().map(|c| &c.schemas).unwrap_or(&empty);
    let mut types = schema::TypeBuilder::new(components, &config.runtime_types);
    let operations = operations::operations(doc, config, &mut types)?;
    let mut types = types.types;
    check_references(&types)?;
    dedup::alias_identical_types(&mut types);
    box_cycles(&mut types);
    let mut api = Api {
        name: name.to_owned(),
        operations,
        types,
        type_groups: BTreeMap::new(),
        request_types: BTreeSet::new(),
    };
    reachability(&mut api);
    Ok(api)
}

fn type_refs(kind: &TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(fields) => fields.iter().for_each(|f| f.ty.named(&mut out)),
        TypeKind::Union(variants) => variants.iter().for_each(|v| v.ty.named(&mut out)),
        TypeKind::Alias(target) => out.push(target.clone()),
        TypeKind::Enum(_) => {}
    }
    out
}

fn check_references(types: &BTreeMap<String, ir::TypeDef>) -> Result<()> {
    for def in types.values() {
        for name in type_refs(&def.kind) {
            if !types.contains_key(&name) {
                return Err(Error::at(
                    def.origin.clone(),
                    format!("type `{}` refers to `{name}`, which was never built", def.name),
                ));
            }
        }
    }
    Ok(())
}

/// Boxes every direct (non-collection) reference that closes a cycle, found as strongly
/// connected components of the direct-containment graph (Tarjan).
fn box_cycles(types: &mut BTreeMap<String, ir::TypeDef>) {
    let names: Vec<String> = types.keys().cloned().collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            let mut out = Vec::new();
            match &types[n].kind {
                TypeKind::Struct(fields) => out.extend(fields.iter().filter_map(|f| f.ty.direct_named())),
                TypeKind::Union(vs) => out.extend(vs.iter().filter_map(|v| v.ty.direct_named())),
                TypeKind::Alias(target) => out.push(target.as_str()),
                TypeKind::Enum(_) => {}
            }
            out.into_iter().filter_map(|t| index.get(t).copied()).collect()
        })
        .collect();
    let component = tarjan(&edges);
    for (i, name) in names.iter().enumerate() {
        let def = types.get_mut(name).expect("name from keys");
        let in_cycle = |target: &str| index.get(target).is_some_and(|&j| component[j] == component[i]);
        match &mut def.kind {
            TypeKind::Struct(fields) => {
                for f in fields {
                    f.boxed = f.ty.direct_named().is_some_and(in_cycle);
                }
            }
            TypeKind::Union(vs) => {
                for v in vs {
                    v.boxed = v.ty.direct_named().is_some_and(in_cycle);
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    struct State<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        components: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.components;
                if w == v {
                    break;
                }
            }
            s.components += 1;
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![0; n],
        components: 0,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    // A node alone in its component is only cyclic through a self-edge.
    let mut sizes = vec![0usize; s.components];
    for &c in &s.component {
        sizes[c] += 1;
    }
    (0..n)
        .map(|v| {
            if sizes[s.component[v]] == 1 && !edges[v].contains(&v) {
                usize::MAX - v
            } else {
                s.component[v]
            }
        })
        .collect()
}

/// Which top-level groups reach each type, and which types requests reach.
fn reachability(api: &mut Api) {
    let refs: BTreeMap<String, Vec<String>> = api.types.iter().map(|(n, d)| (n.clone(), type_refs(&d.kind))).collect();
    let closure = |roots: Vec<String>| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = roots;
        while let Some(n) = todo.pop() {
            if seen.insert(n.clone()) {
                todo.extend(refs.get(&n).into_iter().flatten().cloned());
            }
        }
        seen
    };
    let mut request_roots = Vec::new();
    let mut by_group: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &api.operations {
        let mut roots = Vec::new();
        for p in op.path_params.iter().chain(&op.query_params).chain(&op.header_params) {
            p.ty.named(&mut roots);
        }
        if let Some(body) = &op.body {
            body.ty.named(&mut roots);
            body.ty.named(&mut request_roots);
        }
        if let ir::ResponseKind::Json(ty) = &op.response {
            ty.named(&mut roots);
        }
        if let Some(p) = &op.pagination {
            p.item.named(&mut roots);
        }
        by_group.entry(op.group[0].clone()).or_default().extend(roots);
    }
    for (group, roots) in by_group {
        for t in closure(roots) {
            api.type_groups.entry(t).or_default().insert(group.clone());
        }
    }
    api.request_types = closure(request_roots);
    // Types nothing reaches are not emitted.
    let reached: BTreeSet<String> = api.type_groups.keys().cloned().collect();
    api.types.retain(|n, _| reached.contains(n));
}

/// Whether a type expression can derive `Default`.
pub fn has_default(ty: &Ty, defaults: &BTreeSet<String>) -> bool {
    match ty {
        Ty::Named(n) => defaults.contains(n),
        Ty::File | Ty::Runtime(_) => false,
        _ => true,
    }
}
