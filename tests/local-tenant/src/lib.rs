//! Local tenant.
