//! `x-pagination` on an operation: how it pages, in the spec's own words,
//! for APIs whose names no rule recognizes. Names are the spec's: parameter
//! names, and property paths from the response body (`meta.next_cursor`, or
//! a list of names). What does not fit the operation is a warning, and the
//! operation is left as it is.

use serde_json::Value;

use super::body::{dotted, quoted, Models};
use super::rules::{param_name, settable, Candidate};
use crate::ir::{FieldStep, NextPage, PageTotal, Pagination, PagingRule, ParamName, TypeRef};

/// Every key `x-pagination` takes.
const KEYS: &[&str] = &[
    "items",
    "cursor_param",
    "next_cursor",
    "clear_params",
    "has_more",
    "after_param",
    "item_id",
    "next_url",
    "link_header",
    "page_param",
    "first_page",
    "total_pages",
    "total_items",
    "offset_param",
    "enable_param",
];

/// The keys that name a scheme; exactly one must be there.
const SCHEMES: &[&str] =
    &["cursor_param", "has_more", "next_url", "link_header", "page_param", "offset_param"];

/// The pagination `value` describes for the operation, or what is wrong with it.
pub fn pagination(
    models: &Models<'_>,
    candidate: &Candidate<'_>,
    value: &Value,
) -> Result<Pagination, String> {
    let Value::Object(entries) = value else {
        return Err("`x-pagination` must be an object (or `false`)".to_owned());
    };
    if let Some(unknown) = entries.keys().find(|key| !KEYS.contains(&key.as_str())) {
        return Err(format!("`x-pagination` has no key {}", quoted(unknown)));
    }
    let schemes: Vec<&str> = SCHEMES.iter().copied().filter(|key| entries.contains_key(*key)).collect();
    let [scheme] = schemes[..] else {
        return Err(format!("`x-pagination` needs exactly one of {}", SCHEMES.join(", ")));
    };
    let Some(body) = candidate.body else {
        return Err("the operation's response is not JSON".to_owned());
    };
    let reader = Reader { models, candidate, body, value };
    let (items, item) = match value.get("items") {
        Some(path) => models.named_items(body, &reader.names("items", path)?)?,
        None => models.items(body)?,
    };
    let next = match scheme {
        "cursor_param" => {
            let param = reader.param("cursor_param")?;
            let field = reader.field("next_cursor")?;
            reader.same_type(&param, field.last().map(|step| &step.ty), "next_cursor")?;
            let clear = match value.get("clear_params") {
                Some(names) => reader
                    .names("clear_params", names)?
                    .iter()
                    .map(|name| reader.param_named("clear_params", name))
                    .collect::<Result<_, _>>()?,
                None => Vec::new(),
            };
            NextPage::Cursor { param, field, clear }
        }
        "has_more" => {
            let has_more = reader.field("has_more")?;
            if has_more.last().map(|step| &step.ty) != Some(&TypeRef::Bool) {
                return Err("`has_more` is not a boolean".to_owned());
            }
            let param = reader.param("after_param")?;
            let id_name = value.get("item_id").and_then(Value::as_str).unwrap_or("id");
            let id = models.path(&item, &[id_name.to_owned()]).and_then(|path| path.into_iter().next());
            let id = id.ok_or_else(|| format!("the items have no property {}", quoted(id_name)))?;
            reader.same_type(&param, Some(&id.ty), "item_id")?;
            NextPage::AfterLast { param, has_more, id }
        }
        "next_url" => NextPage::Url { field: reader.field("next_url")? },
        "link_header" => match value.get("link_header") {
            Some(Value::Bool(true)) => NextPage::LinkHeader,
            _ => return Err("`link_header` must be `true`".to_owned()),
        },
        "page_param" => {
            let param = reader.number_param("page_param")?;
            let first = match value.get("first_page") {
                Some(first) => first.as_i64().ok_or("`first_page` is not an integer")?,
                None => candidate.firsts.get(&param.wire_name).copied().unwrap_or(1),
            };
            let total = match (value.get("total_pages"), value.get("total_items")) {
                (Some(_), _) => Some(PageTotal::Pages(reader.count("total_pages")?)),
                (None, Some(_)) => Some(PageTotal::Items(reader.count("total_items")?)),
                (None, None) => None,
            };
            NextPage::Page { param, first, total }
        }
        _ => {
            let param = reader.number_param("offset_param")?;
            let total = match value.get("total_items") {
                Some(_) => Some(reader.count("total_items")?),
                None => None,
            };
            NextPage::Offset { param, total }
        }
    };
    let enable = match value.get("enable_param") {
        Some(_) => {
            let param = reader.param("enable_param")?;
            reader.same_type(&param, Some(&TypeRef::Bool), "a boolean")?;
            Some(param)
        }
        None => None,
    };
    Ok(Pagination { rule: PagingRule::Extension, items, item, next, enable })
}

/// Reads the names `x-pagination` gives.
struct Reader<'r> {
    models: &'r Models<'r>,
    candidate: &'r Candidate<'r>,
    body: &'r TypeRef,
    value: &'r Value,
}

impl Reader<'_> {
    /// A path: `a.b`, or `[a, b]` for names with dots.
    fn names(&self, key: &str, value: &Value) -> Result<Vec<String>, String> {
        match value {
            Value::String(path) => Ok(path.split('.').map(str::to_owned).collect()),
            Value::Array(names) => names
                .iter()
                .map(|name| name.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("{} must be a name or a list of names", quoted(key))),
            _ => Err(format!("{} must be a name or a list of names", quoted(key))),
        }
    }

    /// The response field at the path `key` gives.
    fn field(&self, key: &str) -> Result<Vec<FieldStep>, String> {
        let value = self.value.get(key).ok_or_else(|| format!("{} is missing", quoted(key)))?;
        let names = self.names(key, value)?;
        self.models
            .path(self.body, &names)
            .ok_or_else(|| format!("{} names no property of the response: {}", quoted(key), dotted(&names)))
    }

    /// A numeric response field.
    fn count(&self, key: &str) -> Result<Vec<FieldStep>, String> {
        let field = self.field(key)?;
        match field.last().map(|step| &step.ty) {
            Some(TypeRef::Int(_) | TypeRef::Float(_)) => Ok(field),
            _ => Err(format!("{} is not a number", quoted(key))),
        }
    }

    /// The parameter `key` names.
    fn param(&self, key: &str) -> Result<ParamName, String> {
        let name = self.value.get(key).and_then(Value::as_str);
        let name = name.ok_or_else(|| format!("{} must be a parameter's name", quoted(key)))?;
        self.param_named(key, name)
    }

    fn param_named(&self, key: &str, name: &str) -> Result<ParamName, String> {
        settable(self.candidate.op).find(|param| param.wire_name == name).map(param_name).ok_or_else(|| {
            format!("{} names no optional parameter {} of the operation", quoted(key), quoted(name))
        })
    }

    /// Checks that `param` takes values of the type `ty` of what `what` names.
    fn same_type(&self, param: &ParamName, ty: Option<&TypeRef>, what: &str) -> Result<(), String> {
        let known = settable(self.candidate.op).find(|known| known.wire_name == param.wire_name);
        match known.map(|known| &known.ty) == ty {
            true => Ok(()),
            false => Err(format!("parameter {} does not take the type of {what}", quoted(&param.wire_name))),
        }
    }

    /// An integer parameter.
    fn number_param(&self, key: &str) -> Result<ParamName, String> {
        let param = self.param(key)?;
        let ty = settable(self.candidate.op)
            .find(|known| known.wire_name == param.wire_name)
            .map(|known| &known.ty);
        match ty {
            Some(TypeRef::Int(_)) => Ok(param),
            _ => Err(format!("{} is not an integer parameter", quoted(key))),
        }
    }
}
