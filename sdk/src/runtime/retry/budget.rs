//! A client-wide allowance of retries, so a failing Auth0 is not hammered by every caller.

use std::sync::atomic::{AtomicU64, Ordering};

/// Each retry spends this many units; each success earns one back (so five successes pay
/// for one retry), the token-bucket scheme (and cost) of the AWS SDKs' standard mode. A
/// service seeing one failure in five keeps retrying; one whose calls mostly fail (a storm)
/// stops after the burst.
const RETRY_COST: u64 = 5;

/// How many retries a client may make when everything fails, refilled by successes.
///
/// The default allows 100 retries in a row, then one retry per five successful requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryBudget {
    capacity: Option<u64>,
}

impl RetryBudget {
    /// A budget of `retries` retries, refilled by one retry per five successes.
    pub fn new(retries: u32) -> RetryBudget {
        RetryBudget {
            capacity: Some(u64::from(retries) * RETRY_COST),
        }
    }

    /// No budget: retries are limited only by each request's policy.
    pub fn unlimited() -> RetryBudget {
        RetryBudget { capacity: None }
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget::new(100)
    }
}

/// The live bucket shared by all clones of a transport.
#[derive(Debug)]
pub(crate) struct BudgetState {
    capacity: u64,
    units: AtomicU64,
}

impl BudgetState {
    pub(crate) fn new(budget: RetryBudget) -> Option<BudgetState> {
        let capacity = budget.capacity?;
        Some(BudgetState {
            capacity,
            units: AtomicU64::new(capacity),
        })
    }

    /// Takes the cost of one retry; `false` when the budget is spent.
    pub(crate) fn try_withdraw(&self) -> bool {
        self.units
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |units| {
                units.checked_sub(RETRY_COST)
            })
            .is_ok()
    }

    /// Credits a success.
    pub(crate) fn deposit(&self) {
        // Skip the write when full: the common case, and it keeps the cache line shared.
        if self.units.load(Ordering::Relaxed) < self.capacity {
            let _ = self.units.fetch_update(Ordering::AcqRel, Ordering::Acquire, |units| {
                (units < self.capacity).then_some(units + 1)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spends_and_refills() {
        let state = BudgetState::new(RetryBudget::new(1)).unwrap();
        assert!(state.try_withdraw());
        assert!(!state.try_withdraw());
        for _ in 0..4 {
            state.deposit();
        }
        assert!(!state.try_withdraw());
        state.deposit();
        assert!(state.try_withdraw());
        assert!(BudgetState::new(RetryBudget::unlimited()).is_none());
    }
}
