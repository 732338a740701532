//! Parameter styles fewer APIs use: cookies, and lists joined into one
//! query value. Copied into crates whose spec has them.

use percent_encoding::utf8_percent_encode;

use super::parts::{COMPONENT, ParamValues, Parts, join, push_query};

impl Parts {
    /// Adds the values as one query parameter, joined by `separator`; nothing for `None`.
    pub fn query_joined(
        &mut self,
        name: &str,
        values: impl ParamValues,
        separator: char,
    ) -> &mut Self {
        if let Some(joined) = join(values, separator) {
            push_query(&mut self.query, name, &joined);
        }
        self
    }

    /// Adds `name=value` to the `Cookie` header, both percent-encoded (a `;` or `=` in either
    /// cannot make another cookie); a list is comma-joined; nothing for `None`.
    pub fn cookie(&mut self, name: &str, values: impl ParamValues) -> &mut Self {
        if let Some(value) = join(values, ',') {
            if !self.cookies.is_empty() {
                self.cookies.push_str("; ");
            }
            self.cookies.extend(utf8_percent_encode(name, COMPONENT));
            self.cookies.push('=');
            self.cookies.extend(utf8_percent_encode(&value, COMPONENT));
        }
        self
    }
}
