//! One page of a list operation, and the way to the next.

use futures_util::stream::BoxStream;
use serde::de::DeserializeOwned;

use super::body::PageBody;
use super::{Cursor, Position, stream};
use crate::runtime::{Call, Error, ResponseMeta, Transport};

/// One page of a list operation.
///
/// Follow pages by hand with [`next_page`](Page::next_page), or stream every item with
/// [`items`](Page::items) / [`into_stream`](Page::into_stream):
///
/// ```no_run
/// # async fn demo(first: auth0_sdk::Page<serde_json::Value>) -> Result<(), auth0_sdk::Error> {
/// use futures_util::TryStreamExt;
/// let mut items = first.items();
/// while let Some(user) = items.try_next().await? {
///     println!("{user}");
/// }
/// # Ok(()) }
/// ```
///
/// With offset paging the runtime asks for `include_totals=true` (unless you set it) so it
/// can stop at the last page without an extra request.
#[derive(Debug)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// How many results exist in total, when the response says (offset paging).
    pub total: Option<u64>,
    /// The index of this page's first item (offset paging).
    pub start: Option<u64>,
    /// The page size (offset paging).
    pub limit: Option<u64>,
    /// The checkpoint to continue from (checkpoint paging); `None` on the last page.
    pub next: Option<String>,
    /// Status, headers and URL of the response that carried this page.
    pub meta: ResponseMeta,
    pub(super) cursor: Cursor,
}

impl<T> Page<T> {
    pub(crate) fn new(
        transport: Transport,
        call: Call,
        position: Position,
        body: PageBody<T>,
        meta: ResponseMeta,
    ) -> Page<T> {
        let cursor = Cursor::after(&transport, &call, &position, &body);
        let (start, limit) = match position {
            Position::Offset { page, per_page } => (
                Some(body.start.unwrap_or(page * per_page)),
                Some(body.limit.or(body.per_page).unwrap_or(per_page)),
            ),
            Position::Checkpoint { .. } => (body.start, body.limit),
        };
        Page {
            items: body.items,
            total: body.total,
            start,
            limit,
            next: body.next,
            meta,
            cursor,
        }
    }

    /// Whether another page follows. For `/users` past Auth0's 1,000-result limit this is
    /// `true` and [`next_page`](Page::next_page) returns [`Error::ResultCapReached`].
    pub fn has_next_page(&self) -> bool {
        self.cursor.has_next()
    }

    /// The items, dropping the page.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

impl<T: DeserializeOwned + Send + 'static> Page<T> {
    /// Fetches the next page; `Ok(None)` after the last one.
    pub async fn next_page(&self) -> Result<Option<Page<T>>, Error> {
        self.cursor.clone().fetch().await
    }

    /// Every item of this and the following pages, fetching pages as the stream is read.
    pub fn into_stream(self) -> BoxStream<'static, Result<T, Error>> {
        stream::items(self, false)
    }

    /// Same as [`into_stream`](Page::into_stream).
    pub fn items(self) -> BoxStream<'static, Result<T, Error>> {
        self.into_stream()
    }

    /// Like [`into_stream`](Page::into_stream), but fetches the next page in the background
    /// while the current one is consumed (at most one page ahead; needs a Tokio runtime).
    pub fn into_stream_prefetch(self) -> BoxStream<'static, Result<T, Error>> {
        stream::items(self, true)
    }

    /// This page and every following one.
    pub fn into_pages(self) -> BoxStream<'static, Result<Page<T>, Error>> {
        stream::pages(self)
    }
}
