//! [`requires_auth`]: a middleware guarding whole routes or routers.

use axum::extract::{FromRequestParts, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::extract::SignedInUser;

/// Lets only signed-in users through: browsers are sent to log in (and come back), API calls
/// get `401`. The [`SignedInUser`] is left in the request for handlers to take cheaply.
///
/// ```no_run
/// use axum::{Router, middleware, routing::get};
/// # fn app(web: auth0_sdk::web::WebAuth) -> Router {
/// let private = Router::new()
///     .route("/account", get(|| async { "only for signed-in users" }))
///     .route_layer(middleware::from_fn(auth0_sdk::web::requires_auth));
/// web.mount(Router::new().merge(private))
/// # }
/// ```
pub async fn requires_auth(request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    match SignedInUser::from_request_parts(&mut parts, &()).await {
        Ok(_) => next.run(Request::from_parts(parts, body)).await,
        Err(rejection) => rejection.into_response(),
    }
}
