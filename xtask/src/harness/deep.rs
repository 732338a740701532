//! A spec whose models nest far deeper than rustc's checks go: a chain of
//! objects, each holding the next one directly, in a list and in a map, and
//! lists of lists. Its crate must build as any other (no raised
//! `recursion_limit`), and the example of its README, type-checked in the
//! `readme-examples` crate (which keeps rustc's default limit, as users'
//! crates do), receives and drops a value of the chain's first object. The
//! request body's example, 40 objects deep, goes through the generated
//! types and back unchanged (the examples test): where the chain is cut,
//! the rest travels as JSON.

use serde_json::{json, Map, Value};

/// How many objects the chain has: far past the 128 steps of rustc's
/// default limit, whichever way each one holds the next.
const LEVELS: usize = 150;

/// How deep the request body's example goes.
const EXAMPLE_LEVELS: usize = 40;

/// The spec: an operation that returns the chain's first object, and one
/// that sends it.
pub fn spec() -> Result<String, String> {
    let mut schemas = Map::new();
    for level in 0..LEVELS {
        let next = json!({"$ref": format!("#/components/schemas/Level{}", level + 1)});
        let mut properties = json!({"name": {"type": "string"}});
        if level + 1 < LEVELS {
            // Each way of holding the next object: directly, in a list, in a map.
            properties["next"] = match level % 3 {
                0 => next,
                1 => json!({"type": "array", "items": next}),
                _ => json!({"type": "object", "additionalProperties": next}),
            };
        } else {
            let mut grid = json!({"type": "number"});
            for _ in 0..30 {
                grid = json!({"type": "array", "items": grid});
            }
            properties["grid"] = grid;
        }
        schemas.insert(format!("Level{level}"), json!({"type": "object", "properties": properties}));
    }
    let mut example = json!({"name": "last"});
    for level in (0..EXAMPLE_LEVELS).rev() {
        let next = match level % 3 {
            0 => example,
            1 => json!([example]),
            _ => json!({"key": example}),
        };
        example = json!({"name": format!("level {level}"), "next": next});
    }
    let first = json!({"$ref": "#/components/schemas/Level0"});
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "Deep Nesting", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/levels": {
                "get": {
                    "operationId": "getLevels",
                    "responses": {"200": {"description": "The first level.", "content": {"application/json": {
                        "schema": first
                    }}}}
                },
                "put": {
                    "operationId": "putLevels",
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": first, "example": example
                    }}},
                    "responses": {"204": {"description": "Stored."}}
                }
            }
        },
        "components": {"schemas": Value::Object(schemas)}
    });
    serde_json::to_string_pretty(&document).map_err(|error| format!("the deep spec: {error}"))
}
