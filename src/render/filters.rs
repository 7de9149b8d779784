//! Template filters and number formats, re-exported where the report code
//! has always found them; they live in `content::filters` (content owns the
//! template environment) and `number` (a leaf).

pub use crate::content::filters::register;
pub use crate::number::{format_number, format_vnd, group_thousands};
