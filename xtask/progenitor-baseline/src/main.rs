//! Generates a progenitor client crate: `progenitor-baseline SPEC.json OUT_DIR`.
//!
//! progenitor rejects parts of Auth0's spec that our generator handles; the workarounds below
//! are the minimum to make it produce code at all, and each one is a defect of the baseline,
//! not of the spec.

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let spec_path = PathBuf::from(args.next().expect("spec path"));
    let out = PathBuf::from(args.next().expect("output dir"));
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&spec_path).expect("read spec")).expect("json");
    workarounds(&mut doc);
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc).expect("openapiv3");
    let mut settings = progenitor::GenerationSettings::default();
    settings.with_interface(progenitor::InterfaceStyle::Positional);
    let mut generator = progenitor::Generator::new(&settings);
    let tokens = generator.generate_tokens(&spec).unwrap_or_else(|e| {
        eprintln!("progenitor failed: {e}");
        std::process::exit(1)
    });
    let file: syn::File = syn::parse2(tokens).expect("progenitor output parses");
    std::fs::create_dir_all(out.join("src")).expect("mkdir");
    std::fs::write(out.join("src/lib.rs"), prettyplease::unparse(&file)).expect("write lib.rs");
    std::fs::write(
        out.join("Cargo.toml"),
        r#"[package]
name = "progenitor-baseline-client"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
chrono = { version = "0.4", features = ["serde"] }
uuid = { version = "1", features = ["serde", "v4"] }
futures = "0.3"
bytes = "1"
regress = "0.10"
"#,
    )
    .expect("write Cargo.toml");
}

/// Keeps only what progenitor can digest: one request body type (JSON), one success response
/// per operation, no multipart/XML/event-stream bodies.
fn workarounds(doc: &mut serde_json::Value) {
    // typify validates every `default` against its schema and rejects Auth0's example-grade ones.
    strip_schema_defaults(doc);
    type_untyped_enums(doc);
    // A nullable `oneOf` component becomes an `Option` newtype and an enum of the same name.
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) {
        for schema in schemas.values_mut() {
            if let Some(schema) = schema.as_object_mut() {
                if schema.contains_key("oneOf") || schema.contains_key("anyOf") {
                    schema.remove("nullable");
                }
            }
        }
    }
    // Error bodies with several schemas per operation break progenitor (an assertion in
    // `extract_responses`), including the shared ones `get_daily` refers to.
    if let Some(shared) = doc.pointer_mut("/components/responses").and_then(|r| r.as_object_mut()) {
        for response in shared.values_mut() {
            if let Some(r) = response.as_object_mut() {
                r.remove("content");
            }
        }
    }
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for op in item.values_mut() {
            let Some(op) = op.as_object_mut() else { continue };
            if let Some(content) = op
                .get_mut("requestBody")
                .and_then(|b| b.get_mut("content"))
                .and_then(|c| c.as_object_mut())
            {
                content.retain(|ct, _| ct == "application/json");
                if content.is_empty() {
                    op.remove("requestBody");
                }
            }
            if let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) {
                let mut first_success = true;
                responses.retain(|code, r| {
                    if code.starts_with('2') {
                        let keep = first_success;
                        first_success = false;
                        if let Some(c) = r.get_mut("content").and_then(|c| c.as_object_mut()) {
                            c.retain(|ct, _| ct == "application/json");
                        }
                        keep
                    } else {
                        // Error bodies with several schemas per operation break progenitor.
                        if let Some(r) = r.as_object_mut() {
                            r.remove("content");
                        }
                        true
                    }
                });
            }
        }
    }
}

/// Removes every `default` and `example` outside server variables: typify checks each
/// default against its schema (also on `$ref`, `allOf` and untyped schemas) and rejects
/// Auth0's example-grade ones with "value does not conform to the given schema".
fn strip_schema_defaults(value: &mut serde_json::Value) {
    strip_in(value, false);
}

/// `names_only`: this object maps names to schemas (`properties`), so a member called
/// `default` is a property, not a default.
fn strip_in(value: &mut serde_json::Value, names_only: bool) {
    match value {
        serde_json::Value::Object(map) => {
            if !names_only {
                map.remove("default");
                map.remove("example");
            }
            for (key, child) in map.iter_mut() {
                // Server variables require their `default`.
                if key != "servers" {
                    strip_in(
                        child,
                        !names_only && (key == "properties" || key == "patternProperties"),
                    );
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|item| strip_in(item, false)),
        _ => {}
    }
}

/// Gives an `enum` without `type` the type of its values: typify checks enum values against
/// the schema's type and rejects untyped ones (`EmailMailgunRegionEnum`: `enum: ["eu"]`,
/// `nullable: true`).
fn type_untyped_enums(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if !map.contains_key("type") {
                if let Some(serde_json::Value::Array(values)) = map.get("enum") {
                    let kinds: std::collections::BTreeSet<&str> = values
                        .iter()
                        .filter_map(|v| match v {
                            serde_json::Value::String(_) => Some("string"),
                            serde_json::Value::Bool(_) => Some("boolean"),
                            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                            serde_json::Value::Number(_) => Some("number"),
                            _ => None,
                        })
                        .collect();
                    if let [kind] = kinds.into_iter().collect::<Vec<_>>()[..] {
                        map.insert("type".into(), kind.into());
                    }
                }
            }
            map.values_mut().for_each(type_untyped_enums);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(type_untyped_enums),
        _ => {}
    }
}
