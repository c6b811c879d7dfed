//! List operations: choosing offset or checkpoint paging, decoding pages, following them.

mod body;
mod cursor;
mod last_item;
mod page;
mod stream;

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use super::decode::decode_seed;
use super::{Call, Error, Pagination, PaginationKind, Transport};
use body::PageSeed;
pub(crate) use cursor::{Cursor, Position};
pub use page::Page;

/// Auth0's default page size for offset paging.
pub(crate) const DEFAULT_PER_PAGE: u64 = 50;

/// Sends the first page of a list call.
pub(crate) async fn first_page<T>(transport: Transport, mut call: Call) -> Result<Page<T>, Error>
where
    T: DeserializeOwned + Send + 'static,
{
    let Some(pagination) = call.op.pagination else {
        return Err(Error::invalid_request(format!(
            "operation `{}` is not a list operation",
            call.op.id
        )));
    };
    call.check()?;
    let position = prepare(&mut call, &pagination)?;
    fetch(transport, call, position).await
}

/// Sends one page request and decodes it.
pub(crate) async fn fetch<T>(transport: Transport, call: Call, position: Position) -> Result<Page<T>, Error>
where
    T: DeserializeOwned + Send + 'static,
{
    let Some(pagination) = call.op.pagination else {
        return Err(Error::invalid_request(format!(
            "operation `{}` is not a list operation",
            call.op.id
        )));
    };
    let (meta, bytes, token) = transport.execute(&call).await?;
    let mut body = decode_seed(call.op.id, &meta, &bytes, PageSeed::<T>::new(pagination.items_field))
        .map_err(|e| transport.scrub_decode(e, &call, token.as_ref()))?;
    if let (Position::Checkpoint { .. }, None, Some(field)) = (&position, &body.next, pagination.next_from_item) {
        // No `next` in the response: a full page continues from its last item; a short one
        // is the last (so no empty request is made at the end).
        let take = number_param(&call, "take")?.unwrap_or(DEFAULT_PER_PAGE);
        if body.items.len() as u64 >= take {
            body.next = last_item::last_item_field(&bytes, pagination.items_field, field);
        }
    }
    Ok(Page::new(transport, call, position, body, meta))
}

/// Picks the paging style and fills in the parameters the runtime relies on: for offset
/// paging `include_totals=true` (so `total` tells when to stop) and Auth0's default
/// `per_page`, unless the caller set them.
fn prepare(call: &mut Call, pagination: &Pagination) -> Result<Position, Error> {
    let checkpoint = match pagination.kind {
        PaginationKind::Checkpoint => true,
        PaginationKind::Offset => false,
        PaginationKind::OffsetOrCheckpoint => param(call, "from").is_some() || param(call, "take").is_some(),
    };
    if checkpoint {
        // Checked before sending: `fetch` reads `take` to tell a full page from the last one.
        number_param(call, "take")?;
        return Ok(Position::Checkpoint {
            from: param(call, "from").map(str::to_owned),
        });
    }
    if param(call, "include_totals").is_none() {
        set_param(call, "include_totals", "true".to_owned());
    }
    let per_page = match number_param(call, "per_page")? {
        Some(n) => n,
        None => {
            set_param(call, "per_page", DEFAULT_PER_PAGE.to_string());
            DEFAULT_PER_PAGE
        }
    };
    let page = number_param(call, "page")?.unwrap_or(0);
    Ok(Position::Offset { page, per_page })
}

/// A query parameter's value as sent: a per-request override, else the typed parameter.
pub(crate) fn param<'a>(call: &'a Call, name: &str) -> Option<&'a str> {
    let overridden = call
        .options
        .query
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str());
    overridden.or_else(|| {
        call.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    })
}

fn number_param(call: &Call, name: &str) -> Result<Option<u64>, Error> {
    match param(call, name) {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            Error::invalid_request(format!(
                "query parameter `{name}` must be a non-negative integer, not `{text}`"
            ))
        }),
    }
}

/// Sets a query parameter, replacing both a typed value and a per-request override.
pub(crate) fn set_param(call: &mut Call, name: &'static str, value: String) {
    call.options.query.retain(|(k, _)| k != name);
    call.query.retain(|(k, _)| k != name);
    call.query.push((Cow::Borrowed(name), value));
}
