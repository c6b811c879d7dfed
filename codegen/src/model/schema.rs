//! Schemas → Rust types. Decides, for every schema, whether it becomes a named type (struct,
//! enum, union) or an inline type expression, and names everything collision-free.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::ir::{EnumValue, Field, Ty, TypeDef, TypeKind, Variant};
use crate::docs;
use crate::error::{Error, Result, pointer_token};
use crate::names::{Namespace, pascal, snake};

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub enum Node<'a> {
    /// `$ref`.
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

/// An object's members gathered from `properties` and `allOf`.
#[derive(Default)]
struct Members<'a> {
    props: IndexMap<&'a str, Node<'a>>,
    required: HashSet<&'a str>,
    any_object: bool,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Builds named types from schemas. One per document.
pub struct TypeBuilder<'a> {
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
    names: Namespace,
    component_names: HashMap<&'a str, String>,
    resolved: HashMap<&'a str, (Ty, bool)>,
    in_progress: HashSet<&'a str>,
    /// Component schemas replaced by hand-written runtime types.
    runtime_types: &'a BTreeMap<String, String>,
    /// The named types built so far.
    pub types: BTreeMap<String, TypeDef>,
}

impl<'a> TypeBuilder<'a> {
    /// A builder over a document's component schemas; reserves every component's name first
    /// so inline types never take a component's natural name.
    pub fn new(
        components: &'a IndexMap<String, ReferenceOr<Schema>>,
        runtime_types: &'a BTreeMap<String, String>,
    ) -> Self {
        let mut names = Namespace::default();
        let component_names = components
            .keys()
            .map(|k| (k.as_str(), names.claim(&pascal(k))))
            .collect();
        TypeBuilder {
            components,
            names,
            component_names,
            resolved: HashMap::new(),
            in_progress: HashSet::new(),
            runtime_types,
            types: BTreeMap::new(),
        }
    }

    /// Claims a fresh type name derived from `hint`.
    pub fn claim_name(&mut self, hint: &str) -> String {
        self.names.claim(&pascal(hint))
    }

    /// The type of a schema node and whether it may be `null`. `hint` names inline types.
    pub fn ty(&mut self, node: Node<'a>, hint: &str, pointer: &str) -> Result<(Ty, bool)> {
        match node {
            Node::Ref(reference) => self.component(reference, pointer),
            Node::Item(schema) => self.inline(schema, hint, pointer),
        }
    }

    fn component(&mut self, reference: &'a str, pointer: &str) -> Result<(Ty, bool)> {
        let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) else {
            return Err(Error::at(pointer, format!("unsupported reference `{reference}`")));
        };
        if let Some(runtime) = self.runtime_types.get(name) {
            return Ok((Ty::Runtime(runtime.clone()), false));
        }
        let Some((key, schema)) = self.components.get_key_value(name) else {
            return Err(Error::at(
                pointer,
                format!("reference to a missing schema `{reference}`"),
            ));
        };
        if let Some(done) = self.resolved.get(key.as_str()) {
            return Ok(done.clone());
        }
        let type_name = self.component_names[key.as_str()].clone();
        if !self.in_progress.insert(key.as_str()) {
            // A cycle: the component refers to itself while being resolved. If it becomes a
            // named type the name is already known; inline cycles collapse to JSON.
            return Ok((
                if self.would_be_named(schema) {
                    Ty::Named(type_name)
                } else {
                    Ty::Json
                },
                false,
            ));
        }
        let component_pointer = format!("/components/schemas/{}", pointer_token(key));
        let result = match schema {
            ReferenceOr::Reference { reference } => self.component(reference, &component_pointer),
            ReferenceOr::Item(schema) => self.schema(schema, &type_name, true, &component_pointer),
        };
        self.in_progress.remove(key.as_str());
        let result = result?;
        self.resolved.insert(key.as_str(), result.clone());
        Ok(result)
    }

    fn would_be_named(&self, schema: &ReferenceOr<Schema>) -> bool {
        match schema {
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
                SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
                SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
                SchemaKind::Any(a) => !a.properties.is_empty(),
                _ => false,
            },
            ReferenceOr::Reference { .. } => false,
        }
    }

    fn inline(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Result<(Ty, bool)> {
        self.schema(schema, hint, false, pointer)
    }

    /// Core: one schema. `exact_name` means `name` is already claimed (a component).
    fn schema(&mut self, schema: &'a Schema, name: &str, exact_name: bool, pointer: &str) -> Result<(Ty, bool)> {
        let nullable = schema.schema_data.nullable;
        let doc = docs::describe(
            schema.schema_data.title.as_deref(),
            schema.schema_data.description.as_deref(),
        );
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
                if !values.is_empty() {
                    let name = self.name(name, exact_name);
                    self.enum_type(&name, &values, doc, pointer);
                    Ty::Named(name)
                } else if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary)) {
                    Ty::File
                } else {
                    Ty::String
                }
            }
            SchemaKind::Type(Type::Integer(_)) => Ty::Integer,
            SchemaKind::Type(Type::Number(_)) => Ty::Number,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Boolean,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let (item, _) = self.ty(items.into(), &format!("{name}Item"), &format!("{pointer}/items"))?;
                    Ty::List(Box::new(item))
                }
                None => Ty::List(Box::new(Ty::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                let mut members = Members::default();
                for (k, v) in &o.properties {
                    members.props.insert(k.as_str(), v.into());
                }
                members.required.extend(o.required.iter().map(String::as_str));
                self.object(
                    members,
                    o.additional_properties.as_ref(),
                    name,
                    exact_name,
                    doc,
                    pointer,
                )?
            }
            SchemaKind::AllOf { all_of } => {
                let branches: Vec<Node<'a>> = all_of.iter().map(Node::from).collect();
                if let [only] = branches.as_slice() {
                    let (ty, inner_nullable) = self.ty(*only, name, &format!("{pointer}/allOf/0"))?;
                    return Ok((ty, nullable || inner_nullable));
                }
                let mut members = Members::default();
                for (i, branch) in branches.iter().enumerate() {
                    self.gather(*branch, &mut members, &format!("{pointer}/allOf/{i}"), 0)?;
                }
                self.object(members, None, name, exact_name, doc, pointer)?
            }
            SchemaKind::OneOf { one_of } => {
                let (ty, n) = self.union(
                    one_of.iter().map(Node::from).collect(),
                    name,
                    exact_name,
                    doc,
                    pointer,
                    "oneOf",
                )?;
                return Ok((ty, nullable || n));
            }
            SchemaKind::AnyOf { any_of } => {
                let (ty, n) = self.union(
                    any_of.iter().map(Node::from).collect(),
                    name,
                    exact_name,
                    doc,
                    pointer,
                    "anyOf",
                )?;
                return Ok((ty, nullable || n));
            }
            SchemaKind::Not { .. } => Ty::Json,
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                    let mut members = Members::default();
                    for (k, v) in &any.properties {
                        members.props.insert(k.as_str(), v.into());
                    }
                    members.required.extend(any.required.iter().map(String::as_str));
                    self.object(
                        members,
                        any.additional_properties.as_ref(),
                        name,
                        exact_name,
                        doc,
                        pointer,
                    )?
                } else {
                    match any.typ.as_deref() {
                        Some("string") => Ty::String,
                        Some("integer") => Ty::Integer,
                        Some("number") => Ty::Number,
                        Some("boolean") => Ty::Boolean,
                        Some("array") => match &any.items {
                            Some(items) => {
                                Ty::List(Box::new(self.ty(items.into(), &format!("{name}Item"), pointer)?.0))
                            }
                            None => Ty::List(Box::new(Ty::Json)),
                        },
                        _ => Ty::Json,
                    }
                }
            }
        };
        Ok((ty, nullable))
    }

    fn name(&mut self, name: &str, exact: bool) -> String {
        if exact { name.to_owned() } else { self.claim_name(name) }
    }

    /// Collects the members of an `allOf` branch (following references and nested `allOf`).
    fn gather(&mut self, node: Node<'a>, members: &mut Members<'a>, pointer: &str, depth: usize) -> Result<()> {
        if depth > 32 {
            return Err(Error::at(pointer, "allOf nests too deeply (a reference cycle?)"));
        }
        let schema = match node {
            Node::Item(s) => s,
            Node::Ref(reference) => {
                let name = reference.strip_prefix(COMPONENT_PREFIX).unwrap_or(reference);
                match self.components.get(name) {
                    Some(ReferenceOr::Item(s)) => s,
                    Some(ReferenceOr::Reference { reference }) => {
                        return self.gather(Node::Ref(reference), members, pointer, depth + 1);
                    }
                    None => {
                        return Err(Error::at(
                            pointer,
                            format!("reference to a missing schema `{reference}`"),
                        ));
                    }
                }
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for (k, v) in &o.properties {
                    members.props.insert(k.as_str(), v.into());
                }
                members.required.extend(o.required.iter().map(String::as_str));
                members.any_object |= o.properties.is_empty();
            }
            SchemaKind::AllOf { all_of } => {
                for (i, b) in all_of.iter().enumerate() {
                    self.gather(b.into(), members, &format!("{pointer}/allOf/{i}"), depth + 1)?;
                }
            }
            SchemaKind::Any(any) => {
                for (k, v) in &any.properties {
                    members.props.insert(k.as_str(), v.into());
                }
                members.required.extend(any.required.iter().map(String::as_str));
            }
            // A `oneOf` inside `allOf` cannot be flattened into fields; its members stay
            // reachable through the surrounding object's unknown-field tolerance.
            _ => members.any_object = true,
        }
        Ok(())
    }

    fn object(
        &mut self,
        members: Members<'a>,
        additional: Option<&'a AdditionalProperties>,
        name: &str,
        exact_name: bool,
        doc: Option<String>,
        pointer: &str,
    ) -> Result<Ty> {
        if members.props.is_empty() {
            return Ok(match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let node: Node<'a> = match s.as_ref() {
                        ReferenceOr::Reference { reference } => Node::Ref(reference),
                        ReferenceOr::Item(s) => Node::Item(s),
                    };
                    let (ty, _) = self.ty(
                        node,
                        &format!("{name}Value"),
                        &format!("{pointer}/additionalProperties"),
                    )?;
                    if ty == Ty::Json {
                        Ty::JsonObject
                    } else {
                        Ty::Map(Box::new(ty))
                    }
                }
                _ => Ty::JsonObject,
            });
        }
        let type_name = self.name(name, exact_name);
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(members.props.len());
        for (wire, node) in members.props {
            let rust = field_names.claim(&snake(wire));
            let field_pointer = format!("{pointer}/properties/{}", pointer_token(wire));
            let (ty, nullable) = self.ty(node, &format!("{type_name}{}", pascal(wire)), &field_pointer)?;
            let doc = match node {
                Node::Item(s) => docs::describe(None, s.schema_data.description.as_deref()),
                Node::Ref(_) => None,
            };
            fields.push(Field {
                wire: wire.to_owned(),
                rust,
                ty,
                required: members.required.contains(wire),
                nullable,
                boxed: false,
                doc,
            });
        }
        self.types.insert(
            type_name.clone(),
            TypeDef {
                name: type_name.clone(),
                doc,
                origin: pointer.to_owned(),
                kind: TypeKind::Struct(fields),
            },
        );
        Ok(Ty::Named(type_name))
    }

    fn enum_type(&mut self, name: &str, values: &[&str], doc: Option<String>, pointer: &str) {
        let mut variants = Namespace::with_reserved(&["Unknown"]);
        let values = values
            .iter()
            .map(|v| {
                // `Unknown` is the fallback variant; a real value spelled so gets a suffix word.
                let wanted = match pascal(v) {
                    p if p == "Unknown" => "UnknownValue".to_owned(),
                    p => p,
                };
                EnumValue {
                    wire: (*v).to_owned(),
                    variant: variants.claim(&wanted),
                }
            })
            .collect();
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                doc,
                origin: pointer.to_owned(),
                kind: TypeKind::Enum(values),
            },
        );
    }

    /// `oneOf`/`anyOf`: string-like branches merge into one (an enum of all their values, or
    /// `String` when any branch is free text); one remaining branch is used directly.
    fn union(
        &mut self,
        branches: Vec<Node<'a>>,
        name: &str,
        exact_name: bool,
        doc: Option<String>,
        pointer: &str,
        keyword: &str,
    ) -> Result<(Ty, bool)> {
        let type_name = if exact_name {
            name.to_owned()
        } else {
            self.claim_name(name)
        };
        let mut nullable = false;
        let mut tys: Vec<Ty> = Vec::new();
        let mut string_values: Vec<String> = Vec::new();
        let mut free_string = false;
        let mut saw_string = false;
        for (i, branch) in branches.iter().enumerate() {
            let hint = match branch {
                Node::Item(s) => s
                    .schema_data
                    .title
                    .as_deref()
                    .map(|t| format!("{type_name}{}", pascal(t))),
                Node::Ref(_) => None,
            }
            .unwrap_or_else(|| format!("{type_name}{}", i + 1));
            let (ty, n) = self.ty(*branch, &hint, &format!("{pointer}/{keyword}/{i}"))?;
            nullable |= n;
            match &ty {
                Ty::String => {
                    saw_string = true;
                    free_string = true;
                }
                Ty::Named(n) if matches!(self.types.get(n).map(|t| &t.kind), Some(TypeKind::Enum(_))) => {
                    saw_string = true;
                    if let Some(TypeKind::Enum(values)) = self.types.get(n).map(|t| &t.kind) {
                        for v in values {
                            if !string_values.contains(&v.wire) {
                                string_values.push(v.wire.clone());
                            }
                        }
                    }
                }
                _ => {
                    if !tys.contains(&ty) {
                        tys.push(ty);
                    }
                }
            }
        }
        if saw_string {
            let string_ty = if free_string || string_values.is_empty() {
                Ty::String
            } else if tys.is_empty() {
                // Only enums: the union itself is the merged enum.
                let values: Vec<&str> = string_values.iter().map(String::as_str).collect();
                self.enum_type(&type_name, &values, doc, pointer);
                return Ok((Ty::Named(type_name), nullable));
            } else {
                let enum_name = self.claim_name(&format!("{type_name}String"));
                let values: Vec<&str> = string_values.iter().map(String::as_str).collect();
                self.enum_type(&enum_name, &values, None, pointer);
                Ty::Named(enum_name)
            };
            tys.insert(0, string_ty);
        }
        // Catch-all shapes go last so specific ones get a chance; integers before numbers.
        tys.sort_by_key(|t| match t {
            Ty::Integer => 1,
            Ty::Number => 2,
            Ty::Map(_) => 3,
            Ty::JsonObject => 4,
            Ty::Json => 5,
            _ => 0,
        });
        if tys.len() == 1 {
            return Ok((tys.pop().expect("one element"), nullable));
        }
        if tys.is_empty() {
            return Ok((Ty::Json, nullable));
        }
        let mut variant_names = Namespace::default();
        let variants = tys
            .into_iter()
            .map(|ty| {
                let wanted = variant_name(&type_name, &ty);
                Variant {
                    name: variant_names.claim(&wanted),
                    ty,
                    boxed: false,
                }
            })
            .collect();
        self.types.insert(
            type_name.clone(),
            TypeDef {
                name: type_name.clone(),
                doc,
                origin: pointer.to_owned(),
                kind: TypeKind::Union(variants),
            },
        );
        Ok((Ty::Named(type_name), nullable))
    }
}

/// A variant name that says what the branch is: the branch type's name without the words it
/// shares with the union's name (`AculClientFilterById` in `AculClientFilter` → `ById`,
/// `ListUsersOffsetPaginatedResponseContent` in `ListUsersResponseContent` →
/// `OffsetPaginatedResponseContent`).
fn variant_name(union: &str, ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => strip_shared_words(union, n),
        Ty::String => "String".into(),
        Ty::Integer => "Integer".into(),
        Ty::Number => "Number".into(),
        Ty::Boolean => "Boolean".into(),
        Ty::Json => "Value".into(),
        Ty::JsonObject => "Object".into(),
        Ty::File => "File".into(),
        Ty::Runtime(n) => n.clone(),
        Ty::List(_) => "List".into(),
        Ty::Map(_) => "Map".into(),
    }
}

fn strip_shared_words(union: &str, name: &str) -> String {
    let shared = union.bytes().zip(name.bytes()).take_while(|(a, b)| a == b).count();
    // Back up to the start of a word so no word is cut in half.
    let cut = (1..=shared.min(name.len().saturating_sub(1)))
        .rev()
        .find(|&i| {
            name.as_bytes()[i].is_ascii_uppercase()
                && (i == union.len() || union.as_bytes().get(i).is_some_and(|b| b.is_ascii_uppercase()))
        })
        .unwrap_or(0);
    let rest = &name[cut..];
    if rest.is_empty() || cut == 0 {
        name.to_owned()
    } else {
        rest.to_owned()
    }
}
