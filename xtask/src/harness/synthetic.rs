//! A deterministic writer of large OpenAPI 3.0 documents shaped like real
//! service APIs: many resources, each with the usual CRUD operations and a
//! handful of related schemas.
//!
//! Each resource brings 8 schemas and 8 operations, so `resources: 250`
//! gives 2,000 of each (plus the shared `Error` schema). The variety is what
//! a generator has to get right at scale: `$ref`s between resources (which
//! form cycles, so some fields must be boxed), arrays, string enums with
//! dashes, `allOf`, `oneOf`, maps, nullable and optional fields, date-times,
//! path, query and header parameters, request bodies, and 201/204/error
//! responses.

use serde_json::{json, Map, Value};

/// Nouns real APIs are made of; resources cycle through them, numbered on
/// later rounds (`Invoice`, then `Invoice2`, ...).
const NOUNS: &[&str] = &[
    "Account",
    "Album",
    "Alert",
    "Asset",
    "Booking",
    "Budget",
    "Campaign",
    "Certificate",
    "Cluster",
    "Comment",
    "Contract",
    "Coupon",
    "Dataset",
    "Deployment",
    "Device",
    "Document",
    "Domain",
    "Experiment",
    "Invoice",
    "Job",
    "Ledger",
    "License",
    "Message",
    "Model",
    "Notebook",
    "Order",
    "Payment",
    "Pipeline",
    "Policy",
    "Product",
    "Project",
    "Queue",
    "Release",
    "Report",
    "Review",
    "Route",
    "Schedule",
    "Secret",
    "Shipment",
    "Snapshot",
    "Subscription",
    "Survey",
    "Team",
    "Template",
    "Ticket",
    "Token",
    "Vehicle",
    "Volume",
    "Warehouse",
    "Webhook",
];

/// Status values; each resource takes a different slice, some with dashes.
const STATUSES: &[&str] =
    &["active", "in-progress", "archived", "pending-review", "failed", "on-hold", "completed", "draft"];

/// How many schemas and operations each resource contributes.
pub const PER_RESOURCE: usize = 8;

/// 250 resources of 8 operations and 8 schemas each: the spec of the
/// `scale` crate.
const SCALE_RESOURCES: usize = 250;

/// The operations of the `scale` crate's spec.
pub const SCALE_OPERATIONS: usize = SCALE_RESOURCES * PER_RESOURCE;

/// The `scale` crate's spec.
pub fn spec() -> Result<String, String> {
    Ok(Synthetic { resources: SCALE_RESOURCES }.to_json())
}

/// A synthetic API of `resources` resources.
pub struct Synthetic {
    pub resources: usize,
}

/// One resource's names.
struct Resource {
    /// Schema name prefix, `Invoice2`.
    name: String,
    /// Path segment, `invoices2`.
    segment: String,
    /// Snake-case stem for parameters and operation ids, `invoice2`.
    snake: String,
}

impl Synthetic {
    fn resource(&self, index: usize) -> Resource {
        let noun = NOUNS[index % NOUNS.len()];
        let round = index / NOUNS.len();
        let suffix = if round == 0 { String::new() } else { (round + 1).to_string() };
        let snake = noun.to_lowercase();
        Resource {
            name: format!("{noun}{suffix}"),
            segment: format!("{snake}s{suffix}"),
            snake: format!("{snake}{suffix}"),
        }
    }

    /// The document, as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        let mut schemas = Map::new();
        let mut paths = Map::new();
        for index in 0..self.resources {
            self.add_schemas(index, &mut schemas);
            self.add_paths(index, &mut paths);
        }
        schemas.insert(
            "Error".to_owned(),
            json!({
                "type": "object",
                "description": "What went wrong.",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "description": "Machine-readable error code."},
                    "message": {"type": "string", "description": "Explanation for people."},
                    "details": {
                        "type": "array",
                        "description": "Field-level problems.",
                        "items": {"type": "object", "additionalProperties": {"type": "string"}}
                    }
                }
            }),
        );
        let document = json!({
            "openapi": "3.0.3",
            "info": {
                "title": "Synthetic Platform",
                "description": "A large synthetic API for scale tests.",
                "version": "1.0.0"
            },
            "servers": [{"url": "https://api.example.com/v1"}],
            "security": [{"bearer": []}],
            "paths": paths,
            "components": {
                "schemas": schemas,
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
            }
        });
        serde_json::to_string_pretty(&document).expect("JSON values serialize")
    }

    fn add_schemas(&self, index: usize, schemas: &mut Map<String, Value>) {
        let Resource { name, snake, .. } = self.resource(index);
        // Each resource points at two others, so references cross the whole
        // document and form cycles.
        let owner = self.resource((index * 7 + 1) % self.resources).name;
        let related = self.resource((index * 13 + 5) % self.resources).name;
        let statuses: Vec<&str> =
            (0..3 + index % 4).map(|k| STATUSES[(index + k) % STATUSES.len()]).collect();
        let reference = |schema: &str| json!({"$ref": format!("#/components/schemas/{schema}")});

        schemas.insert(
            name.clone(),
            json!({
                "type": "object",
                "description": format!("A {snake} as the service stores it."),
                "required": ["id", "name", "status", "created_at"],
                "properties": {
                    "id": {"type": "string", "description": "Unique identifier.", "readOnly": true},
                    "name": {"type": "string", "description": "Display name.", "maxLength": 200},
                    "status": reference(&format!("{name}Status")),
                    "created_at": {"type": "string", "format": "date-time", "description": "When it was created."},
                    "tags": {"type": "array", "items": {"type": "string"}, "description": "Free-form tags."},
                    "owner": reference(&owner),
                    "related": {"type": "array", "items": reference(&related), "description": "Linked records."},
                    "settings": reference(&format!("{name}Settings")),
                    "items": {"type": "array", "items": reference(&format!("{name}Item"))},
                    "labels": {
                        "type": "object",
                        "description": "Labels by key.",
                        "additionalProperties": {"type": "string"}
                    },
                    "priority": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 10},
                    "score": {"type": "number", "format": "double", "nullable": true},
                    "parent_id": {"type": "string", "nullable": true, "description": "The parent, if any."}
                }
            }),
        );
        schemas.insert(
            format!("{name}Status"),
            json!({"type": "string", "description": format!("Lifecycle of a {snake}."), "enum": statuses}),
        );
        schemas.insert(
            format!("{name}Settings"),
            json!({
                "type": "object",
                "description": format!("Settings of a {snake}."),
                "properties": {
                    "enabled": {"type": "boolean", "default": true},
                    "retention_days": {"type": "integer", "format": "int64", "minimum": 0},
                    "notify": {
                        "type": "object",
                        "description": "Who hears about changes.",
                        "properties": {
                            "email": {"type": "boolean"},
                            "webhook_url": {"type": "string", "format": "uri"}
                        }
                    },
                    "mode": {"type": "string", "enum": ["fast", "safe", "dry-run"]}
                }
            }),
        );
        schemas.insert(
            format!("{name}Item"),
            json!({
                "description": format!("A line of a {snake}."),
                "allOf": [
                    reference(&format!("{name}Note")),
                    {
                        "type": "object",
                        "required": ["sku"],
                        "properties": {
                            "sku": {"type": "string"},
                            "quantity": {"type": "integer", "format": "int32", "default": 1},
                            "unit_price": {"type": "number", "format": "double"}
                        }
                    }
                ]
            }),
        );
        schemas.insert(
            format!("{name}List"),
            json!({
                "type": "object",
                "description": format!("One page of {snake} records."),
                "required": ["data"],
                "properties": {
                    "data": {"type": "array", "items": reference(&name)},
                    "next_cursor": {"type": "string", "nullable": true},
                    "total": {"type": "integer", "format": "int64"}
                }
            }),
        );
        schemas.insert(
            format!("{name}Create"),
            json!({
                "type": "object",
                "description": format!("What it takes to create a {snake}."),
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "settings": reference(&format!("{name}Settings")),
                    "status": reference(&format!("{name}Status"))
                }
            }),
        );
        schemas.insert(
            format!("{name}Update"),
            json!({
                "type": "object",
                "description": format!("Changes to a {snake}; absent fields stay as they are."),
                "properties": {
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "status": reference(&format!("{name}Status")),
                    "metadata": {"type": "object", "additionalProperties": true}
                }
            }),
        );
        schemas.insert(
            format!("{name}Note"),
            json!({
                "type": "object",
                "description": format!("A remark on a {snake}."),
                "properties": {
                    "author": {"type": "string"},
                    "text": {"type": "string"},
                    "written_at": {"type": "string", "format": "date-time"},
                    "format": {"type": "string", "enum": ["plain", "markdown"]}
                }
            }),
        );
    }

    fn add_paths(&self, index: usize, paths: &mut Map<String, Value>) {
        let Resource { name, segment, snake } = self.resource(index);
        let reference = |schema: &str| json!({"$ref": format!("#/components/schemas/{schema}")});
        let json_body = |schema: Value| json!({"content": {"application/json": {"schema": schema}}});
        let error = json!({"description": "An error.", "content": {"application/json": {"schema": reference("Error")}}});
        let id_param = json!({
            "name": format!("{snake}_id"),
            "in": "path",
            "required": true,
            "description": "The record's identifier.",
            "schema": {"type": "string"}
        });
        let query = |name: &str, schema: Value| json!({"name": name, "in": "query", "schema": schema});

        paths.insert(
            format!("/{segment}"),
            json!({
                "get": {
                    "operationId": format!("list_{snake}s"),
                    "summary": format!("List {snake} records, newest first."),
                    "parameters": [
                        query("limit", json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 100})),
                        query("cursor", json!({"type": "string"})),
                        query("status", reference(&format!("{name}Status"))),
                        {"name": "tag", "in": "query", "style": "form", "explode": true,
                         "schema": {"type": "array", "items": {"type": "string"}}}
                    ],
                    "responses": {
                        "200": {"description": "A page.", "content": {"application/json": {"schema": reference(&format!("{name}List"))}}},
                        "default": error.clone()
                    }
                },
                "post": {
                    "operationId": format!("create_{snake}"),
                    "summary": format!("Create a {snake}."),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": reference(&format!("{name}Create"))}}},
                    "responses": {
                        "201": {"description": "Created.", "content": {"application/json": {"schema": reference(&name)}}},
                        "422": error.clone()
                    }
                }
            }),
        );
        paths.insert(
            format!("/{segment}/{{{snake}_id}}"),
            json!({
                "parameters": [id_param.clone()],
                "get": {
                    "operationId": format!("get_{snake}"),
                    "responses": {
                        "200": {"description": "The record.", "content": {"application/json": {"schema": reference(&name)}}},
                        "404": error.clone()
                    }
                },
                "patch": {
                    "operationId": format!("update_{snake}"),
                    "requestBody": json_body(reference(&format!("{name}Update"))),
                    "responses": {
                        "200": {"description": "The updated record.", "content": {"application/json": {"schema": reference(&name)}}},
                        "default": error.clone()
                    }
                },
                "delete": {
                    "operationId": format!("delete_{snake}"),
                    "parameters": [{"name": "If-Match", "in": "header", "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "Deleted."}, "default": error.clone()}
                }
            }),
        );
        paths.insert(
            format!("/{segment}/{{{snake}_id}}/items"),
            json!({
                "get": {
                    "operationId": format!("list_{snake}_items"),
                    "parameters": [
                        id_param.clone(),
                        query("page", json!({"type": "integer", "format": "int32", "default": 1})),
                        query("per_page", json!({"type": "integer", "format": "int32", "default": 30}))
                    ],
                    "responses": {
                        "200": {"description": "The items.", "content": {"application/json": {"schema": {"type": "array", "items": reference(&format!("{name}Item"))}}}},
                        "default": error.clone()
                    }
                }
            }),
        );
        paths.insert(
            format!("/{segment}/{{{snake}_id}}/items/{{item_id}}"),
            json!({
                "put": {
                    "operationId": format!("put_{snake}_item"),
                    "parameters": [
                        id_param.clone(),
                        {"name": "item_id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}},
                        {"name": "X-Request-Id", "in": "header", "required": true, "schema": {"type": "string", "format": "uuid"}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": reference(&format!("{name}Item"))}}},
                    "responses": {
                        "200": {"description": "The stored item.", "content": {"application/json": {"schema": reference(&format!("{name}Item"))}}},
                        "default": error.clone()
                    }
                }
            }),
        );
        paths.insert(
            format!("/{segment}/{{{snake}_id}}/events"),
            json!({
                "get": {
                    "operationId": format!("list_{snake}_events"),
                    "parameters": [id_param, query("since", json!({"type": "string", "format": "date-time"}))],
                    "responses": {
                        "200": {
                            "description": "Changes to the record and remarks on it, oldest first.",
                            "content": {"application/json": {"schema": {
                                "type": "array",
                                "items": {"oneOf": [reference(&name), reference(&format!("{name}Note"))]}
                            }}}
                        },
                        "default": error
                    }
                }
            }),
        );
    }
}
