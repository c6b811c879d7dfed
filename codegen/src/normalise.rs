//! Stage 2 — normalise: rewrite an OpenAPI 3.1 document into the 3.0 dialect `openapiv3`
//! reads, without losing nullability, then parse it.
//!
//! The rewrites are schema-aware (a property *named* `const` is left alone):
//! - `type: [T, "null"]` → `type: T, nullable: true`; `null` in `enum` → `nullable: true`;
//! - `oneOf`/`anyOf` branches `{type: "null"}` → dropped, parent `nullable: true`; a single
//!   remaining `$ref` becomes `allOf: [$ref]` so the nullability has somewhere to live;
//! - `const: v` → `enum: [v]`; `examples` → `example`; numeric `exclusiveMinimum/Maximum` →
//!   `minimum/maximum` + boolean flag;
//! - `type` next to `oneOf`/`anyOf`/`allOf` is dropped (it would hide the composition), and
//!   `properties` next to `allOf` become one more `allOf` member;
//! - 3.1-only keywords the generator does not use (`if`, `contentMediaType`, …) are dropped.

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};

/// Normalises a 3.1 document in place (a 3.0 document passes through unchanged).
pub fn normalise(doc: &mut Value) {
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("openapi".into(), json!("3.0.3"));
        obj.remove("webhooks");
        obj.remove("jsonSchemaDialect");
        if let Some(Value::Object(license)) = obj.get_mut("info").and_then(|i| i.get_mut("license")) {
            license.remove("identifier");
        }
    }
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for schema in schemas.values_mut() {
            schema_node(schema);
        }
    }
    for pointer in ["/components/parameters", "/components/headers"] {
        if let Some(Value::Object(params)) = doc.pointer_mut(pointer) {
            for param in params.values_mut() {
                parameter(param);
            }
        }
    }
    for pointer in ["/components/requestBodies", "/components/responses"] {
        if let Some(Value::Object(items)) = doc.pointer_mut(pointer) {
            for item in items.values_mut() {
                content_holder(item);
            }
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for (key, op) in item.iter_mut() {
                if key == "parameters" {
                    for_each_item(op, parameter);
                    continue;
                }
                let Some(op) = op.as_object_mut() else { continue };
                if let Some(params) = op.get_mut("parameters") {
                    for_each_item(params, parameter);
                }
                if let Some(body) = op.get_mut("requestBody") {
                    content_holder(body);
                }
                if let Some(Value::Object(responses)) = op.get_mut("responses") {
                    for response in responses.values_mut() {
                        content_holder(response);
                    }
                }
            }
        }
    }
}

/// Parses a normalised document, naming the JSON path that failed.
pub fn parse(doc: &Value) -> Result<openapiv3::OpenAPI> {
    let text = serde_json::to_vec(doc).map_err(|e| Error::new(e.to_string()))?;
    let mut de = serde_json::Deserializer::from_slice(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let pointer = format!("/{}", e.path().to_string().replace('.', "/"));
        Error::at(
            pointer,
            format!("the normalised document is not valid OpenAPI 3.0: {}", e.inner()),
        )
    })
}

fn for_each_item(list: &mut Value, f: fn(&mut Value)) {
    if let Value::Array(items) = list {
        items.iter_mut().for_each(f);
    }
}

fn parameter(param: &mut Value) {
    if let Some(schema) = param.get_mut("schema") {
        schema_node(schema);
    }
    if let Some(obj) = param.as_object_mut() {
        obj.remove("examples");
    }
    content_holder(param);
}

fn content_holder(holder: &mut Value) {
    if let Some(Value::Object(content)) = holder.get_mut("content") {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                schema_node(schema);
            }
            if let Some(obj) = media.as_object_mut() {
                obj.remove("examples");
            }
        }
    }
    if let Some(Value::Object(headers)) = holder.get_mut("headers") {
        for header in headers.values_mut() {
            parameter(header);
        }
    }
}

/// Normalises one schema and everything nested in it.
pub fn schema_node(schema: &mut Value) {
    if let Value::Bool(b) = schema {
        // `true` accepts anything; `false` nothing — there is no 3.0 spelling, so accept anything.
        let _ = b;
        *schema = json!({});
        return;
    }
    let Value::Object(obj) = schema else { return };
    // 3.1 spells a file in a multipart body as a string with `contentMediaType`; 3.0 as
    // `format: binary`.
    if obj.contains_key("contentMediaType") && obj.get("type") == Some(&json!("string")) && !obj.contains_key("format")
    {
        obj.insert("format".into(), json!("binary"));
    }
    for key in [
        "if",
        "then",
        "else",
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "contentMediaType",
        "contentEncoding",
        "patternProperties",
        "unevaluatedProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "prefixItems",
        "contains",
        "x-merge-priority",
    ] {
        obj.remove(key);
    }
    nested(obj);
    type_array(obj);
    if let Some(value) = obj.remove("const") {
        if !obj.contains_key("type") {
            if let Some(t) = json_type(&value) {
                obj.insert("type".into(), json!(t));
            }
        }
        obj.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(values)) = obj.get_mut("enum") {
        let before = values.len();
        values.retain(|v| !v.is_null());
        if values.len() != before {
            obj.insert("nullable".into(), json!(true));
        }
    }
    if let Some(examples) = obj.remove("examples") {
        if let Some(first) = examples.as_array().and_then(|a| a.first()) {
            obj.entry("example").or_insert_with(|| first.clone());
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n @ Value::Number(_)) = obj.get(exclusive).cloned() {
            obj.insert(bound.into(), n);
            obj.insert(exclusive.into(), json!(true));
        }
    }
    null_branches(obj, "oneOf");
    null_branches(obj, "anyOf");
    if obj.contains_key("allOf") && obj.contains_key("properties") {
        let mut extra = Map::new();
        extra.insert("type".into(), json!("object"));
        for key in ["properties", "required"] {
            if let Some(v) = obj.remove(key) {
                extra.insert(key.into(), v);
            }
        }
        if let Some(Value::Array(all)) = obj.get_mut("allOf") {
            all.push(Value::Object(extra));
        }
    }
    if ["oneOf", "anyOf", "allOf"].iter().any(|k| obj.contains_key(*k)) {
        obj.remove("type");
    }
    if obj.get("type") == Some(&json!("null")) {
        obj.remove("type");
        obj.insert("nullable".into(), json!(true));
    }
    if let Some(Value::Array(_)) = obj.get("items") {
        obj.insert("items".into(), json!({}));
    }
}

fn nested(obj: &mut Map<String, Value>) {
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        props.values_mut().for_each(schema_node);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(v @ Value::Object(_)) = obj.get_mut(key) {
            schema_node(v);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(items)) = obj.get_mut(key) {
            items.iter_mut().for_each(schema_node);
        }
    }
}

fn type_array(obj: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = obj.get("type").cloned() else {
        return;
    };
    let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
    if non_null.len() != types.len() {
        obj.insert("nullable".into(), json!(true));
    }
    match non_null.as_slice() {
        [single] => {
            obj.insert("type".into(), single.clone());
        }
        [] => {
            obj.remove("type");
        }
        many => {
            // `type: [string, number]`: one branch per type, the rest of the schema shared.
            obj.remove("type");
            let branches = many.iter().map(|t| json!({"type": t})).collect();
            obj.insert("anyOf".into(), Value::Array(branches));
        }
    }
}

/// Drops `{type: "null"}` branches (already normalised to `{nullable: true}` with no type).
fn null_branches(obj: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(branches)) = obj.get_mut(key) else {
        return;
    };
    let before = branches.len();
    branches.retain(|b| !is_null_schema(b));
    if branches.len() == before {
        return;
    }
    obj.insert("nullable".into(), json!(true));
    let Some(Value::Array(branches)) = obj.get(key) else {
        return;
    };
    if branches.len() == 1 {
        let only = branches[0].clone();
        obj.remove(key);
        if only.get("$ref").is_some() {
            obj.insert("allOf".into(), json!([only]));
        } else if let Value::Object(inner) = only {
            for (k, v) in inner {
                obj.entry(k).or_insert(v);
            }
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    match schema {
        Value::Object(o) => {
            o.get("type") == Some(&json!("null"))
                || (o.get("nullable") == Some(&json!(true))
                    && !o.contains_key("type")
                    && !o.contains_key("$ref")
                    && !["oneOf", "anyOf", "allOf", "properties", "enum", "items"]
                        .iter()
                        .any(|k| o.contains_key(*k)))
        }
        _ => false,
    }
}

fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(v: Value) -> Value {
        let mut v = v;
        schema_node(&mut v);
        v
    }

    #[test]
    fn nullable_type_arrays_and_null_branches() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            norm(json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            norm(json!({"enum": ["a", null], "type": ["string", "null"]})),
            json!({"enum": ["a"], "type": "string", "nullable": true})
        );
    }

    #[test]
    fn const_and_property_named_const() {
        assert_eq!(norm(json!({"const": 400})), json!({"type": "integer", "enum": [400]}));
        let v = norm(json!({"type": "object", "properties": {"const": {"type": "string"}}}));
        assert_eq!(
            v,
            json!({"type": "object", "properties": {"const": {"type": "string"}}})
        );
    }

    #[test]
    fn content_media_type_marks_a_file() {
        let v = norm(json!({"type": "string", "contentMediaType": "application/octet-stream"}));
        assert_eq!(v, json!({"type": "string", "format": "binary"}));
    }

    #[test]
    fn composition_hides_type() {
        let v = norm(json!({"type": "object", "oneOf": [{"type": "string"}]}));
        assert_eq!(v, json!({"oneOf": [{"type": "string"}]}));
    }
}
