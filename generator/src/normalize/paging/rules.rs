//! The rules that recognize paging from a spec's names, tried in order.
//! Each looks at the operation's optional parameters and its response body,
//! and either recognizes a scheme, or notes why an operation that looks paged
//! is not (a near miss), or does not apply.

use std::collections::HashMap;

use super::body::{dotted_steps, last_norm, norm, quoted, Models};
use crate::ir::{
    FieldStep, ListLayout, NextPage, Operation, PageTotal, Pagination, PagingRule, Param, ParamLocation,
    ParamName, TypeRef,
};

/// What one operation offers the rules.
pub struct Candidate<'a> {
    pub op: &'a Operation,
    /// The type of its JSON success body, when it has one.
    pub body: Option<&'a TypeRef>,
    /// A 2xx response declares a `Link` header.
    pub link_header: bool,
    /// The first page number of integer parameters whose schema says (`default` or `minimum`),
    /// by wire name.
    pub firsts: HashMap<String, i64>,
}

/// What a rule makes of an operation.
pub enum Found {
    Paged(Box<Pagination>),
    /// The response looks like a page, but this is why the rule does not recognize it.
    Miss(String),
    /// Only a parameter's name suggests pages: why the rule does not recognize them, said when
    /// no rule has more to say.
    Hint(String),
}

/// Field names that hold the next page's URL.
const URL_NAMES: &[&str] = &[
    "nextpageuri",
    "nextpageurl",
    "nexturi",
    "nexturl",
    "nextlink",
    "nextpagelink",
    "odatanextlink",
    "next",
];
/// Parameters that take the id of the last item read.
const AFTER_NAMES: &[&str] = &["startingafter", "after", "afterid"];
/// Page number parameters.
const PAGE_NAMES: &[&str] = &["page", "pagenumber", "pageno", "pagenum", "pageindex"];
/// Offset parameters.
const OFFSET_NAMES: &[&str] = &["offset", "skip"];
/// Page size parameters.
const SIZE_NAMES: &[&str] = &["perpage", "pagesize", "limit", "size", "count", "maxresults"];
/// Fields with the number of pages.
const TOTAL_PAGES: &[&str] = &["totalpages", "pages", "pagecount", "numpages"];
/// Fields with the number of items in all pages.
const TOTAL_ITEMS: &[&str] =
    &["total", "totalcount", "totalresults", "totalitems", "totalentries", "totalsize"];

/// Every rule, in order: the first that recognizes the operation wins; otherwise the first near
/// miss of a response that looks like a page, and the first of a parameter that does, say why
/// it is not paged.
pub fn recognize(models: &Models<'_>, candidate: &Candidate<'_>) -> Option<Found> {
    let Some(body) = candidate.body else {
        return settable(candidate.op).find(|param| looks_paged(&norm(&param.wire_name))).map(|param| {
            Found::Hint(format!("takes {} but its response is not JSON", quoted(&param.wire_name)))
        });
    };
    let rules: [&dyn Fn() -> Option<Found>; 6] = [
        &|| cursor(models, candidate.op, body),
        &|| has_more(models, candidate.op, body),
        &|| next_url(models, candidate.op, body),
        &|| link_header(models, candidate, body),
        &|| page_number(models, candidate, body),
        &|| offset(models, candidate.op, body),
    ];
    let (mut miss, mut hint) = (None, None);
    for rule in rules {
        match rule() {
            Some(Found::Paged(pagination)) => return Some(Found::Paged(pagination)),
            Some(Found::Miss(reason)) => miss = miss.or(Some(reason)),
            Some(Found::Hint(reason)) => hint = hint.or(Some(reason)),
            None => {}
        }
    }
    let reasons: Vec<String> = miss.into_iter().chain(hint).collect();
    (!reasons.is_empty()).then(|| Found::Miss(reasons.join("; ")))
}

/// Parameters the pager can set: optional, single values, not in the path.
pub fn settable(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| {
        !param.required && param.location != ParamLocation::Path && param.layout == ListLayout::Single
    })
}

pub fn param_name(param: &Param) -> ParamName {
    ParamName { wire_name: param.wire_name.clone(), rust_name: param.rust_name.clone() }
}

/// A parameter name that says the operation pages.
fn looks_paged(name: &str) -> bool {
    is_cursor_like(name)
        || PAGE_NAMES.contains(&name)
        || OFFSET_NAMES.contains(&name)
        || AFTER_NAMES.contains(&name)
}

/// A parameter name that says it takes a cursor (but not `token`, which is usually a
/// credential).
fn is_cursor_like(name: &str) -> bool {
    ["cursor", "marker", "pagetoken", "continuation", "nexttoken"].iter().any(|part| name.contains(part))
}

/// The type of a path's last field.
fn last_type(path: &[FieldStep]) -> Option<&TypeRef> {
    path.last().map(|step| &step.ty)
}

/// A paged operation with its items found, or the near miss of a body without them.
fn paged(
    models: &Models<'_>,
    body: &TypeRef,
    rule: PagingRule,
    next: NextPage,
    enable: Option<ParamName>,
    what: impl FnOnce() -> String,
) -> Found {
    match models.items(body) {
        Ok((items, item)) => Found::Paged(Box::new(Pagination { rule, items, item, next, enable })),
        Err(reason) => Found::Miss(format!("{}, but {reason}", what())),
    }
}

/// A cursor the response returns and the request takes back: `next_<param>` for `<param>`,
/// the parameter's own name when it is a cursor's that says `next` or `cursor` (`NextToken`),
/// and dropshot's `next_page` for
/// `page_token`; at the body's top level or one struct down (Slack's
/// `response_metadata.next_cursor`).
fn cursor(models: &Models<'_>, op: &Operation, body: &TypeRef) -> Option<Found> {
    let fields = models.structure(body).map(|body| models.fields(body)).unwrap_or_default();
    let params: Vec<&Param> = settable(op).collect();
    for param in &params {
        let name = norm(&param.wire_name);
        let pairs = |field: &str| {
            field == format!("next{name}")
                || (is_cursor_like(&name)
                    && (name.contains("next") || name.contains("cursor"))
                    && field == name)
                || (field == "nextpage" && name == "pagetoken")
        };
        let Some(field) = fields.iter().find(|path| pairs(&last_norm(path))) else { continue };
        let field_type = last_type(field)?;
        let (shown_field, shown_param) = (quoted(&dotted_steps(field)), quoted(&param.wire_name));
        if *field_type != param.ty {
            return Some(Found::Miss(format!(
                "returns {shown_field} for {shown_param}, but as another type than the parameter takes"
            )));
        }
        // Box pages with markers only when asked to.
        let enable = params
            .iter()
            .find(|flag| norm(&flag.wire_name) == format!("use{name}") && flag.ty == TypeRef::Bool)
            .map(|flag| param_name(flag));
        let next = NextPage::Cursor { param: param_name(param), field: field.clone(), clear: Vec::new() };
        return Some(paged(models, body, PagingRule::Cursor, next, enable, || {
            format!("returns {shown_field} for {shown_param}")
        }));
    }
    if let Some(param) = params.iter().find(|param| is_cursor_like(&norm(&param.wire_name))) {
        return Some(Found::Hint(format!(
            "takes {} but its response names no field with the next one",
            quoted(&param.wire_name)
        )));
    }
    // Only a top-level field says the response is a page: a resource may embed the first page
    // of a list of its own (Box's folders), and other `next_` fields are not cursors.
    let returned = fields.iter().find(|path| {
        let name = last_norm(path);
        path.len() == 1
            && name.starts_with("next")
            && (is_cursor_like(&name) || name.contains("page"))
            && !URL_NAMES.contains(&name.as_str())
    })?;
    Some(Found::Miss(format!(
        "returns {} but takes no parameter to send it back",
        quoted(&dotted_steps(returned))
    )))
}

/// Stripe: a boolean `has_more`, and `starting_after` (or `after`) the last item's `id`. Only
/// at the body's top level: a resource may embed the first page of a list of its own.
fn has_more(models: &Models<'_>, op: &Operation, body: &TypeRef) -> Option<Found> {
    let fields = models.fields(models.structure(body)?);
    let flag = fields.into_iter().find(|path| {
        path.len() == 1 && last_norm(path) == "hasmore" && last_type(path) == Some(&TypeRef::Bool)
    })?;
    let shown_flag = quoted(&dotted_steps(&flag));
    let Some(param) = settable(op).find(|param| AFTER_NAMES.contains(&norm(&param.wire_name).as_str()))
    else {
        return Some(Found::Miss(format!("has {shown_flag} but takes no `starting_after` or `after`")));
    };
    let (items, item) = match models.items(body) {
        Ok(found) => found,
        Err(reason) => return Some(Found::Miss(format!("has {shown_flag}, but {reason}"))),
    };
    let id = models
        .structure(&item)
        .and_then(|item| item.fields.iter().find(|field| norm(&field.wire_name) == "id"));
    let Some(id) = id
        .filter(|id| id.ty == param.ty)
        .and_then(|id| models.path(&item, std::slice::from_ref(&id.wire_name)))
    else {
        return Some(Found::Miss(format!(
            "has {shown_flag} and takes {}, but its items have no `id` of that type",
            quoted(&param.wire_name)
        )));
    };
    let next = NextPage::AfterLast { param: param_name(param), has_more: flag, id: id[0].clone() };
    Some(Found::Paged(Box::new(Pagination { rule: PagingRule::HasMore, items, item, next, enable: None })))
}

/// A field with the next page's URL: Twilio's `next_page_uri`, `next_url`, OData's
/// `@odata.nextLink`, Django REST framework's `next`.
fn next_url(models: &Models<'_>, op: &Operation, body: &TypeRef) -> Option<Found> {
    let fields = models.fields(models.structure(body)?);
    let field = fields.into_iter().find(|path| {
        URL_NAMES.contains(&last_norm(path).as_str()) && last_type(path) == Some(&TypeRef::String)
    })?;
    let shown = quoted(&dotted_steps(&field));
    if last_norm(&field) == "next" {
        if let Some(param) = settable(op).find(|param| is_cursor_like(&norm(&param.wire_name))) {
            return Some(Found::Miss(format!(
                "returns {shown} and takes {}: the spec does not say whether {shown} is a URL or the cursor",
                quoted(&param.wire_name)
            )));
        }
    }
    let next = NextPage::Url { field };
    Some(paged(models, body, PagingRule::NextUrl, next, None, || format!("returns {shown}")))
}

/// A `Link` header with `rel="next"`, when a 2xx response declares `Link`.
fn link_header(models: &Models<'_>, candidate: &Candidate<'_>, body: &TypeRef) -> Option<Found> {
    candidate.link_header.then(|| {
        paged(models, body, PagingRule::LinkHeader, NextPage::LinkHeader, None, || {
            "declares a `Link` header".to_owned()
        })
    })
}

/// A page number, when the response says how many pages or items there are, or which page it
/// is: without either, a `page` parameter alone is too weak a sign (Twilio's is only echoed).
fn page_number(models: &Models<'_>, candidate: &Candidate<'_>, body: &TypeRef) -> Option<Found> {
    let param = settable(candidate.op).find(|param| PAGE_NAMES.contains(&norm(&param.wire_name).as_str()))?;
    let shown = quoted(&param.wire_name);
    if !matches!(param.ty, TypeRef::Int(_)) {
        return Some(Found::Hint(format!("takes {shown}, but not as a number")));
    }
    let first = candidate.firsts.get(&param.wire_name).copied().unwrap_or(1);
    let next = |total| NextPage::Page { param: param_name(param), first, total };
    let Some(structure) = models.structure(body) else {
        return Some(bare_list(models, candidate.op, body, &shown, next(None), PagingRule::PageNumber));
    };
    let fields = models.fields(structure);
    let numeric =
        |path: &&Vec<FieldStep>| matches!(last_type(path), Some(TypeRef::Int(_) | TypeRef::Float(_)));
    let named =
        |names: &[&str]| fields.iter().filter(numeric).find(|path| names.contains(&last_norm(path).as_str()));
    let echoed = named(&[norm(&param.wire_name).as_str(), "currentpage"]);
    let total = match (named(TOTAL_PAGES), named(TOTAL_ITEMS)) {
        (Some(pages), _) => Some(PageTotal::Pages(pages.clone())),
        (None, Some(items)) => Some(PageTotal::Items(items.clone())),
        (None, None) if echoed.is_some() => None,
        (None, None) => {
            return Some(Found::Hint(format!(
                "takes {shown} but its response says neither how many pages or items there are nor which page it is"
            )));
        }
    };
    Some(paged(models, body, PagingRule::PageNumber, next(total), None, || format!("takes {shown}")))
}

/// An offset, when the response says how many items there are, or echoes the offset.
fn offset(models: &Models<'_>, op: &Operation, body: &TypeRef) -> Option<Found> {
    let param = settable(op).find(|param| OFFSET_NAMES.contains(&norm(&param.wire_name).as_str()))?;
    let shown = quoted(&param.wire_name);
    if !matches!(param.ty, TypeRef::Int(_)) {
        return Some(Found::Hint(format!("takes {shown}, but not as a number")));
    }
    let Some(structure) = models.structure(body) else {
        let next = NextPage::Offset { param: param_name(param), total: None };
        return Some(bare_list(models, op, body, &shown, next, PagingRule::Offset));
    };
    let fields = models.fields(structure);
    let numeric =
        |path: &&Vec<FieldStep>| matches!(last_type(path), Some(TypeRef::Int(_) | TypeRef::Float(_)));
    let total = fields.iter().filter(numeric).find(|path| TOTAL_ITEMS.contains(&last_norm(path).as_str()));
    let echoed = fields.iter().filter(numeric).any(|path| last_norm(path) == norm(&param.wire_name));
    if total.is_none() && !echoed {
        return Some(Found::Hint(format!(
            "takes {shown} but its response says neither how many items there are nor where the page starts"
        )));
    }
    let next = NextPage::Offset { param: param_name(param), total: total.cloned() };
    Some(paged(models, body, PagingRule::Offset, next, None, || format!("takes {shown}")))
}

/// A page number or offset whose response is a bare list: it cannot say where the pages end,
/// so they end at an empty page, when the operation also takes a page size (`per_page`,
/// `limit`, ...) to make the scheme plain.
fn bare_list(
    models: &Models<'_>,
    op: &Operation,
    body: &TypeRef,
    param: &str,
    next: NextPage,
    rule: PagingRule,
) -> Found {
    if models.list_item(body).is_none() {
        return match models.items(body) {
            Ok(_) => Found::Miss(format!("takes {param}, but its response is not an object")),
            Err(reason) => Found::Miss(format!("takes {param}, but {reason}")),
        };
    }
    let sized = settable(op).any(|size| {
        SIZE_NAMES.contains(&norm(&size.wire_name).as_str()) && matches!(size.ty, TypeRef::Int(_))
    });
    match sized {
        true => paged(models, body, rule, next, None, String::new),
        false => Found::Hint(format!("takes {param} but no page size, and its response is a bare list")),
    }
}
