//! Synthetic OpenAPI 3.0 documents of any size, the same bytes every time.
//!
//! Each has as many operations as schemas. Operation `i` is a GET (even `i`)
//! or a POST with a JSON body (odd `i`) on its own path, with a path and a
//! query parameter, answering 200 with `Resource{i}`. The schemas reference
//! each other as a tree (`parent` points at a lower index), so there are no
//! cycles and every generator can take the document unchanged. Only 200
//! responses: progenitor refuses some mixes of `default` and typed responses.

use std::fmt::Write;

/// The YAML text of a document with `operations` operations and as many schemas.
pub fn spec(operations: usize) -> String {
    let mut yaml = String::with_capacity(operations * 1200);
    yaml.push_str(&format!(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic API\n  version: 1.0.0\n  description: \
         Synthetic benchmark document with {operations} operations and as many schemas.\nservers:\n  - url: \
         http://localhost/v1\npaths:\n"
    ));
    for index in 0..operations {
        write_operation(&mut yaml, index);
    }
    yaml.push_str("components:\n  schemas:\n");
    for index in 0..operations {
        write_schema(&mut yaml, index);
    }
    yaml
}

fn write_operation(yaml: &mut String, index: usize) {
    let (method, verb) = if index.is_multiple_of(2) { ("get", "get") } else { ("post", "create") };
    // `write!` into a String cannot fail.
    let _ = write!(
        yaml,
        "  /group{group}/resource{index}/{{id}}:
    {method}:
      operationId: {verb}Resource{index}
      summary: Operation number {index}
      parameters:
        - name: id
          in: path
          required: true
          description: Identifier of the resource.
          schema:
            type: string
        - name: limit
          in: query
          required: false
          description: Largest number of items to return.
          schema:
            type: integer
            format: int32
",
        group = index / 100,
    );
    if method == "post" {
        let _ = write!(
            yaml,
            "      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Resource{index}'
"
        );
    }
    let _ = write!(
        yaml,
        "      responses:
        '200':
          description: The resource.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Resource{index}'
"
    );
}

fn write_schema(yaml: &mut String, index: usize) {
    let _ = write!(
        yaml,
        "    Resource{index}:
      type: object
      description: Resource number {index}.
      required: [id, name]
      properties:
        id:
          type: string
          description: Identifier.
        name:
          type: string
          description: Display name.
        count:
          type: integer
          format: int64
          description: How many there are.
        ratio:
          type: number
          format: double
          description: A fraction.
        enabled:
          type: boolean
          description: Whether it is on.
        tags:
          type: array
          description: Labels.
          items:
            type: string
        created:
          type: string
          format: date-time
          description: When it was made.
"
    );
    if index > 0 {
        let _ = write!(
            yaml,
            "        parent:
          $ref: '#/components/schemas/Resource{parent}'
",
            parent = index / 2
        );
    }
}

#[cfg(test)]
mod tests {
    use super::spec;

    #[test]
    fn has_as_many_operations_as_schemas_and_is_deterministic() {
        let text = spec(7);
        assert_eq!(text.matches("operationId:").count(), 7);
        assert_eq!(text.matches("\n    Resource").count(), 7);
        assert_eq!(text, spec(7));
    }

    #[test]
    fn our_generator_takes_it() {
        let api =
            generator::load::parse("synthetic.yaml", &spec(10), false).map_err(|error| error.to_string());
        let options = generator::Options {
            spec: "synthetic.yaml".into(),
            spec_label: "synthetic.yaml".to_owned(),
            package_name: None,
            examples: None,
            standalone: true,
        };
        let generated =
            api.and_then(|api| generator::generate_from(&api, &options).map_err(|error| error.to_string()));
        assert!(generated.is_ok(), "{:?}", generated.err());
    }

    #[test]
    fn every_reference_resolves() {
        let text = spec(10);
        for reference in text.split("$ref: '#/components/schemas/").skip(1) {
            let name = reference.split('\'').next().unwrap_or_default();
            assert!(text.contains(&format!("\n    {name}:\n")), "{name} is not defined");
        }
    }
}
