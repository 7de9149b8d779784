//! The prelude every module starts from.

pub(crate) use std::collections::{BTreeMap, BTreeSet};
pub(crate) use std::fmt;
pub(crate) use std::fs;
pub(crate) use std::io;
pub(crate) use std::path::{Path, PathBuf};

pub(crate) use minijinja::{Environment, UndefinedBehavior, Value};
pub(crate) use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
pub(crate) use rust_decimal::{Decimal, RoundingStrategy};
pub(crate) use serde::{Deserialize, Serialize};
pub(crate) use time::Date;
pub(crate) use time::macros::format_description;

pub(crate) use crate::assessment::Assessment;
pub(crate) use crate::content::{
  AnswerOption, AnswerValue, Content, ContentFiles, FieldKind, Gate, MaturityLevel, ProfileField,
  Question, QuestionKind,
};
pub(crate) use crate::diagnostic::Diagnostic;
pub(crate) use crate::error::Error;
pub(crate) use crate::source::SourceFile;
pub(crate) use crate::text::{Lang, Text, nfc};
