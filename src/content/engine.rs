//! The template environment together with every condition compiled once.
//!
//! A compiled minijinja expression borrows its environment, so both live in
//! one self-referential cell: conditions are parsed at load, not at each of
//! the thousands of evaluations a survey batch makes.

use crate::error::Error;
use minijinja::Expression;
use minijinja::{Environment, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

type Expressions<'env> = BTreeMap<String, Expression<'env, 'static>>;

self_cell::self_cell!(
  /// The environment and its compiled conditions.
  pub struct Engine {
    owner: Environment<'static>,
    #[covariant]
    dependent: Expressions,
  }
);

impl fmt::Debug for Engine {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.debug_struct("Engine")
      .field("conditions", &self.borrow_dependent().len())
      .finish()
  }
}

impl Engine {
  /// Compiles `conditions` in `env`; one that does not compile is left out
  /// (the content checks report it) and compiled again, failing, if used.
  pub fn build(env: Environment<'static>, conditions: BTreeSet<String>) -> Self {
    Engine::new(env, |env| {
      conditions
        .into_iter()
        .filter_map(|source| {
          env
            .compile_expression_owned(source.clone())
            .ok()
            .map(|e| (source, e))
        })
        .collect()
    })
  }

  /// The environment.
  pub fn env(&self) -> &Environment<'static> {
    self.borrow_owner()
  }

  /// The variables a precompiled condition reads, or `None` when it was
  /// not precompiled (it did not compile).
  pub fn variables(&self, expression: &str) -> Option<std::collections::HashSet<String>> {
    self
      .borrow_dependent()
      .get(expression)
      .map(|e| e.undeclared_variables(true))
  }

  /// Evaluates `expression` over `facts` as a truth value.
  pub fn holds(&self, expression: &str, facts: &Value) -> Result<bool, Error> {
    let fail = |e: minijinja::Error| Error::Condition {
      expression: expression.to_owned(),
      message: e.to_string(),
    };
    let value = match self.borrow_dependent().get(expression) {
      Some(compiled) => compiled.eval(facts),
      None => self
        .env()
        .compile_expression(expression)
        .map_err(fail)?
        .eval(facts),
    };
    Ok(value.map_err(fail)?.is_true())
  }
}
