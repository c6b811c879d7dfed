//! Minimal valid JSON instances of `openapiv3` schemas.
//!
//! Used to emit the local tenant's skeleton responses (and usable for request bodies): the
//! smallest value that still validates — required properties only, the first enum value, a
//! plausible string for each known `format`, a string built from simple `pattern`s, numbers
//! inside `minimum`/`maximum`, `minItems` filled. `oneOf`/`anyOf` take the first branch,
//! `allOf` merges its members, `$ref`s resolve against `components`, and a reference cycle ends
//! in the smallest value of its type instead of recursing forever.
//!
//! Nothing here panics on odd input: an unresolvable `$ref` or an unknown shape yields `{}`.

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, IntegerType, NumberType, ObjectType, OpenAPI, ReferenceOr, Schema,
    SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{Map, Value, json};

mod pattern;

/// Builds a minimal valid instance of `schema`.
pub fn sample(doc: &OpenAPI, schema: &ReferenceOr<Schema>) -> Value {
    Sampler::new(doc).value(schema)
}

/// Like [`sample`], but when the chosen shape is an object also fills the named top-level
/// properties even if they are optional (a list response's items field, so the skeleton shows
/// the list shape).
pub fn sample_with(doc: &OpenAPI, schema: &ReferenceOr<Schema>, also: &[&str]) -> Value {
    let mut sampler = Sampler::new(doc);
    sampler.also = also.iter().map(|s| s.to_string()).collect();
    sampler.value(schema)
}

/// Walks schemas; `stack` holds the `$ref`s being expanded (cycle guard).
struct Sampler<'a> {
    doc: &'a OpenAPI,
    stack: Vec<String>,
    /// Optional properties to include at the top level only.
    also: Vec<String>,
    depth: usize,
}

/// In `also`: every property.
const ALL: &str = "*";

/// Deeper than this, stop expanding (a guard against pathological inline nesting).
const MAX_DEPTH: usize = 64;

impl<'a> Sampler<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        Sampler {
            doc,
            stack: Vec::new(),
            also: Vec::new(),
            depth: 0,
        }
    }

    fn resolve(&self, reference: &str) -> Option<&'a Schema> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        match self.doc.components.as_ref()?.schemas.get(name)? {
            ReferenceOr::Item(s) => Some(s),
            // A reference to a reference: follow one more hop (no loops in practice; bounded).
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                match self.doc.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    fn value(&mut self, schema: &ReferenceOr<Schema>) -> Value {
        match schema {
            ReferenceOr::Item(s) => self.schema(s),
            ReferenceOr::Reference { reference } => self.reference(reference),
        }
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>) -> Value {
        match schema {
            ReferenceOr::Item(s) => self.schema(s),
            ReferenceOr::Reference { reference } => self.reference(reference),
        }
    }

    fn reference(&mut self, reference: &str) -> Value {
        let Some(target) = self.resolve(reference) else {
            return json!({});
        };
        if self.stack.iter().any(|r| r == reference) || self.depth >= MAX_DEPTH {
            return smallest(target);
        }
        self.stack.push(reference.to_owned());
        let v = self.schema(target);
        self.stack.pop();
        v
    }

    fn schema(&mut self, schema: &Schema) -> Value {
        if self.depth >= MAX_DEPTH {
            return smallest(schema);
        }
        self.depth += 1;
        let v = match &schema.schema_kind {
            SchemaKind::Type(t) => self.typed(t),
            SchemaKind::OneOf { one_of } => self.first_branch(one_of),
            SchemaKind::AnyOf { any_of } => self.first_branch(any_of),
            SchemaKind::AllOf { all_of } => self.all_of(all_of),
            SchemaKind::Not { .. } => json!({}),
            SchemaKind::Any(any) => self.any(any),
        };
        self.depth -= 1;
        v
    }

    fn typed(&mut self, t: &Type) -> Value {
        match t {
            Type::String(s) => string(s),
            Type::Number(n) => number(n),
            Type::Integer(i) => integer(i),
            Type::Boolean(b) => json!(b.enumeration.iter().flatten().next().copied().unwrap_or(false)),
            Type::Object(o) => self.object(o),
            Type::Array(a) => self.array(a),
        }
    }

    /// The first branch that does not sample to `null` (normalisation already dropped
    /// `{type: null}` branches; this also skips ones that are null for other reasons).
    fn first_branch(&mut self, branches: &[ReferenceOr<Schema>]) -> Value {
        for b in branches {
            // Required-only objects (often `{}`) would match several branches and fail `oneOf`;
            // the chosen branch's own properties (its `type` constants, its unique fields)
            // are what tell it apart, so fill them all, one level deep.
            if self.also.is_empty() && branches.len() > 1 {
                self.also = vec![ALL.to_owned()];
            }
            let v = self.value(b);
            self.also.clear();
            if !v.is_null() {
                return v;
            }
        }
        Value::Null
    }

    fn all_of(&mut self, members: &[ReferenceOr<Schema>]) -> Value {
        let mut merged: Option<Value> = None;
        for m in members {
            let v = self.value(m);
            merged = Some(match (merged, v) {
                (None, v) => v,
                (Some(Value::Object(mut a)), Value::Object(b)) => {
                    a.extend(b);
                    Value::Object(a)
                }
                // Non-object members constrain the same scalar; the first concrete one wins.
                (Some(Value::Null), v) => v,
                (Some(a), _) => a,
            });
        }
        merged.unwrap_or_else(|| json!({}))
    }

    fn object(&mut self, o: &ObjectType) -> Value {
        let also = std::mem::take(&mut self.also);
        let mut out = Map::new();
        for (name, prop) in &o.properties {
            if o.required.contains(name) || also.iter().any(|a| a == name || a == ALL) {
                let v = self.boxed(prop);
                out.insert(name.clone(), v);
            }
        }
        // Required names without a declared schema: any value passes; `additionalProperties`
        // may constrain it, so sample that when present.
        for name in &o.required {
            // Required but undeclared under `additionalProperties: false` cannot be satisfied
            // (a spec defect); leaving it out at least keeps the other keywords happy.
            if !out.contains_key(name) && !matches!(o.additional_properties, Some(AdditionalProperties::Any(false))) {
                let v = match &o.additional_properties {
                    Some(AdditionalProperties::Schema(s)) => self.value(s),
                    _ => json!({}),
                };
                out.insert(name.clone(), v);
            }
        }
        self.fill_min_properties(
            &mut out,
            o.min_properties,
            &o.properties,
            o.additional_properties.as_ref(),
        );
        Value::Object(out)
    }

    /// Adds optional (then made-up) properties until `minProperties` is met.
    fn fill_min_properties(
        &mut self,
        out: &mut Map<String, Value>,
        min: Option<usize>,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        additional: Option<&AdditionalProperties>,
    ) {
        let min = min.unwrap_or(0);
        for (name, prop) in properties {
            if out.len() >= min {
                return;
            }
            if !out.contains_key(name) {
                let v = self.boxed(prop);
                out.insert(name.clone(), v);
            }
        }
        let mut i = 0;
        while out.len() < min {
            let v = match additional {
                Some(AdditionalProperties::Schema(s)) => self.value(s),
                Some(AdditionalProperties::Any(false)) => return,
                _ => json!("value"),
            };
            out.insert(format!("key{i}"), v);
            i += 1;
        }
    }

    fn array(&mut self, a: &ArrayType) -> Value {
        let n = a.min_items.unwrap_or(0);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let v = match &a.items {
                Some(items) => self.boxed(items),
                None => json!(i),
            };
            // `uniqueItems`: vary strings and numbers so the filled items differ.
            out.push(if a.unique_items { distinct(v, i) } else { v });
        }
        Value::Array(out)
    }

    /// `AnySchema` is what `openapiv3` reads when the keywords do not name one type (an enum
    /// without `type`, compositions next to properties, …).
    fn any(&mut self, any: &AnySchema) -> Value {
        if let Some(first) = any.enumeration.iter().find(|v| !v.is_null()) {
            return first.clone();
        }
        if !any.all_of.is_empty() {
            let mut v = self.all_of(&any.all_of);
            if let Value::Object(extra) = self.any_object(any) {
                if let Value::Object(map) = &mut v {
                    map.extend(extra);
                }
            }
            return v;
        }
        if !any.one_of.is_empty() {
            return self.first_branch(&any.one_of);
        }
        if !any.any_of.is_empty() {
            return self.first_branch(&any.any_of);
        }
        match any.typ.as_deref() {
            Some("string") => string(&StringType {
                format: match any.format.as_deref() {
                    Some(f) => match f.parse::<StringFormat>() {
                        Ok(k) => VariantOrUnknownOrEmpty::Item(k),
                        Err(()) => VariantOrUnknownOrEmpty::Unknown(f.to_owned()),
                    },
                    None => VariantOrUnknownOrEmpty::Empty,
                },
                pattern: any.pattern.clone(),
                enumeration: Vec::new(),
                min_length: any.min_length,
                max_length: any.max_length,
            }),
            Some("integer") => integer(&IntegerType {
                minimum: any.minimum.map(|m| m.ceil() as i64),
                maximum: any.maximum.map(|m| m.floor() as i64),
                exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                ..Default::default()
            }),
            Some("number") => number(&NumberType {
                minimum: any.minimum,
                maximum: any.maximum,
                exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                ..Default::default()
            }),
            Some("boolean") => json!(false),
            Some("array") => self.array(&ArrayType {
                items: any.items.clone(),
                min_items: any.min_items,
                max_items: any.max_items,
                unique_items: any.unique_items.unwrap_or(false),
            }),
            _ if any.items.is_some() => self.array(&ArrayType {
                items: any.items.clone(),
                min_items: any.min_items,
                max_items: any.max_items,
                unique_items: any.unique_items.unwrap_or(false),
            }),
            _ => self.any_object(any),
        }
    }

    fn any_object(&mut self, any: &AnySchema) -> Value {
        self.object(&ObjectType {
            properties: any.properties.clone(),
            required: any.required.clone(),
            additional_properties: any.additional_properties.clone(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        })
    }
}

/// The smallest value of a schema's type, without expanding anything (cycle ends).
fn smallest(schema: &Schema) -> Value {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => string(s),
        SchemaKind::Type(Type::Number(n)) => number(n),
        SchemaKind::Type(Type::Integer(i)) => integer(i),
        SchemaKind::Type(Type::Boolean(_)) => json!(false),
        SchemaKind::Type(Type::Array(_)) => json!([]),
        _ if schema.schema_data.nullable => Value::Null,
        _ => json!({}),
    }
}

/// Makes the `i`-th filler of a unique array differ from the others.
fn distinct(v: Value, i: usize) -> Value {
    match v {
        Value::String(s) if i > 0 => Value::String(format!("{s}{i}")),
        Value::Number(n) if i > 0 => json!(n.as_f64().unwrap_or(0.0) + i as f64),
        other => other,
    }
}

fn string(s: &StringType) -> Value {
    if let Some(first) = s.enumeration.iter().flatten().next() {
        return json!(first);
    }
    let min = s.min_length.unwrap_or(0);
    let max = s.max_length.unwrap_or(usize::MAX).max(min);
    if let Some(p) = &s.pattern {
        if let Some(v) = pattern::generate(p, min, max) {
            return json!(v);
        }
    }
    let base = match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "2024-01-01",
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "2024-01-01T00:00:00.000Z",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "AA==",
        VariantOrUnknownOrEmpty::Item(_) => "string",
        VariantOrUnknownOrEmpty::Unknown(f) => format_sample(f),
        VariantOrUnknownOrEmpty::Empty => "string",
    };
    json!(fit(base, min, max))
}

/// A plausible value for the formats Auth0's documents use (JSON Schema's and its own).
fn format_sample(format: &str) -> &'static str {
    match format {
        "email" | "email-or-empty" => "user@example.com",
        "uri"
        | "url"
        | "iri"
        | "strict-uri"
        | "strict-https-uri"
        | "absolute-uri-or-empty"
        | "absolute-https-uri-or-empty"
        | "callback-url"
        | "forms-url-https"
        | "url-or-null"
        | "strict-https-uri-or-null" => "https://example.com",
        "uri-reference" | "iri-reference" => "/path",
        "date" => "2024-01-01",
        "date-time" => "2024-01-01T00:00:00.000Z",
        "time" => "00:00:00Z",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "cidr" => "192.0.2.0/24",
        "ipv6_cidr" => "2001:db8::/32",
        "hostname" | "hostname-rfc2181" | "idn-hostname" => "example.com",
        "html-color" | "html-color-or-null" | "forms-hex-color" => "#000000",
        "hexadecimal" => "00",
        "duration" => "P1D",
        _ => "string",
    }
}

/// Pads (with `x`) or truncates `base` into `[min, max]` characters.
fn fit(base: &str, min: usize, max: usize) -> String {
    let mut s: String = base.chars().take(max).collect();
    while s.chars().count() < min {
        s.push('x');
    }
    s
}

fn number(n: &NumberType) -> Value {
    if let Some(first) = n.enumeration.iter().flatten().next() {
        return json!(first);
    }
    let mut v = match (n.minimum, n.maximum) {
        (Some(lo), _) if n.exclusive_minimum => lo + 1.0,
        (Some(lo), _) => lo,
        (None, Some(hi)) if hi < 0.0 => {
            if n.exclusive_maximum {
                hi - 1.0
            } else {
                hi
            }
        }
        _ => 0.0,
    };
    if let Some(hi) = n.maximum {
        if v > hi || (n.exclusive_maximum && v >= hi) {
            v = n.minimum.map(|lo| (lo + hi) / 2.0).unwrap_or(hi - 1.0);
        }
    }
    if let Some(m) = n.multiple_of.filter(|m| *m > 0.0) {
        v = (v / m).ceil() * m;
    }
    // Whole numbers print as integers, which both `number` and `integer` accept.
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn integer(i: &IntegerType) -> Value {
    if let Some(first) = i.enumeration.iter().flatten().next() {
        return json!(first);
    }
    let lo = i
        .minimum
        .map(|m| if i.exclusive_minimum { m.saturating_add(1) } else { m });
    let hi = i
        .maximum
        .map(|m| if i.exclusive_maximum { m.saturating_sub(1) } else { m });
    let mut v = match (lo, hi) {
        (Some(lo), _) => lo,
        (None, Some(hi)) if hi < 0 => hi,
        _ => 0,
    };
    if let Some(m) = i.multiple_of.filter(|m| *m > 0) {
        let r = v.rem_euclid(m);
        if r != 0 {
            v = v.saturating_add(m - r);
        }
    }
    json!(v)
}

#[cfg(test)]
mod tests;
