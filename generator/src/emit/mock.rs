//! `src/mock.rs` (feature `mock`): a method per operation on the runtime's
//! mock `Server`, taking the path arguments of the `Client` method of the
//! same name and handing the runtime the operation's struct and request body
//! type. Serving, scripting and recording are the runtime's.

use super::code::{Code, Expr};
use super::requests::Value;
use crate::ir::{Api, BodyEncoding, Operation, ParamLocation, TypeRef};
use crate::rust_type::{self, Scope};

pub fn text(api: &Api, header: &str) -> String {
    let mut code = Code::new(header);
    code.gap();
    code.module_docs(
        "A stand-in for the API, for testing code that uses the [`Client`](crate::Client) without a \
         network (feature `mock`).\n\n\
         [`Server::start`] serves the API on 127.0.0.1. Each operation is a method of the server \
         that takes the path arguments of the `Client` method of the same name and returns its \
         [`Mock`]: script its replies with the crate's types (`responds`, `fails`, in order, the \
         last one repeated), and list the requests it received (`received`) with their query, \
         headers and body. [`Server::client`] is a client of the server.",
    );
    code.gap();
    if !api.operations.is_empty() {
        let path_types = api
            .operations
            .iter()
            .flat_map(|operation| &operation.params)
            .filter_map(|param| (param.location == ParamLocation::Path).then_some(&param.ty));
        if api.operations.iter().filter_map(json_body).chain(path_types).any(TypeRef::mentions_model) {
            code.line("use crate::models;");
        }
        code.line("use crate::requests;");
        code.gap();
    }
    code.use_list(
        "pub use crate::runtime::mock::",
        &["MAX_REQUEST_BYTES", "Mock", "Received", "Reply", "Server"],
    );
    if api.operations.is_empty() {
        return code.finish();
    }
    code.gap();
    code.open("impl Server");
    for (index, operation) in api.operations.iter().enumerate() {
        if index > 0 {
            code.gap();
        }
        method(&mut code, operation);
    }
    code.close("");
    code.finish()
}

fn method(code: &mut Code, operation: &Operation) {
    let name = operation.method_name.trim_start_matches("r#");
    let path: Vec<Value<'_>> = operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Path)
        .map(Value::param)
        .collect();
    let these = if path.is_empty() { "" } else { " for these path arguments" };
    code.docs(
        &format!(
            "The [`Mock`] of [`Client::{name}`](crate::Client::{name}){these}: script its replies, \
             see what it received."
        ),
        String::new,
    );
    let mut params = vec!["&self".to_owned()];
    let mut conversions = Vec::new();
    for value in &path {
        let (argument, stored) = value.argument();
        params.push(format!("{}: {argument}", value.name));
        if stored != value.name {
            let ty = rust_type::name(value.ty, Scope::Outside);
            conversions.push(format!("let {}: {ty} = {stored};", value.name));
        }
    }
    let mut types = format!("'_, requests::{}", operation.struct_name);
    if let Some(body) = json_body(operation) {
        types.push_str(&format!(", {}", rust_type::name(body, Scope::Outside)));
    }
    code.open_fn(&format!("pub fn {}", operation.method_name), &params, Some(&format!("Mock<{types}>")));
    for conversion in &conversions {
        code.line(conversion);
    }
    let values = path.iter().map(|value| Expr::atom(format!("&{}", value.name))).collect();
    code.expr(&Expr::method("self", "mock", vec![Expr::Slice(values)]), "");
    code.close("");
}

/// The type a JSON request body decodes to, when the operation sends one.
fn json_body(operation: &Operation) -> Option<&TypeRef> {
    operation.body.as_ref().filter(|body| body.encoding == BodyEncoding::Json).map(|body| &body.ty)
}
