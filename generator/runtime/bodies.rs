//! Bodies other than JSON: text and bytes in both directions, a JSON body
//! that may be missing, and results that depend on the status. Copied into
//! crates whose spec has them.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::error::Error;
use super::parts::Parts;
use super::response::{ApiResponse, Response, essence};

impl Parts {
    /// Sends text as it is; nothing for `None`.
    pub fn text(&mut self, content_type: &'static str, body: Option<&String>) -> &mut Self {
        match body {
            Some(text) => self.body(content_type, Bytes::from(text.clone())),
            None => self,
        }
    }

    /// Sends bytes as they are; nothing for `None`.
    pub fn bytes(&mut self, content_type: &'static str, body: Option<&Bytes>) -> &mut Self {
        match body {
            Some(bytes) => self.body(content_type, bytes.clone()),
            None => self,
        }
    }

    /// Sends `body` as JSON; nothing for `None`.
    pub fn json_opt(
        &mut self,
        content_type: &'static str,
        body: Option<&impl serde::Serialize>,
    ) -> &mut Self {
        match body {
            Some(body) => self.json(content_type, body),
            None => self,
        }
    }
}

impl Response {
    /// Decodes a JSON body, or `None` when the server sent none.
    pub fn json_or_empty<T: DeserializeOwned>(self) -> Result<ApiResponse<Option<T>>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(self.with_body(None));
        }
        Ok(self.json()?.map(Some))
    }

    /// The body as it arrived. A content type other than `media_type` is a decode error that
    /// keeps the body.
    pub fn bytes(self, media_type: &str) -> Result<ApiResponse<Bytes>, Error> {
        self.expect_media_type(media_type)?;
        let body = self.body.clone();
        Ok(self.with_body(body))
    }

    /// The body as text. A content type other than `media_type`, or bytes that are not UTF-8,
    /// are a decode error that keeps the body.
    pub fn text(self, media_type: &str) -> Result<ApiResponse<String>, Error> {
        self.expect_media_type(media_type)?;
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(self.with_body(text)),
            Err(error) => {
                Err(self.decode_error(format!("the response body is not UTF-8 text: {error}")))
            }
        }
    }

    /// The error for a 2xx status the spec does not document, for an operation whose statuses
    /// carry different bodies.
    pub fn unexpected_status<T>(self) -> Result<ApiResponse<T>, Error> {
        let status = self.status.as_u16();
        Err(self.decode_error(format!("status {status} is not one the spec documents here")))
    }

    fn expect_media_type(&self, media_type: &str) -> Result<(), Error> {
        match self.content_type().filter(|actual| essence(actual) != essence(media_type)) {
            Some(actual) => {
                Err(self
                    .decode_error(format!("expected `{media_type}`, got content type `{actual}`")))
            }
            None => Ok(()),
        }
    }
}
