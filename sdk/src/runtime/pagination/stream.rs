//! Pages and items as `futures::Stream`s.

use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use serde::de::DeserializeOwned;

use super::{Cursor, Page};
use crate::runtime::Error;

type Fetched<T> = Result<Option<Page<T>>, Error>;

/// A background page fetch, cancelled when the stream is dropped.
struct Prefetch<T>(tokio::task::JoinHandle<Fetched<T>>);

impl<T> Drop for Prefetch<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T: DeserializeOwned + Send + 'static> Prefetch<T> {
    fn spawn(cursor: Cursor) -> Option<Prefetch<T>> {
        cursor.has_next().then(|| Prefetch(tokio::spawn(cursor.fetch())))
    }

    async fn join(mut self) -> Fetched<T> {
        let handle = &mut self.0;
        match handle.await {
            Ok(fetched) => fetched,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(Error::invalid_request("the page prefetch was cancelled")),
        }
    }
}

struct ItemState<T> {
    items: std::vec::IntoIter<T>,
    cursor: Cursor,
    prefetch: Option<Prefetch<T>>,
    use_prefetch: bool,
}

pub(super) fn items<T>(first: Page<T>, use_prefetch: bool) -> BoxStream<'static, Result<T, Error>>
where
    T: DeserializeOwned + Send + 'static,
{
    let mut state = ItemState {
        items: first.items.into_iter(),
        cursor: first.cursor,
        prefetch: None,
        use_prefetch,
    };
    if use_prefetch {
        state.prefetch = Prefetch::spawn(std::mem::replace(&mut state.cursor, Cursor::Done));
    }
    stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.items.next() {
                return Some((Ok(item), st));
            }
            let fetched = match st.prefetch.take() {
                Some(prefetch) => prefetch.join().await,
                None => std::mem::replace(&mut st.cursor, Cursor::Done).fetch().await,
            };
            match fetched {
                Ok(Some(page)) => {
                    st.items = page.items.into_iter();
                    if st.use_prefetch {
                        st.prefetch = Prefetch::spawn(page.cursor);
                    } else {
                        st.cursor = page.cursor;
                    }
                }
                Ok(None) => return None,
                // The cursor is already `Done`, so the stream ends after the error.
                Err(e) => return Some((Err(e), st)),
            }
        }
    })
    .boxed()
}

enum PagesState<T> {
    Ready(Box<Page<T>>),
    Pending(Cursor),
}

pub(super) fn pages<T>(first: Page<T>) -> BoxStream<'static, Result<Page<T>, Error>>
where
    T: DeserializeOwned + Send + 'static,
{
    stream::unfold(Some(PagesState::Ready(Box::new(first))), |state| async move {
        let page = match state? {
            PagesState::Ready(page) => *page,
            PagesState::Pending(cursor) => match cursor.fetch().await {
                Ok(Some(page)) => page,
                Ok(None) => return None,
                Err(e) => return Some((Err(e), None)),
            },
        };
        let cursor = page.cursor.clone();
        Some((Ok(page), Some(PagesState::Pending(cursor))))
    })
    .boxed()
}
