//! The prelude of the web pages: what nearly every page uses, and every
//! page function by name, so a page module reads as its decisions.

pub(super) use super::access::{Viewer, open, viewer};
pub(super) use super::csrf::*;
pub(super) use super::form::Fields;
pub(super) use super::form_items::{
  self, Item, apply_answers, apply_profile, profile_item, question_item,
};
pub(super) use super::kept::Scored;
pub(super) use super::message::*;
pub(super) use super::respond::cookie;
pub(super) use super::steps::{self, Applicable, Step};
pub(super) use super::stored::*;
pub(super) use super::{App, Page, Req, SESSION_TTL, Shared, blocking};

pub(super) use crate::assessment::{Assessment, Completeness, Mode, format_date, today};
pub(super) use crate::error::Error;
pub(super) use crate::interview::Interview;
pub(super) use crate::plan::{PlanOptions, plan};
pub(super) use crate::scoring::{Score, score};
pub(super) use crate::source::SourceFile;
pub(super) use crate::storage::{NewAssessment, Record, Status, Summary, User, token};
pub(super) use crate::text::Lang;
pub(super) use axum::extract::{Path, State};
pub(super) use axum::http::header;
pub(super) use minijinja::value::Serde;
pub(super) use minijinja::{Value, context};
pub(super) use serde::Serialize;
