//! Paging: one page at a time with an opaque, serialisable token, and one shared pager that turns any
//! page call into a stream.

use std::fmt;
use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt};
use serde::{Deserialize, Serialize};

use crate::{Error, ErrorKind, Result};

/// Where the next page starts. Opaque: pass back what a [`Page`] gave you, to the same call.
///
/// It serialises to a plain string, so a tool can store it and resume later:
///
/// ```
/// use cloudfn_core::PageToken;
///
/// let token = PageToken::new("fn-0042");
/// let saved = serde_json::to_string(&token).unwrap();
/// let restored: PageToken = serde_json::from_str(&saved).unwrap();
/// assert_eq!(restored, token);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PageToken(String);

impl PageToken {
    /// Wraps a provider token. Providers call this; users only pass tokens back.
    pub fn new(token: impl Into<String>) -> Self {
        PageToken(token.into())
    }

    /// The provider's token string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PageToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PageToken({:?})", self.0)
    }
}

impl fmt::Display for PageToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which page to fetch.
///
/// ```
/// use cloudfn_core::ListRequest;
///
/// let req = ListRequest::new().with_page_size(20).with_prefix("img-");
/// assert_eq!(req.page_size, Some(20));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListRequest {
    /// At most this many items (the provider's default when unset; clamped to its maximum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// Continue after this token (from the first item when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<PageToken>,
    /// Only names starting with this prefix, where the provider can filter (else filtered client-side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

impl ListRequest {
    /// The first page with the provider's default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the page size.
    pub fn with_page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Continues after `token`.
    pub fn with_token(mut self, token: PageToken) -> Self {
        self.token = Some(token);
        self
    }

    /// Filters by name prefix.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items, in the provider's order.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<PageToken>,
}

impl<T> Page<T> {
    /// A page.
    pub fn new(items: Vec<T>, next: Option<PageToken>) -> Self {
        Page { items, next }
    }

    /// A last page.
    pub fn last(items: Vec<T>) -> Self {
        Page { items, next: None }
    }
}

enum State {
    Start(ListRequest),
    Next(ListRequest, PageToken),
    Done,
}

/// The shared pager: turns a page call into a stream of items, following tokens until the last page.
///
/// A provider that hands back the token it was just given would loop forever; the pager stops that with a
/// `Service` error instead. An error ends the stream after it is yielded.
///
/// ```
/// use cloudfn_core::{paginate, ListRequest, Page, PageToken};
/// use futures::TryStreamExt;
///
/// # tokio_test_block_on(async {
/// let items: Vec<u32> = paginate(ListRequest::new(), |req| async move {
///     let start: u32 = req.token.map_or(0, |t| t.as_str().parse().unwrap());
///     let end = (start + 2).min(5);
///     let next = (end < 5).then(|| PageToken::new(end.to_string()));
///     Ok(Page::new((start..end).collect(), next))
/// })
/// .try_collect()
/// .await
/// .unwrap();
/// assert_eq!(items, vec![0, 1, 2, 3, 4]);
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub fn paginate<'a, T, F, Fut>(request: ListRequest, mut fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(ListRequest) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    stream::unfold(State::Start(request), move |state| {
        let call = match state {
            State::Done => None,
            State::Start(req) => Some((req.clone(), req, None)),
            State::Next(base, token) => {
                let mut req = base.clone();
                req.token = Some(token.clone());
                Some((req, base, Some(token)))
            }
        };
        let fut = call.map(|(req, base, prev)| (fetch(req), base, prev));
        async move {
            let (fut, base, prev) = fut?;
            match fut.await {
                Err(e) => Some((stream::iter(vec![Err(e)]), State::Done)),
                Ok(page) => {
                    let next = match page.next {
                        None => State::Done,
                        Some(t) if Some(&t) == prev.as_ref() => {
                            let err = Error::new(
                                ErrorKind::Service,
                                format!(
                                    "the provider returned the same page token twice ({t}); \
                                         stopping to avoid an endless listing"
                                ),
                            );
                            let mut items: Vec<Result<T>> =
                                page.items.into_iter().map(Ok).collect();
                            items.push(Err(err));
                            return Some((stream::iter(items), State::Done));
                        }
                        Some(t) => State::Next(base, t),
                    };
                    let items: Vec<Result<T>> = page.items.into_iter().map(Ok).collect();
                    Some((stream::iter(items), next))
                }
            }
        }
    })
    .flatten()
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::TryStreamExt;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn follows_tokens_and_keeps_the_base_request() {
        let calls = Arc::new(AtomicU32::new(0));
        let c = calls.clone();
        let out: Vec<u32> = block_on(
            paginate(
                ListRequest::new().with_page_size(3).with_prefix("p"),
                move |req| {
                    c.fetch_add(1, Ordering::SeqCst);
                    async move {
                        assert_eq!(req.page_size, Some(3));
                        assert_eq!(req.prefix.as_deref(), Some("p"));
                        let start: u32 = req.token.map_or(0, |t| t.as_str().parse().unwrap());
                        let end = (start + 3).min(10);
                        let next = (end < 10).then(|| PageToken::new(end.to_string()));
                        Ok(Page::new((start..end).collect(), next))
                    }
                },
            )
            .try_collect(),
        )
        .unwrap();
        assert_eq!(out, (0..10).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn a_repeated_token_ends_with_an_error_not_a_loop() {
        let results: Vec<Result<u32>> = block_on(
            paginate(ListRequest::new(), |_req| async {
                Ok(Page::new(vec![1], Some(PageToken::new("same"))))
            })
            .collect(),
        );
        assert_eq!(results.len(), 3, "{results:?}");
        assert!(results[0].is_ok() && results[1].is_ok());
        assert_eq!(results[2].as_ref().unwrap_err().kind(), ErrorKind::Service);
    }

    #[test]
    fn an_error_is_yielded_once_and_ends_the_stream() {
        let results: Vec<Result<u32>> = block_on(
            paginate(ListRequest::new(), |_req| async {
                Err::<Page<u32>, _>(Error::new(ErrorKind::Throttled, "slow down"))
            })
            .collect(),
        );
        assert_eq!(results.len(), 1);
    }
}
