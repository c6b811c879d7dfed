//! Fixtures for the fleet tests: a real `redis-server` started on a free loopback port, and the
//! worker each spawned process runs (shared with `examples/fleet.rs`).

pub mod redis_server;
pub mod worker;
