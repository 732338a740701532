//! `src/requests.rs`: the operations. Each is a `Client` method, a struct of
//! its parameters that implements the runtime's `Operation` (how its request
//! is written, how its response is read), and setters for its optional
//! parameters on the runtime's `Request` of it. Everything else about a call
//! is the runtime's, written once.

use super::code::{string, Code, Expr, Link};
use crate::ir::{
    Api, BodyEncoding, FormEncoding, ListLayout, Operation, OutcomeBody, Outcomes, Param, ParamLocation,
    SuccessBody, TypeRef,
};
use crate::markdown;
use crate::rust_type::{self, Scope};

pub fn text(api: &Api, header: &str) -> String {
    let mut code = Code::new(header);
    code.gap();
    // An API may have no operations (an OpenAPI 3.1 document of webhooks only): then nothing
    // here uses `Client` but the docs' link.
    let has_operations = !api.operations.is_empty();
    let client_link = if has_operations { "[`Client`]" } else { "[`Client`](crate::Client)" };
    code.module_docs(&format!(
        "The operations. Each {client_link} method returns a [`Request`] of the operation's \
         parameters: set its optional parameters and options, then `.await` it (or call `send`, \
         or `send_with_response` for the status and headers too)."
    ));
    code.gap();
    if has_operations {
        code.line("use reqwest::Method;");
        code.gap();
        code.line("use crate::Client;");
    }
    if api.operations_mention_models() {
        code.line("use crate::models;");
    }
    code.gap();
    let mut exports = vec![
        "Endpoint",
        "Operation",
        "ParamValues",
        "Parts",
        "Reader",
        "Request",
        "Response",
        "ResponseFuture",
        "ToParam",
    ];
    if api.operations.iter().any(|operation| operation.form.is_some()) {
        exports.push("Form");
        exports.sort_unstable();
    }
    code.use_list("pub use crate::runtime::", &exports);
    if has_operations {
        code.gap();
        code.open("impl Client");
        for (index, operation) in api.operations.iter().enumerate() {
            if index > 0 {
                code.gap();
            }
            client_method(&mut code, operation);
        }
        code.close("");
    }
    for operation in &api.operations {
        code.gap();
        operation_items(&mut code, operation);
    }
    code.finish()
}

/// Arguments of the `Client` method: required parameters, then a required body.
fn arguments(operation: &Operation) -> Vec<Value<'_>> {
    let params = operation.params.iter().filter(|param| param.required).map(Value::param);
    params.chain(operation.body.iter().filter(|body| body.required).map(Value::body)).collect()
}

/// Optional parameters and an optional body: setters, and `None` at first.
fn optionals(operation: &Operation) -> Vec<Value<'_>> {
    let params = operation.params.iter().filter(|param| !param.required).map(Value::param);
    params.chain(operation.body.iter().filter(|body| !body.required).map(Value::body)).collect()
}

/// A parameter or body as the caller passes it.
pub(super) struct Value<'a> {
    pub(super) name: &'a str,
    pub(super) ty: &'a TypeRef,
    docs: &'a str,
    /// Anything that converts into the type is taken (a union, whose members convert into it).
    into: bool,
}

impl<'a> Value<'a> {
    pub(super) fn param(param: &'a Param) -> Self {
        Value { name: &param.rust_name, ty: &param.ty, docs: &param.docs, into: param.into }
    }

    fn body(body: &'a crate::ir::Body) -> Self {
        Value { name: &body.rust_name, ty: &body.ty, docs: &body.docs, into: false }
    }

    /// The argument's type and how the stored value is made from it: strings, bytes, lists and
    /// unions of scalars take anything that converts.
    pub(super) fn argument(&self) -> (String, String) {
        let name = self.name;
        match self.ty {
            _ if self.into => {
                (format!("impl Into<{}>", rust_type::name(self.ty, Scope::Outside)), format!("{name}.into()"))
            }
            TypeRef::String => ("impl Into<String>".to_owned(), format!("{name}.into()")),
            TypeRef::Bytes => ("impl Into<bytes::Bytes>".to_owned(), format!("{name}.into()")),
            other => (rust_type::name(other, Scope::Outside), name.to_owned()),
        }
    }
}

fn client_method(code: &mut Code, operation: &Operation) {
    code.docs(&method_docs(operation), String::new);
    if operation.deprecated {
        code.line("#[deprecated]");
    }
    let mut params = vec!["&self".to_owned()];
    let mut fields = Vec::new();
    for value in arguments(operation) {
        let (argument, stored) = value.argument();
        params.push(format!("{}: {argument}", value.name));
        fields.push((value.name.to_owned(), Expr::atom(stored)));
    }
    for value in optionals(operation) {
        fields.push((value.name.to_owned(), Expr::atom("None")));
    }
    let head = format!("pub fn {}", operation.method_name);
    code.open_fn(&head, &params, Some(&operation.builder_name));
    let op = if fields.is_empty() {
        Expr::atom(&operation.struct_name)
    } else {
        Expr::Struct(operation.struct_name.clone(), fields)
    };
    code.expr(&Expr::method("self", "request", vec![op]), "");
    code.close("");
}

fn method_docs(operation: &Operation) -> String {
    let mut text = operation.docs.clone();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&markdown::code(&format!("{} {}", operation.http_method.as_str(), operation.path)));
    if !operation.tags.is_empty() {
        let tags: Vec<String> = operation.tags.iter().map(|tag| markdown::code(tag)).collect();
        let label = if tags.len() == 1 { "tag" } else { "tags" };
        text.push_str(&format!(" ({label} {})", tags.join(", ")));
    }
    let success = rust_type::success(operation, Scope::Outside);
    text.push_str(&format!(": `.await` the request for a `{success}`"));
    if !optionals(operation).is_empty() {
        text.push_str(", after setting its optional parameters");
    }
    text.push('.');
    let arguments: Vec<String> = arguments(operation)
        .into_iter()
        .map(|value| {
            let summary = markdown::summary(value.docs);
            let name = value.name.trim_start_matches("r#");
            if summary.is_empty() {
                format!("* `{name}`")
            } else {
                format!("* `{name}`: {summary}")
            }
        })
        .collect();
    if !arguments.is_empty() {
        text.push_str("\n\n");
        text.push_str(&arguments.join("\n"));
    }
    text.push_str("\n\n# Errors\n\nAn [`Error`](crate::Error)");
    if operation.errors.is_empty() {
        text.push('.');
    } else {
        let documented: Vec<String> = operation
            .errors
            .iter()
            .map(|error| format!("{} ({})", markdown::code(&error.status), markdown::summary(&error.docs)))
            .collect();
        text.push_str(&format!("; the spec documents the statuses {}.", documented.join(", ")));
    }
    text
}

/// The builder alias, the struct, its `Operation` impl and its setters.
fn operation_items(code: &mut Code, operation: &Operation) {
    let method = operation.method_name.trim_start_matches("r#");
    let name = &operation.struct_name;
    code.docs(&format!("A call of [`Client::{method}`]: set its options, then `.await` it."), String::new);
    code.assign(
        &format!("pub type {} =", operation.builder_name),
        &Expr::atom(format!("Request<{name}>")),
        ";",
    );
    code.gap();
    code.docs(&format!("The parameters of [`Client::{method}`]."), String::new);
    code.line("#[derive(Clone, Debug)]");
    let arguments = arguments(operation);
    let optionals = optionals(operation);
    if arguments.is_empty() && optionals.is_empty() {
        code.line(&format!("pub struct {name};"));
    } else {
        code.open(&format!("pub struct {name}"));
        for value in &arguments {
            code.assign(
                &format!("{}:", value.name),
                &Expr::atom(rust_type::name(value.ty, Scope::Outside)),
                ",",
            );
        }
        for value in &optionals {
            let ty = format!("Option<{}>", rust_type::name(value.ty, Scope::Outside));
            code.assign(&format!("{}:", value.name), &Expr::atom(ty), ",");
        }
        code.close("");
    }
    code.gap();
    code.open(&format!("impl Operation for {name}"));
    let output = rust_type::success(operation, Scope::Outside);
    code.assign("type Output =", &Expr::atom(output), ";");
    endpoint(code, operation, &operation.success.accept);
    reader(code, operation);
    write(code, operation);
    code.close("");
    setters(code, operation);
    if let SuccessBody::Outcomes(outcomes) = &operation.success.body {
        code.gap();
        outcomes_enum(code, operation, outcomes);
    }
    for alternative in &operation.success.alternatives {
        code.gap();
        let media_type = markdown::code(&alternative.media_type);
        code.docs(&format!("[`{name}`], answered in {media_type}: the body's bytes."), String::new);
        code.line("#[derive(Clone, Debug)]");
        code.line(&format!("pub struct {}({name});", alternative.struct_name));
        code.gap();
        code.open(&format!("impl Operation for {}", alternative.struct_name));
        code.line("type Output = bytes::Bytes;");
        endpoint(code, operation, &alternative.media_type);
        let read = Expr::method("response", "bytes", vec![Expr::atom(string(&alternative.media_type))]);
        code.assign(
            "const READ: Reader<Self::Output> =",
            &Expr::Closure("|response|".to_owned(), Box::new(read)),
            ";",
        );
        code.gap();
        code.line("#[inline]");
        code.open_fn("fn write", &["&self".to_owned(), "request: &mut Parts".to_owned()], None);
        code.line("self.0.write(request);");
        code.close("");
        code.close("");
    }
}

fn endpoint(code: &mut Code, operation: &Operation, accept: &str) {
    let fields = vec![
        ("name".to_owned(), Expr::atom(string(operation.method_name.trim_start_matches("r#")))),
        ("id".to_owned(), Expr::atom(string(&operation.id))),
        ("method".to_owned(), Expr::atom(format!("Method::{}", operation.http_method.as_str()))),
        ("template".to_owned(), Expr::atom(string(&operation.path))),
        ("accept".to_owned(), Expr::atom(string(accept))),
        ("authenticated".to_owned(), Expr::atom(operation.authenticated.to_string())),
        ("negotiates_content_type".to_owned(), Expr::atom(operation.content_type_negotiation.to_string())),
    ];
    let endpoint = Expr::Struct("&Endpoint".to_owned(), fields);
    code.assign("const ENDPOINT: &'static Endpoint =", &endpoint, ";");
}

fn reader(code: &mut Code, operation: &Operation) {
    let accept = &operation.success.accept;
    let read = match &operation.success.body {
        SuccessBody::Empty => Expr::atom("Response::empty"),
        SuccessBody::Json(_) => Expr::atom("Response::json"),
        SuccessBody::JsonOrEmpty(_) => Expr::atom("Response::json_or_empty"),
        SuccessBody::Raw => response_closure("bytes", accept),
        SuccessBody::Text => response_closure("text", accept),
        SuccessBody::Outcomes(outcomes) => outcomes_reader(outcomes),
    };
    code.assign("const READ: Reader<Self::Output> =", &read, ";");
}

/// `|response| response.method("media/type")`.
fn response_closure(method: &str, media_type: &str) -> Expr {
    let call = Expr::method("response", method, vec![Expr::atom(string(media_type))]);
    Expr::Closure("|response|".to_owned(), Box::new(call))
}

/// The status decides which variant of the outcome enum the body decodes to. A 2xx the spec does
/// not document is a decode error, unless a `2XX` range takes it.
fn outcomes_reader(outcomes: &Outcomes) -> Expr {
    let name = &outcomes.type_name;
    let decode = |body: &OutcomeBody, variant: &str| {
        let (method, args, map) = match body {
            OutcomeBody::Empty => ("empty", vec![], format!("|()| {name}::{variant}")),
            OutcomeBody::Json(_) => ("json", vec![], format!("{name}::{variant}")),
            OutcomeBody::Text(media) => {
                ("text", vec![Expr::atom(string(media))], format!("{name}::{variant}"))
            }
            OutcomeBody::Raw(media) => {
                ("bytes", vec![Expr::atom(string(media))], format!("{name}::{variant}"))
            }
        };
        Expr::Chain(
            "response".to_owned(),
            vec![
                Link { method: method.to_owned(), args, tried: true },
                Link { method: "map".to_owned(), args: vec![Expr::atom(map)], tried: false },
            ],
        )
    };
    let mut arms: Vec<(String, Expr)> = outcomes
        .variants
        .iter()
        .filter_map(|outcome| Some((outcome.status?.to_string(), decode(&outcome.body, &outcome.variant))))
        .collect();
    let fallback = match outcomes.variants.iter().find(|outcome| outcome.status.is_none()) {
        Some(outcome) => decode(&outcome.body, &outcome.variant),
        None => Expr::atom("return response.unexpected_status()"),
    };
    arms.push(("_".to_owned(), fallback));
    let status = Expr::Match("response.status().as_u16()".to_owned(), arms);
    let body = Expr::Block(vec![(Expr::call("Ok", vec![status]), "")]);
    Expr::Closure("|response|".to_owned(), Box::new(body))
}

/// `fn write`: path, query, headers, cookies, form fields, body.
fn write(code: &mut Code, operation: &Operation) {
    let mut statements: Vec<Expr> = Vec::new();
    let request = |method: &str, args: Vec<Expr>| Expr::method("request", method, args);
    let path: Vec<&Param> =
        operation.params.iter().filter(|param| param.location == ParamLocation::Path).collect();
    if !path.is_empty() {
        let values = path.iter().map(|param| Expr::atom(format!("&self.{}", param.rust_name))).collect();
        statements.push(request("path", vec![Expr::Slice(values)]));
    }
    let mut form = Vec::new();
    for param in operation.params.iter().filter(|param| param.location != ParamLocation::Path) {
        let wire = Expr::atom(string(&param.wire_name));
        let field = &param.rust_name;
        let value = Expr::atom(if param.required {
            format!("&self.{field}")
        } else {
            format!("self.{field}.as_ref()")
        });
        // Serialized values (deep objects, form fields) take an `Option` either way.
        let optional = Expr::atom(if param.required {
            format!("Some(&self.{field})")
        } else {
            format!("self.{field}.as_ref()")
        });
        match (param.location, param.layout) {
            (ParamLocation::Query, ListLayout::DeepObject) => {
                statements.push(request("query_deep", vec![wire, optional]))
            }
            (ParamLocation::Query, ListLayout::Joined(separator)) => {
                let separator = Expr::atom(format!("{separator:?}"));
                statements.push(request("query_joined", vec![wire, value, separator]))
            }
            (ParamLocation::Query, _) => statements.push(request("query", vec![wire, value])),
            (ParamLocation::Header, _) => statements.push(request("header", vec![wire, value])),
            (ParamLocation::Cookie, _) => statements.push(request("cookie", vec![wire, value])),
            (ParamLocation::Form, _) if param.ty == TypeRef::File => {
                form.push(Expr::method("form", "file", vec![wire, optional]))
            }
            (ParamLocation::Form, _) => form.push(Expr::method("form", "field", vec![wire, optional])),
            (ParamLocation::Path, _) => {}
        }
    }
    if let Some(encoding) = operation.form {
        let method = match encoding {
            FormEncoding::UrlEncoded => "urlencoded",
            FormEncoding::Multipart => "multipart",
        };
        statements.push(request(method, vec![Expr::atom("form")]));
    }
    if let Some(body) = &operation.body {
        let content_type = Expr::atom(string(&body.content_type));
        let field = &body.rust_name;
        let value =
            if body.required { format!("Some(&self.{field})") } else { format!("self.{field}.as_ref()") };
        let (method, value) = match body.encoding {
            BodyEncoding::Json if body.required => ("json", format!("&self.{field}")),
            BodyEncoding::Json => ("json_opt", value),
            BodyEncoding::Text => ("text", value),
            BodyEncoding::Binary => ("bytes", value),
        };
        statements.push(request(method, vec![content_type, Expr::atom(value)]));
    }
    if statements.is_empty() {
        return;
    }
    code.gap();
    code.line("#[inline]");
    code.open_fn("fn write", &["&self".to_owned(), "request: &mut Parts".to_owned()], None);
    if operation.form.is_some() {
        let form_type =
            if form.is_empty() { "let form = Form::default();" } else { "let mut form = Form::default();" };
        code.line(form_type);
        for field in &form {
            code.expr(field, ";");
        }
    }
    for statement in &statements {
        code.expr(statement, ";");
    }
    code.close("");
}

/// Setters of the optional parameters and body, on the operation's `Request`.
fn setters(code: &mut Code, operation: &Operation) {
    let setters: Vec<(Value<'_>, String)> = operation
        .params
        .iter()
        .filter(|param| !param.required)
        .map(|param| {
            let place = match param.location {
                ParamLocation::Path => "path parameter",
                ParamLocation::Query => "query parameter",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Form => "form field",
            };
            let sent = format!("Sent as {place} {}.", markdown::code(&param.wire_name));
            let docs = if param.docs.is_empty() { sent } else { format!("{}\n\n{sent}", param.docs) };
            (Value::param(param), docs)
        })
        .chain(operation.body.iter().filter(|body| !body.required).map(|body| {
            let docs =
                if body.docs.trim().is_empty() { "The request body.".to_owned() } else { body.docs.clone() };
            (Value::body(body), docs)
        }))
        .collect();
    let alternatives = &operation.success.alternatives;
    if setters.is_empty() && alternatives.is_empty() {
        return;
    }
    code.gap();
    code.open(&format!("impl {}", operation.builder_name));
    for (index, (value, docs)) in setters.iter().enumerate() {
        if index > 0 {
            code.gap();
        }
        code.docs(docs, String::new);
        let name = value.name;
        let (argument, value) = if value.into { value.argument() } else { setter_argument(value.ty, name) };
        code.open_fn(
            &format!("pub fn {name}"),
            &["mut self".to_owned(), format!("{name}: {argument}")],
            Some("Self"),
        );
        code.assign(&format!("self.op.{name} ="), &Expr::atom(format!("Some({value})")), ";");
        code.line("self");
        code.close("");
    }
    for (index, alternative) in alternatives.iter().enumerate() {
        if index > 0 || !setters.is_empty() {
            code.gap();
        }
        let media_type = markdown::code(&alternative.media_type);
        code.docs(
            &format!("Asks for {media_type} instead; awaiting the result gives the body's bytes."),
            String::new,
        );
        let result = format!("Request<{}>", alternative.struct_name);
        code.open_fn(&format!("pub fn {}", alternative.method_name), &["self".to_owned()], Some(&result));
        let op = Expr::atom(format!("{}(self.op)", alternative.struct_name));
        let fields = vec![
            ("client".to_owned(), Expr::atom("self.client")),
            ("options".to_owned(), Expr::atom("self.options")),
            ("op".to_owned(), op),
        ];
        code.expr(&Expr::Struct("Request".to_owned(), fields), "");
        code.close("");
    }
    code.close("");
}

/// A setter's argument type and how the stored value is made from it: strings, bytes and lists
/// take anything that converts.
fn setter_argument(ty: &TypeRef, name: &str) -> (String, String) {
    match ty {
        TypeRef::String => ("impl Into<String>".to_owned(), format!("{name}.into()")),
        TypeRef::List(item) if **item == TypeRef::String => (
            "impl IntoIterator<Item = impl Into<String>>".to_owned(),
            format!("{name}.into_iter().map(Into::into).collect()"),
        ),
        TypeRef::List(item) => (
            format!("impl IntoIterator<Item = {}>", rust_type::name(item, Scope::Outside)),
            format!("{name}.into_iter().collect()"),
        ),
        TypeRef::Bytes => ("impl Into<bytes::Bytes>".to_owned(), format!("{name}.into()")),
        other => (rust_type::name(other, Scope::Outside), name.to_owned()),
    }
}

/// The enum of an operation whose 2xx statuses carry different bodies.
fn outcomes_enum(code: &mut Code, operation: &Operation, outcomes: &Outcomes) {
    let method = operation.method_name.trim_start_matches("r#");
    code.docs(
        &format!(
            "What [`Client::{method}`] gives back: the spec documents a different body for each of these \
             statuses."
        ),
        String::new,
    );
    code.line("#[derive(Clone, Debug)]");
    // A big model in one status and a string or nothing in another (the hostile spec's
    // `createThing`): as with unions, boxing would make outcomes harder to match on.
    code.line("#[allow(clippy::large_enum_variant)]");
    code.open(&format!("pub enum {}", outcomes.type_name));
    for outcome in &outcomes.variants {
        let status = outcome.status.map_or_else(|| "Any other 2xx".to_owned(), |code| format!("`{code}`"));
        let text = if outcome.docs.is_empty() {
            status
        } else {
            markdown::prefixed(&format!("{status}:"), &outcome.docs)
        };
        code.docs(&text, String::new);
        match rust_type::outcome(&outcome.body, Scope::Outside) {
            Some(payload) => code.line(&format!("{}({payload}),", outcome.variant)),
            None => code.line(&format!("{},", outcome.variant)),
        }
    }
    code.close("");
}
