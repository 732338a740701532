//! Results a page at a time, as streams: an operation that pages implements
//! [`Paginated`] in a few lines (where its items are, and how the next
//! request differs), and its requests get [`pages`](Request::pages) and
//! [`items`](Request::items). Each page is one call through the one sending
//! path, with the client's retries and deadline, made only when the consumer
//! asks for more. Copied into crates whose spec has operations that page.

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_core::Stream;
use percent_encoding::percent_decode_str;
use reqwest::header::{HeaderMap, LINK};
use reqwest::{StatusCode, Url};

use super::endpoint::Options;
use super::error::{DecodeError, Error};
use super::operation::{Operation, Request};
use super::parts::{Parts, ToParam};
use super::response::ApiResponse;
use super::send::{self, Transport};

/// An operation whose results come a page at a time: its requests have
/// [`pages`](Request::pages) and [`items`](Request::items).
///
/// The generated operations that page implement it; so can an operation of your own. `next`
/// looks at the page just read and either updates the operation's parameters to ask for the
/// next one, names its URL, or says there is none; [`Next`]'s constructors do that for the
/// common schemes.
pub trait Paginated: Operation {
    /// What one page lists.
    type Item: Send + 'static;

    /// The items of a page, taken out of it.
    fn items(page: Self::Output) -> Vec<Self::Item>;

    /// Where the page after `page` is, given the response's headers.
    fn next(&mut self, page: &Self::Output, headers: &HeaderMap) -> Next;

    /// Sets what the scheme needs on every request, before the first one (an API that pages
    /// with markers only when asked to, say). Nothing by default.
    fn start(&mut self) {}
}

/// Where the next page is: what [`Paginated::next`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct Next(Step);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Done,
    /// The operation's parameters now ask for the next page.
    Again,
    /// The next page's URL, relative to the URL of the page that named it.
    Url(String),
}

impl Next {
    /// There is no next page.
    pub fn done() -> Next {
        Next(Step::Done)
    }

    /// The operation's parameters have been updated to ask for the next page.
    pub fn again() -> Next {
        Next(Step::Again)
    }

    /// A cursor scheme: the response returns `next` and the request takes it back in `param`.
    /// No cursor, or an empty one, ends the pages.
    pub fn cursor<T: ToParam + Clone>(param: &mut Option<T>, next: Option<&T>) -> Next {
        match next.filter(|next| !next.to_param().is_empty()) {
            Some(next) => {
                *param = Some(next.clone());
                Next::again()
            }
            None => Next::done(),
        }
    }

    /// Stripe's scheme: while the response says it `has_more`, the next request asks for the
    /// items after the last one, whose id `param` takes.
    pub fn after_last<T: ToParam + Clone>(
        param: &mut Option<T>,
        has_more: bool,
        last: Option<&T>,
    ) -> Next {
        if has_more { Next::cursor(param, last) } else { Next::done() }
    }

    /// The next page's URL, from a field of the response (Twilio's `next_page_uri`); relative to
    /// the page's own URL. None, or an empty one, ends the pages.
    pub fn url(url: Option<&str>) -> Next {
        match url.map(str::trim).filter(|url| !url.is_empty()) {
            Some(url) => Next(Step::Url(url.to_owned())),
            None => Next::done(),
        }
    }

    /// The URL of the `Link` header's `rel="next"` (RFC 8288), as GitHub pages.
    pub fn link(headers: &HeaderMap) -> Next {
        let values = headers.get_all(LINK).into_iter().filter_map(|value| value.to_str().ok());
        Next::url(values.into_iter().find_map(next_link))
    }

    /// Page numbers: `param` is the page asked for (`first` when unset), and the next page is
    /// the one after it. The pages end at an empty page (`count` is how many items this one
    /// had), or where `total` says. A total of items is compared with as many items on every
    /// page as on this one, so a short last page is followed by one more request, whose empty
    /// page ends the stream: the pages never end early.
    pub fn page<N: Index>(param: &mut Option<N>, first: N, count: usize, total: Total) -> Next {
        let (Some(current), Some(first)) = (param.unwrap_or(first).count(), first.count()) else {
            return Next::done();
        };
        // Pages before this one had as many items as it, or more: the last page may be short.
        let position = current.saturating_sub(first).saturating_add(1);
        let seen = position.saturating_mul(count as u64);
        let ended = count == 0
            || total.pages.is_some_and(|pages| position >= pages)
            || total.items.is_some_and(|items| seen >= items);
        match current.checked_add(1).and_then(N::from_count).filter(|_| !ended) {
            Some(next) => {
                *param = Some(next);
                Next::again()
            }
            None => Next::done(),
        }
    }

    /// Offsets: `param` is the number of items to skip (0 when unset), and the next page starts
    /// after this one's `count` items. The pages end at an empty page, or at the `total`.
    pub fn offset<N: Index>(param: &mut Option<N>, count: usize, total: Total) -> Next {
        let current = param.and_then(Count::count).unwrap_or(0);
        let next = current.saturating_add(count as u64);
        let ended = count == 0 || total.items.is_some_and(|items| next >= items);
        match N::from_count(next).filter(|_| !ended) {
            Some(next) => {
                *param = Some(next);
                Next::again()
            }
            None => Next::done(),
        }
    }
}

/// How many items, or pages, there are in all, as far as a response says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Total {
    items: Option<u64>,
    pages: Option<u64>,
}

impl Total {
    /// The response does not say.
    pub fn unknown() -> Total {
        Total::default()
    }

    /// The number of items in all pages.
    pub fn items(items: impl Count) -> Total {
        Total { items: items.count(), pages: None }
    }

    /// The number of pages.
    pub fn pages(pages: impl Count) -> Total {
        Total { items: None, pages: pages.count() }
    }
}

/// A number of items or pages as a response gives it: an integer, a whole float, or one that
/// may be missing.
pub trait Count {
    /// The number, when there is one and it is whole and not negative.
    fn count(self) -> Option<u64>;
}

/// A page number or offset parameter.
pub trait Index: Count + Copy {
    /// The parameter's value for `count`, when its type holds it.
    fn from_count(count: u64) -> Option<Self>;
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl Count for $ty {
            fn count(self) -> Option<u64> {
                u64::try_from(self).ok()
            }
        }

        impl Index for $ty {
            fn from_count(count: u64) -> Option<Self> {
                Self::try_from(count).ok()
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Count for f64 {
    fn count(self) -> Option<u64> {
        // Exact below 2^53, which no count reaches.
        (self >= 0.0 && self.fract() == 0.0 && self < 9.0e15).then_some(self as u64)
    }
}

impl Count for f32 {
    fn count(self) -> Option<u64> {
        f64::from(self).count()
    }
}

impl<T: Count> Count for Option<T> {
    fn count(self) -> Option<u64> {
        self.and_then(Count::count)
    }
}

impl<Op: Paginated> Request<Op> {
    /// Every page of results, each as the call returns it (with its status and headers), fetched
    /// one at a time as the stream is read.
    ///
    /// Each page is a call with this request's settings: the client's retries, and the timeout
    /// for each page. The stream ends after the last page, or after an error. A server that
    /// answers with a page the client already asked for (a cursor it gave before, or the same
    /// page again) ends the stream with an [`Error::Decode`] instead of going round forever, and
    /// a next page on another origin than the client's base URL is not followed: credentials
    /// never go there.
    pub fn pages(self) -> Pages<Op> {
        Pages::new(self)
    }

    /// Every item of every page, in order, fetching the next page only when the items read so
    /// far are used up. See [`pages`](Self::pages) for how pages are fetched and when the
    /// stream ends.
    pub fn items(self) -> Items<Op> {
        Items { pages: self.pages(), current: Vec::new().into_iter() }
    }
}

/// The pages of a paginated call: a [`Stream`], or [`next`](Self::next) in a loop. See
/// [`Request::pages`].
#[must_use = "streams do nothing unless polled"]
pub struct Pages<Op: Paginated> {
    stream: Pin<Box<dyn Stream<Item = PageResult<Op>> + Send>>,
}

/// One page, or the error that ends the pages.
type PageResult<Op> = Result<ApiResponse<<Op as Operation>::Output>, Error>;

impl<Op: Paginated> Pages<Op> {
    /// The pages of `request`.
    pub fn new(request: Request<Op>) -> Self {
        let Request { client, options, mut op } = request;
        op.start();
        let pager = Pager {
            transport: client.transport,
            options,
            op,
            step: Step::Again,
            sent: HashSet::new(),
            hasher: RandomState::new(),
            last: None,
        };
        Pages { stream: Box::pin(futures_util::stream::unfold(pager, Pager::fetch)) }
    }

    /// The next page; `None` after the last one.
    pub async fn next(&mut self) -> Option<PageResult<Op>> {
        std::future::poll_fn(|context| self.stream.as_mut().poll_next(context)).await
    }

    /// The next page, `Ok(None)` after the last one.
    ///
    /// # Errors
    ///
    /// As the calls, and as [`Request::pages`] says.
    pub async fn try_next(&mut self) -> Result<Option<ApiResponse<Op::Output>>, Error> {
        self.next().await.transpose()
    }
}

impl<Op: Paginated> Stream for Pages<Op> {
    type Item = PageResult<Op>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(context)
    }
}

impl<Op: Paginated> fmt::Debug for Pages<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("operation", &Op::ENDPOINT.name).finish_non_exhaustive()
    }
}

/// The items of every page of a paginated call: a [`Stream`], or [`next`](Self::next) in a
/// loop. See [`Request::items`].
#[must_use = "streams do nothing unless polled"]
pub struct Items<Op: Paginated> {
    pages: Pages<Op>,
    /// What is left of the page being read.
    current: std::vec::IntoIter<Op::Item>,
}

// Items are moved out, never pinned in place.
impl<Op: Paginated> Unpin for Items<Op> {}

impl<Op: Paginated> Items<Op> {
    /// The next item; `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<Op::Item, Error>> {
        std::future::poll_fn(|context| Pin::new(&mut *self).poll_next(context)).await
    }

    /// The next item, `Ok(None)` after the last one.
    ///
    /// # Errors
    ///
    /// As the calls, and as [`Request::pages`] says.
    pub async fn try_next(&mut self) -> Result<Option<Op::Item>, Error> {
        self.next().await.transpose()
    }

    /// Every item, read to the end: `Vec<Item>` or any other collection.
    ///
    /// # Errors
    ///
    /// The first error of the stream; the items read before it are dropped.
    pub async fn try_collect<C: Default + Extend<Op::Item>>(mut self) -> Result<C, Error> {
        let mut collection = C::default();
        while let Some(item) = self.try_next().await? {
            collection.extend([item]);
        }
        Ok(collection)
    }
}

impl<Op: Paginated> Stream for Items<Op> {
    type Item = Result<Op::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(context)) {
                Some(Ok(page)) => this.current = Op::items(page.into_body()).into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<Op: Paginated> fmt::Debug for Items<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("operation", &Op::ENDPOINT.name).finish_non_exhaustive()
    }
}

/// The state between two pages.
struct Pager<Op> {
    transport: Arc<Transport>,
    options: Options,
    op: Op,
    step: Step,
    /// Fingerprints of the requests sent so far.
    sent: HashSet<u64>,
    hasher: RandomState,
    last: Option<LastPage>,
}

/// The page read last, for the errors about what it says next.
struct LastPage {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    fingerprint: u64,
    /// The path and query it was asked for, below the base URL.
    target: String,
}

impl<Op: Paginated> Pager<Op> {
    /// The next page and the pager, or nothing once the pages ended. An error ends them.
    async fn fetch(mut self) -> Option<(PageResult<Op>, Self)> {
        match self.page().await {
            Ok(Some(page)) => Some((Ok(page), self)),
            Ok(None) => None,
            Err(error) => {
                self.step = Step::Done;
                Some((Err(error), self))
            }
        }
    }

    async fn page(&mut self) -> Result<Option<ApiResponse<Op::Output>>, Error> {
        let url = match std::mem::replace(&mut self.step, Step::Done) {
            Step::Done => return Ok(None),
            Step::Again => None,
            Step::Url(url) => Some(url),
        };
        let mut parts = Parts::new(Op::ENDPOINT);
        self.op.write(&mut parts);
        if let Some(url) = url {
            self.follow(&mut parts, &url)?;
        }
        let target = target(&parts);
        let body = parts.body.as_ref().and_then(|(_, body)| body.as_bytes());
        if !self.sent.insert(self.hasher.hash_one((&target, body))) {
            let message = "its next page is one the client already asked for: the server repeats \
                           a cursor or link, and the client stops rather than go round again";
            return Err(self.about_last(message.to_owned()));
        }
        let response =
            send::start(Arc::clone(&self.transport), parts, self.options.clone()).await?;
        let fingerprint = self.hasher.hash_one(&response.body);
        if self.last.as_ref().is_some_and(|last| last.fingerprint == fingerprint) {
            let message = "the next page is the same as this one (the server repeats a cursor, or \
                           ignores the page asked for): the client stops rather than go round again";
            return Err(self.about_last(message.to_owned()));
        }
        self.last = Some(LastPage {
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
            fingerprint,
            target,
        });
        let page = (Op::READ)(response)?;
        self.step = self.op.next(page.body(), page.headers()).0;
        Ok(Some(page))
    }

    /// Points `parts` at `url`, resolved against the last page's URL, when it is on the
    /// client's origin and below its base URL.
    fn follow(&self, parts: &mut Parts, url: &str) -> Result<(), Error> {
        let base = Url::parse(&self.transport.base_url)
            .map_err(|error| self.about_last(format!("the base URL does not parse: {error}")))?;
        let here = self.last.as_ref().map_or("", |last| last.target.as_str());
        let next = Url::parse(&format!("{}{here}", self.transport.base_url))
            .and_then(|here| here.join(url))
            .map_err(|error| {
                self.about_last(format!("its next page's URL does not parse: {error}"))
            })?;
        if next.origin() != base.origin() {
            let origin = next.origin().ascii_serialization();
            return Err(self.about_last(format!(
                "its next page is on another origin ({origin}), which the client does not follow: \
                 its credentials are for {} only",
                base.origin().ascii_serialization()
            )));
        }
        let below_base = next
            .path()
            .strip_prefix(base.path().trim_end_matches('/'))
            .filter(|rest| rest.is_empty() || rest.starts_with('/'));
        let Some(path) = below_base else {
            return Err(self.about_last(format!(
                "its next page's path `{}` is outside the base URL `{}`",
                next.path(),
                base.path()
            )));
        };
        parts.path = Some(path.to_owned());
        // The client adds its query credentials itself; a server that echoes them does not get
        // them twice.
        let credentials: Vec<&str> = match Op::ENDPOINT.authenticated {
            true => self.transport.auth_query.iter().map(|(name, _)| *name).collect(),
            false => Vec::new(),
        };
        let pairs = next.query().unwrap_or_default().split('&').filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !pair.is_empty()
                && !credentials.contains(&&*percent_decode_str(name).decode_utf8_lossy())
        });
        parts.query = pairs.collect::<Vec<_>>().join("&");
        Ok(())
    }

    /// An error about what the last page says next: a decode error that keeps it.
    fn about_last(&self, message: String) -> Error {
        let endpoint = Op::ENDPOINT;
        let error = match &self.last {
            Some(last) => {
                let (headers, body) = (last.headers.clone(), last.body.clone());
                DecodeError::new(endpoint, last.status, headers, body, message)
            }
            None => {
                DecodeError::new(endpoint, StatusCode::OK, HeaderMap::new(), Bytes::new(), message)
            }
        };
        Error::Decode(Box::new(error))
    }
}

/// The path and query `parts` ask for, below the base URL.
fn target(parts: &Parts) -> String {
    let path = parts.path.as_deref().unwrap_or(parts.endpoint.template);
    if parts.query.is_empty() { path.to_owned() } else { format!("{path}?{}", parts.query) }
}

/// The target of the first link of a `Link` header value whose relation types include `next`.
fn next_link(value: &str) -> Option<&str> {
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let (target, after) = rest.strip_prefix('<')?.split_once('>')?;
        // The link's parameters run to the next comma outside a quoted string.
        let mut quoted = false;
        let mut escaped = false;
        let end = after
            .char_indices()
            .find(|&(_, c)| {
                let ends = c == ',' && !quoted;
                match c {
                    _ if escaped => escaped = false,
                    '\\' if quoted => escaped = true,
                    '"' => quoted = !quoted,
                    _ => {}
                }
                ends
            })
            .map_or(after.len(), |(at, _)| at);
        let is_next = after[..end].split(';').any(|parameter| {
            let Some((name, value)) = parameter.split_once('=') else { return false };
            let relations = value.trim().trim_matches('"');
            name.trim().eq_ignore_ascii_case("rel")
                && relations.split_ascii_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim());
        }
        rest = &after[end..];
    }
}
