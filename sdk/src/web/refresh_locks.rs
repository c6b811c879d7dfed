//! The process-local half of serializing refresh-token use (see `refresh`).

use std::hash::BuildHasher;

use tokio::sync::Mutex;

/// Striped locks: bounded memory whatever the number of sessions; two tokens sharing a stripe
/// only wait for each other.
const STRIPES: usize = 64;

/// The process-local half of serializing refreshes, one set per [`WebAuth`] (its clones
/// share it). Across processes the token cache's lock does the same.
pub(crate) struct RefreshLocks {
    stripes: Vec<Mutex<()>>,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for RefreshLocks {
    fn default() -> Self {
        RefreshLocks {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            hasher: Default::default(),
        }
    }
}

impl RefreshLocks {
    pub(crate) fn stripe(&self, token: &str) -> &Mutex<()> {
        &self.stripes[(self.hasher.hash_one(token) as usize) % STRIPES]
    }
}
