//! The hand-written modules form no import cycles: within each directory, no file reaches a
//! sibling that (directly or not) reaches it back, and the top-level modules (`runtime`,
//! `jwt`, `authentication`, …) depend on each other in one direction only.
//!
//! Edges are read from the source text: `super::name` and `crate::dir::name` paths naming a
//! sibling file, and `crate::module` paths between top-level modules. Generated code
//! (`@generated` files) is left out: it depends only on the runtime.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_generated(text: &str) -> bool {
    text.lines().take(5).any(|l| l.contains("@generated"))
}

/// Code without comments (doc links mention modules without depending on them).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module a file defines, as a path below `src` (`runtime/transport`, `jwt`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    match last.as_str() {
        "mod.rs" | "lib.rs" => {}
        other => parts.push(other.trim_end_matches(".rs").to_owned()),
    }
    parts
}

fn mentions(code: &str, path: &str) -> bool {
    code.match_indices(path).any(|(at, _)| {
        let rest = &code[at + path.len()..];
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}

/// A cycle in `graph`, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn hand_written_modules_have_no_import_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: Vec<(Vec<String>, String)> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            (!is_generated(&text)).then(|| (module_of(&src, f), code(&text)))
        })
        .collect();

    // Siblings: files of one directory.
    let mut siblings: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (module, code) in &modules {
        let Some((name, parent)) = module.split_last() else {
            continue;
        };
        let dir = parent.join("/");
        let peers: Vec<&String> = modules
            .iter()
            .filter(|(m, _)| m.len() == module.len() && m[..m.len() - 1] == *parent && m != module)
            .map(|(m, _)| m.last().unwrap())
            .collect();
        let crate_prefix = if parent.is_empty() {
            "crate::".to_owned()
        } else {
            format!("crate::{}::", parent.join("::"))
        };
        let edges = siblings.entry(dir).or_default().entry(name.clone()).or_default();
        for peer in peers {
            if mentions(code, &format!("super::{peer}")) || mentions(code, &format!("{crate_prefix}{peer}")) {
                edges.insert(peer.clone());
            }
        }
    }
    for (dir, graph) in &siblings {
        assert_eq!(
            find_cycle(graph),
            None,
            "an import cycle among the files of `src/{dir}`"
        );
    }

    // Top-level modules.
    let tops: BTreeSet<String> = modules.iter().filter_map(|(m, _)| m.first().cloned()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &modules {
        let Some(top) = module.first() else { continue };
        for other in tops.iter().filter(|t| *t != top) {
            if mentions(code, &format!("crate::{other}")) {
                graph.entry(top.clone()).or_default().insert(other.clone());
            }
        }
    }
    assert_eq!(
        find_cycle(&graph),
        None,
        "an import cycle among the top-level modules: {graph:?}"
    );
    assert!(
        siblings.contains_key("authentication"),
        "the walk found the authentication files"
    );
}
