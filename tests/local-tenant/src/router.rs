//! Assembles the application: authentication routes, `/api/v2`, `/me/v1`, `/my-org/v1`,
//! fallbacks and the gateway.

use axum::Router;
use axum::middleware::from_fn_with_state;

use crate::gateway::gateway;
use crate::management;
use crate::oauth;
use crate::state::Shared;

pub(crate) fn build(state: Shared) -> Router {
    let api = management::routes()
        .fallback(management::fallback::handle)
        .method_not_allowed_fallback(management::fallback::handle);
    Router::new()
        .merge(oauth::routes())
        .nest("/api/v2", api)
        .nest("/me/v1", crate::my_account::routes())
        .nest("/my-org/v1", crate::my_organization::routes())
        .fallback(|| async { management::fallback::not_found() })
        .layer(from_fn_with_state(state.clone(), gateway))
        .with_state(state)
}
