//! The prelude of the edge modules (command line, rendering, file
//! writing). The core (content, assessment, scoring, advice, plan, compare,
//! interview) imports what it uses by name, so its dependencies show.

pub(crate) use std::collections::{BTreeMap, BTreeSet};
pub(crate) use std::fs;
pub(crate) use std::io;
pub(crate) use std::path::{Path, PathBuf};

pub(crate) use minijinja::{Environment, Value};
pub(crate) use rust_decimal::Decimal;
pub(crate) use rust_decimal::prelude::ToPrimitive;
pub(crate) use serde::Serialize;
pub(crate) use time::Date;

pub(crate) use crate::assessment::Assessment;
pub(crate) use crate::content::{
  AnswerValue, Content, ContentFiles, FieldKind, Question, QuestionKind,
};
pub(crate) use crate::error::Error;
pub(crate) use crate::source::SourceFile;
pub(crate) use crate::text::{Lang, Text, nfc};
