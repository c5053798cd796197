//! A page to render, as the area modules (duty cards, exercises, incidents, obligations,
//! learning paths) hand it to `pages`, and the one way they turn view data into template
//! values.

use serde::Serialize;
use tera::Value;

/// One page to render: where it goes, its template, and its own data.
pub(super) struct Job {
    /// Output path, relative to the edition's root.
    pub(super) path: String,
    /// Theme template that renders it.
    pub(super) template: &'static str,
    /// Page title.
    pub(super) title: String,
    /// Navigation section it belongs to.
    pub(super) section: &'static str,
    /// The page's own template data.
    pub(super) data: Vec<(&'static str, Value)>,
}

/// A view value as template data.
pub(super) fn val<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from_serializable(v)
}
