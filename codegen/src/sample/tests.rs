use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::{Value, json};

use super::pattern::generate;
use super::{sample, sample_with};

fn doc(schemas: Value) -> OpenAPI {
    serde_json::from_value(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas}
    }))
    .expect("test document parses")
}

fn schema(v: Value) -> ReferenceOr<Schema> {
    serde_json::from_value(v).expect("test schema parses")
}

#[test]
fn objects_keep_required_properties_only_and_resolve_refs() {
    let d = doc(json!({
        "User": {"type": "object", "required": ["id", "email", "kind"], "properties": {
            "id": {"type": "string", "pattern": "^usr_[a-z0-9]{4}$"},
            "email": {"type": "string", "format": "email"},
            "kind": {"$ref": "#/components/schemas/Kind"},
            "nickname": {"type": "string"}
        }},
        "Kind": {"type": "string", "enum": ["person", "robot"]}
    }));
    let v = sample(&d, &schema(json!({"$ref": "#/components/schemas/User"})));
    assert_eq!(
        v,
        json!({"id": "usr_aaaa", "email": "user@example.com", "kind": "person"})
    );
}

#[test]
fn list_responses_take_the_first_branch_and_include_the_items_field() {
    let d = doc(json!({
        "Page": {"type": "object", "properties": {
            "users": {"type": "array", "items": {"type": "object"}},
            "total": {"type": "integer", "minimum": 0}
        }}
    }));
    let s = schema(json!({"oneOf": [{"$ref": "#/components/schemas/Page"}, {"type": "array", "items": {}}]}));
    assert_eq!(sample_with(&d, &s, &["users"]), json!({"users": []}));
}

#[test]
fn numbers_strings_and_arrays_respect_their_bounds() {
    let d = doc(json!({}));
    assert_eq!(
        sample(&d, &schema(json!({"type": "integer", "minimum": 3, "maximum": 9}))),
        json!(3)
    );
    assert_eq!(
        sample(
            &d,
            &schema(json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}))
        ),
        json!(1)
    );
    assert_eq!(sample(&d, &schema(json!({"type": "number", "maximum": -5}))), json!(-5));
    assert_eq!(
        sample(&d, &schema(json!({"type": "string", "minLength": 8}))),
        json!("stringxx")
    );
    assert_eq!(
        sample(&d, &schema(json!({"type": "string", "maxLength": 3}))),
        json!("str")
    );
    assert_eq!(
        sample(&d, &schema(json!({"type": "string", "format": "date-time"}))),
        json!("2024-01-01T00:00:00.000Z")
    );
    assert_eq!(
        sample(
            &d,
            &schema(json!({"type": "array", "minItems": 2, "uniqueItems": true, "items": {"type": "string"}}))
        ),
        json!(["string", "string1"])
    );
}

#[test]
fn all_of_merges_and_cycles_terminate() {
    let d = doc(json!({
        "Node": {"type": "object", "required": ["child", "name"], "properties": {
            "name": {"type": "string"},
            "child": {"$ref": "#/components/schemas/Node"}
        }},
        "A": {"type": "object", "required": ["a"], "properties": {"a": {"type": "boolean"}}},
        "B": {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}
    }));
    let v = sample(&d, &schema(json!({"$ref": "#/components/schemas/Node"})));
    assert_eq!(v, json!({"child": {}, "name": "string"}));
    let merged = sample(
        &d,
        &schema(json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]})),
    );
    assert_eq!(merged, json!({"a": false, "b": 0}));
    // An unresolvable reference is not an error.
    assert_eq!(
        sample(&d, &schema(json!({"$ref": "#/components/schemas/Missing"}))),
        json!({})
    );
}

#[test]
fn patterns_generate_matching_strings() {
    assert_eq!(
        generate("grp_[1-9a-km-zA-HJ-NP-Z]{14,22}", 0, usize::MAX).unwrap(),
        "grp_aaaaaaaaaaaaaa"
    );
    assert_eq!(
        generate(r"^#(([0-9a-fA-F]{3}){1,2}|([0-9a-fA-F]{4}){1,2})$", 0, usize::MAX).unwrap(),
        "#aaa"
    );
    assert_eq!(generate(r"^\+[0-9]{1,15}$", 0, usize::MAX).unwrap(), "+0");
    assert_eq!(generate(r"^(?!.*\x00)\S(.*\S)?$", 0, usize::MAX).unwrap(), "a");
    assert_eq!(generate(r"^[^<>]*$", 1, usize::MAX).unwrap(), "a");
    assert_eq!(
        generate(r"^(?:(?!org_))[a-z0-9]([a-z0-9-_]*[a-z0-9])?$", 3, 10).unwrap(),
        "aaa"
    );
    assert_eq!(
        generate(r"^(?!-)(?!.*--)(?:[a-zA-Z0-9-]|{org_id}|{org_name})*$", 1, 5).unwrap(),
        "a"
    );
    assert_eq!(generate(r"^([A-Za-z0-9+/]){86}==$", 0, usize::MAX).unwrap().len(), 88);
    // Unbalanced input is refused, not a panic.
    assert_eq!(generate("(abc", 0, 10), None);
    assert_eq!(generate("[abc", 0, 10), None);
}
