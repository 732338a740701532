//! A file sent as one part of a multipart form: its content, and the file
//! name and media type the part is labelled with.

use std::fmt;

use bytes::Bytes;

use super::upload::Upload;

/// A file part of a multipart form body: the file's content, and the file name and media type
/// the server sees. Without them, the part is named after its form field and labelled
/// `application/octet-stream`.
///
/// Anything that holds bytes converts into one (`Vec<u8>`, `bytes::Bytes`, `&'static [u8]`,
/// `String`), so a file field takes the bytes alone; to name and label them, pass
/// `FilePart::new(std::fs::read("cat.jpg")?).file_name("cat.jpg").mime_type("image/jpeg")`.
///
/// A part can also be read while the request is sent, in constant memory, from an [`Upload`]
/// of a file or stream: `FilePart::from(Upload::from_reader(tokio::fs::File::open(path).await?))`.
/// **A request with such a part is sent once and never retried**: what was read cannot be read
/// again.
#[derive(Clone)]
pub struct FilePart {
    content: Content,
    file_name: Option<String>,
    mime_type: Option<String>,
}

/// Where a part's content comes from.
#[derive(Clone)]
enum Content {
    Bytes(Bytes),
    /// Read as the request is sent, when it is a stream.
    Upload(Upload),
}

impl FilePart {
    /// A part holding `content`, sent byte for byte.
    pub fn new(content: impl Into<Bytes>) -> Self {
        FilePart { content: Content::Bytes(content.into()), file_name: None, mime_type: None }
    }

    /// The file name the part carries (`filename` in its `Content-Disposition`); by default, the
    /// form field's name.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's media type (its `Content-Type`, `image/png` say); by default
    /// `application/octet-stream`. One with characters a header cannot carry fails the request
    /// when it is sent.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }

    /// The content: its bytes when they are in memory, else the stream to read it from.
    pub(crate) fn bytes_or_stream(&self) -> Result<&Bytes, &Upload> {
        match &self.content {
            Content::Bytes(bytes) => Ok(bytes),
            Content::Upload(upload) => upload.bytes().ok_or(upload),
        }
    }

    /// The file name set, if any.
    pub(crate) fn given_file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type set, if any.
    pub(crate) fn given_mime_type(&self) -> Option<&str> {
        self.mime_type.as_deref()
    }
}

/// The content's size, not the content: a file may be large, and private.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("FilePart");
        match &self.content {
            Content::Bytes(bytes) => f.field("len", &bytes.len()),
            Content::Upload(upload) => f.field("content", upload),
        }
        .field("file_name", &self.file_name)
        .field("mime_type", &self.mime_type)
        .finish()
    }
}

impl From<Upload> for FilePart {
    fn from(upload: Upload) -> Self {
        FilePart { content: Content::Upload(upload), file_name: None, mime_type: None }
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        FilePart::new(bytes)
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> Self {
        FilePart::new(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for FilePart {
    fn from(bytes: &'static [u8; N]) -> Self {
        FilePart::new(&bytes[..])
    }
}

impl From<String> for FilePart {
    fn from(text: String) -> Self {
        FilePart::new(text)
    }
}

impl From<&'static str> for FilePart {
    fn from(text: &'static str) -> Self {
        FilePart::new(text)
    }
}
