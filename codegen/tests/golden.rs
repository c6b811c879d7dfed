//! Golden tests: a small hand-written spec exercising every construct the generator handles,
//! and the exact code it must produce. Run with `UPDATE_GOLDEN=1` to accept new output after
//! reviewing the diff.

use std::path::{Path, PathBuf};

use auth0_codegen::config::{DocConfig, Pin, SpecConfig};
use auth0_codegen::model::ir::{BodyEncoding, PagingKind, ResponseKind, Ty, TypeKind};

fn fixture_config() -> (SpecConfig, DocConfig, Pin) {
    let config: DocConfig = toml::from_str(
        r#"
        output = "out"
        module = "out"
        client = "crate::runtime::ManagementClient"
        feature_prefix = ""
        all_features = "everything"
        runtime_headers = ["auth0-custom-domain"]
        [custom_domain]
        paths = ["/widgets", "/widgets/{id}"]
        [pagination]
        offset_params = ["page", "per_page"]
        checkpoint_params = ["from", "take"]
        [pagination.operations.get_widgets]
        result_cap = 1000
        "#,
    )
    .unwrap();
    let pin = Pin {
        name: "fixture".into(),
        file: "constructs.json".into(),
        upstream_path: "x".into(),
        commit: "0".into(),
        date: String::new(),
        sha256: "0".repeat(64),
    };
    let spec = SpecConfig {
        dir: PathBuf::from("."),
        pins: auth0_codegen::config::Pins {
            documents: vec![pin.clone()],
        },
        docs: vec![(pin.clone(), config.clone())],
        legacy: None,
    };
    (spec, config, pin)
}

fn fixture() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/constructs.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn fixture_model_makes_the_expected_decisions() {
    let (spec, config, _) = fixture_config();
    let (api, _) = auth0_codegen::build_api_from_value(&spec, "fixture", &config, fixture()).unwrap();
    let op = |id: &str| api.operations.iter().find(|o| o.id == id).unwrap();

    // Groups and names from the extensions; a nested group.
    assert_eq!(op("get_widget_parts").group, ["widgets", "parts"]);
    assert_eq!(op("get_widgets").name, "list");
    // Pagination kinds, item field and the configured cap.
    let p = op("get_widgets").pagination.clone().unwrap();
    assert_eq!(
        (p.kind, p.items_field.as_str(), p.result_cap),
        (PagingKind::Offset, "widgets", Some(1000))
    );
    assert_eq!(p.item, Ty::Named("Widget".into()));
    let p = op("get_widget_parts").pagination.clone().unwrap();
    assert_eq!((p.kind, p.items_field.as_str()), (PagingKind::Checkpoint, "parts"));
    // A parameter named like one of `runtime::Request`'s own methods gets another setter name.
    let timeout = op("get_widget_parts")
        .query_params
        .iter()
        .find(|q| q.wire == "timeout")
        .unwrap();
    assert_eq!(timeout.rust, "timeout2");
    // JSON preferred over form; bodies with required fields are required; multipart; raw XML.
    let body = op("post_widgets").body.clone().unwrap();
    assert_eq!((body.encoding, body.required), (BodyEncoding::Json, true));
    assert_eq!(
        op("post_imports").body.clone().unwrap().encoding,
        BodyEncoding::Multipart
    );
    assert_eq!(
        op("samlLogout").body.clone().unwrap().encoding,
        BodyEncoding::Raw("application/xml".into())
    );
    assert_eq!(op("samlLogout").response, ResponseKind::Text);
    assert_eq!(op("delete_widgets_by_id").response, ResponseKind::Empty);
    // The runtime handles the custom-domain header; the generator marks the operation.
    assert!(op("post_widgets").header_params.is_empty());
    assert!(op("post_widgets").custom_domain);
    assert!(op("patch_widgets_by_id").custom_domain);
    assert!(!op("get_widget_parts").custom_domain);
    // Unreachable schemas are not emitted.
    assert!(!api.types.contains_key("Unused"));
    // String-enum branches of a union merge into one enum variant; variant names are meaningful.
    let TypeKind::Union(variants) = &api.types["Shape"].kind else {
        panic!("Shape is a union")
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["String", "Circle", "Square"]);
    // Recursion is boxed only where it is direct.
    let TypeKind::Struct(fields) = &api.types["Widget"].kind else {
        panic!("Widget is a struct")
    };
    let field = |n: &str| fields.iter().find(|f| f.wire == n).unwrap();
    assert!(field("parent").boxed);
    assert!(!field("children").boxed);
    // Nullability survives 3.1 → 3.0, including `oneOf [$ref, null]`.
    assert!(field("type").nullable && field("label").nullable);
    assert_eq!(field("type").rust, "r#type");
    assert_eq!(field("self").rust, "self_");
    // allOf merges members, required included.
    let TypeKind::Struct(fields) = &api.types["CreateWidget"].kind else {
        panic!("CreateWidget is a struct")
    };
    assert!(fields.iter().any(|f| f.wire == "kind") && fields.iter().any(|f| f.wire == "name" && f.required));
    // A schema repeated under another name becomes an alias of the first definition.
    assert_eq!(
        api.types["ShapeCircle"].kind,
        TypeKind::Alias("GetWidgetCircleResponse".into())
    );
    // Request types are marked (they get `Nullable` fields).
    assert!(api.request_types.contains("UpdateWidget"));
}

#[test]
fn fixture_output_matches_golden_files() {
    let (spec, config, pin) = fixture_config();
    let (api, _) = auth0_codegen::build_api_from_value(&spec, "fixture", &config, fixture()).unwrap();
    let emitted = auth0_codegen::emit::emit(&api, &pin, &config).unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for file in &emitted.files {
        let name = file
            .path
            .strip_prefix("out")
            .unwrap()
            .to_string_lossy()
            .replace('/', "__");
        let path = golden.join(name);
        if update {
            std::fs::write(&path, &file.contents).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            mismatches.push(path.display().to_string());
        }
    }
    assert!(
        mismatches.is_empty(),
        "generated code differs from the golden files (UPDATE_GOLDEN=1 to accept): {mismatches:?}"
    );
}

#[test]
fn generation_is_deterministic() {
    let (spec, config, pin) = fixture_config();
    let run = || {
        let (api, _) = auth0_codegen::build_api_from_value(&spec, "fixture", &config, fixture()).unwrap();
        auth0_codegen::emit::emit(&api, &pin, &config).unwrap().files
    };
    assert_eq!(run(), run());
}

#[test]
fn legacy_table_warns_about_gone_operations_and_lists_unmapped_ones() {
    let (spec, config, pin) = fixture_config();
    let (api, _) = auth0_codegen::build_api_from_value(&spec, "fixture", &config, fixture()).unwrap();
    let table: auth0_codegen::config::LegacyTable = toml::from_str(
        r#"
        document = "fixture"
        output = "out/legacy"
        [managers.widgets]
        getAll = { op = "get_widgets", http = "GET /widgets", request = "GetWidgetsRequest", query = ["page", "per_page", "color"], optional = true }
        update = { op = "patch_widgets_by_id", http = "PATCH /widgets/{id}", request = "PatchWidgetRequest", path = ["id"], body = true }
        explode = { op = "post_explode", http = "POST /explode", body = true }
        [managers.gizmos]
        getAll = { removed = "gone upstream", http = "GET /gizmos" }
        "#,
    )
    .unwrap();
    let out = auth0_codegen::emit::legacy::emit(&table, &api, &pin, "// @generated\n").unwrap();
    assert_eq!(out.methods, 2);
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("`widgets.explode`") && w.contains("post_explode")),
        "{:?}",
        out.warnings
    );
    // A v4 query parameter the spec lost is kept as text (a note), never silently dropped.
    assert!(out.notes.iter().any(|n| n.contains("`color`")), "{:?}", out.notes);
    // Every operation no v4 method calls is listed.
    let unmapped = out
        .notes
        .iter()
        .find(|n| n.contains("no v4 method"))
        .expect("unmapped list");
    assert!(
        unmapped.contains("post_widgets") && !unmapped.contains("get_widgets,"),
        "{unmapped}"
    );
    let widgets = out.files.iter().find(|f| f.path.ends_with("widgets.rs")).unwrap();
    assert!(widgets.contents.contains("pub async fn get_all("));
    assert!(widgets.contents.contains("pub struct GetWidgetsRequest"));
    assert!(widgets.contents.contains("call.query(\"color\", &params.color);"));
    let gizmos = out.files.iter().find(|f| f.path.ends_with("gizmos.rs")).unwrap();
    assert!(gizmos.contents.contains("gone upstream"));
}
