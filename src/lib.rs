//! coopdx rates how ready a Vietnamese cooperative (hợp tác xã, HTX) is for
//! digital transformation and explains the rating question by question.
//!
//! The pipeline mirrors the module tree:
//!
//! 1. [`content`]: questionnaire, rules and templates, loaded from the
//!    binary or a folder and checked ([`Content::load`]).
//! 2. [`assessment`]: one cooperative's answers, read and checked against the
//!    questionnaire ([`Assessment::parse`]).
//! 3. [`scoring`]: answers → dimension scores → readiness index → level
//!    ([`score()`]). Pure, `Decimal` throughout.
//! 4. [`render`]: text and JSON for people and tools.
//!
//! ```
//! use coopdx::{Assessment, Completeness, Content, SourceFile};
//!
//! let content = Content::embedded()?;
//! let file = SourceFile::new(
//!   "htx.yaml",
//!   include_str!("../examples/htx-nong-nghiep-tien-tien.yaml"),
//! );
//! let assessment = Assessment::parse(&file, &content, Completeness::Complete)
//!   .expect("the example is valid");
//! let score = coopdx::score(&content, &assessment)?;
//! assert!(score.level.number >= 3);
//! # Ok::<(), coopdx::Error>(())
//! ```

mod atomic;
mod common;
mod diagnostic;
mod error;
mod parallel;
mod source;
mod text;

pub mod advice;
pub mod assessment;
pub mod batch;
pub mod cli;
pub mod compare;
pub mod content;
pub mod fieldtool;
pub mod interview;
pub mod number;
pub mod plan;
pub mod render;
pub mod scoring;
pub mod storage;
pub mod summary;
pub mod web;

pub use assessment::{Assessment, Completeness};
pub use atomic::write as write_atomic;
pub use content::Content;
pub use diagnostic::{Diagnostic, emit as emit_diagnostics};
pub use error::Error;
pub use scoring::{Score, score};
pub use source::SourceFile;
pub use text::{Lang, Text, nfc};
