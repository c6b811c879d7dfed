//! Where the next page is, decided when a page arrives so no request is wasted.

use serde::de::DeserializeOwned;

use super::body::PageBody;
use super::{Page, fetch, set_param};
use crate::runtime::{Call, Error, Transport};

/// How the current page was requested.
#[derive(Clone, Debug)]
pub(crate) enum Position {
    /// `page` (0-based) of `per_page` items.
    Offset { page: u64, per_page: u64 },
    /// The `from` checkpoint sent, if any.
    Checkpoint { from: Option<String> },
}

/// What comes after a page.
#[derive(Clone, Debug)]
pub(crate) enum Cursor {
    /// Nothing: the last page.
    Done,
    /// This request, from this position (the call is boxed: it is large, and most
    /// cursors are `Done`).
    Next {
        transport: Transport,
        call: Box<Call>,
        position: Position,
    },
    /// More results exist but the endpoint will not return them.
    Capped { operation: &'static str, cap: u64 },
}

impl Cursor {
    /// Decides the next step after `body`, which was requested with `call` at `position`.
    pub(crate) fn after<T>(transport: &Transport, call: &Call, position: &Position, body: &PageBody<T>) -> Cursor {
        let count = body.items.len() as u64;
        if count == 0 {
            // An empty page ends every listing, even one claiming more: that avoids loops.
            return Cursor::Done;
        }
        match position {
            Position::Offset { page, per_page } => {
                let start = body.start.unwrap_or(page * per_page);
                let more = match body.total {
                    // `total` known: stop exactly at the end, no extra empty request.
                    Some(total) => start + count < total,
                    // Unknown (bare array): only a short page proves the end.
                    None => count >= *per_page,
                };
                if !more {
                    return Cursor::Done;
                }
                let next = page + 1;
                if let Some(cap) = call.op.pagination.and_then(|p| p.result_cap) {
                    if next.saturating_mul(*per_page).saturating_add(*per_page) > cap {
                        return Cursor::Capped {
                            operation: call.op.id,
                            cap,
                        };
                    }
                }
                let mut call = call.clone();
                set_param(&mut call, "page", next.to_string());
                Cursor::Next {
                    transport: transport.clone(),
                    call: Box::new(call),
                    position: Position::Offset {
                        page: next,
                        per_page: *per_page,
                    },
                }
            }
            Position::Checkpoint { from } => match body.next.as_deref() {
                Some(next) if !next.is_empty() && Some(next) != from.as_deref() => {
                    let mut call = call.clone();
                    set_param(&mut call, "from", next.to_owned());
                    Cursor::Next {
                        transport: transport.clone(),
                        call: Box::new(call),
                        position: Position::Checkpoint {
                            from: Some(next.to_owned()),
                        },
                    }
                }
                _ => Cursor::Done,
            },
        }
    }

    /// `true` unless this was the last page.
    pub(crate) fn has_next(&self) -> bool {
        !matches!(self, Cursor::Done)
    }

    /// Fetches the next page.
    pub(crate) async fn fetch<T>(self) -> Result<Option<Page<T>>, Error>
    where
        T: DeserializeOwned + Send + 'static,
    {
        match self {
            Cursor::Done => Ok(None),
            Cursor::Capped { operation, cap } => Err(Error::ResultCapReached { operation, cap }),
            Cursor::Next {
                transport,
                call,
                position,
            } => fetch(transport, *call, position).await.map(Some),
        }
    }
}
