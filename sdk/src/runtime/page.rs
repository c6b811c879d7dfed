//! Pages of list results. (Interface stub.)

/// One page of a list operation.
#[derive(Debug)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
}
