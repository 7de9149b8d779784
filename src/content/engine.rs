//! The template environment together with every condition compiled once.
//!
//! A compiled minijinja expression borrows its environment, so both live in
//! one self-referential cell: conditions are parsed at load, not at each of
//! the thousands of evaluations a survey batch makes.
//!
//! Conditions in the part of the language `condition.rs` parses are also
//! kept as trees and evaluated here directly over the facts, with
//! minijinja's own value comparisons: the same answer at a fraction of the
//! interpreter's cost. Whatever the tree cannot decide exactly as minijinja
//! would (an undefined name, a value of an unexpected kind) goes to
//! minijinja, which gives the answer or the error; debug builds check every
//! native answer against minijinja's.

use super::AnswerFacts;
use super::condition::Condition;
use crate::error::Error;
use minijinja::Expression;
use minijinja::{Environment, Value};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

type Expressions<'env> = BTreeMap<String, Expression<'env, 'static>>;

self_cell::self_cell!(
  /// The environment and its compiled conditions.
  struct Compiled {
    owner: Environment<'static>,
    #[covariant]
    dependent: Expressions,
  }
);

/// The template environment and every condition of the content, compiled.
pub struct Engine {
  compiled: Compiled,
  // Looked up by the condition's text at every evaluation: a fast hash.
  native: FxHashMap<String, Native>,
}

impl fmt::Debug for Engine {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.debug_struct("Engine")
      .field("conditions", &self.compiled.borrow_dependent().len())
      .field("native", &self.native.len())
      .finish()
  }
}

impl Engine {
  /// Compiles `conditions` in `env`; one that does not compile is left out
  /// (the content checks report it) and compiled again, failing, if used.
  /// `positions` are the questions' by id, so that `answers.ID` is read
  /// by position rather than looked up by name at every evaluation.
  pub fn build(
    env: Environment<'static>,
    conditions: BTreeSet<String>,
    positions: &BTreeMap<String, usize>,
  ) -> Self {
    let native = conditions
      .iter()
      .filter_map(|source| {
        let tree = Condition::parse(source).ok()?;
        Some((source.clone(), Native::new(&tree, positions)?))
      })
      .collect();
    let compiled = Compiled::new(env, |env| {
      conditions
        .into_iter()
        .filter_map(|source| {
          env
            .compile_expression_owned(source.clone())
            .ok()
            .map(|e| (source, e))
        })
        .collect()
    });
    Engine { compiled, native }
  }

  /// The environment.
  pub fn env(&self) -> &Environment<'static> {
    self.compiled.borrow_owner()
  }

  /// The variables a precompiled condition reads, or `None` when it was
  /// not precompiled (it did not compile).
  pub fn variables(&self, expression: &str) -> Option<std::collections::HashSet<String>> {
    self
      .compiled
      .borrow_dependent()
      .get(expression)
      .map(|e| e.undeclared_variables(true))
  }

  /// Evaluates `expression` over `facts` as a truth value.
  pub fn holds(&self, expression: &str, facts: &Value) -> Result<bool, Error> {
    if let Some(answer) = self
      .native
      .get(expression)
      .and_then(|n| n.eval(facts))
      .map(|v| v.is_true())
    {
      debug_assert_eq!(
        self.interpreted(expression, facts).ok(),
        Some(answer),
        "native and minijinja disagree on `{expression}` over {facts:?}"
      );
      return Ok(answer);
    }
    self.interpreted(expression, facts)
  }

  /// Evaluates `expression` with minijinja.
  fn interpreted(&self, expression: &str, facts: &Value) -> Result<bool, Error> {
    let fail = |e: minijinja::Error| Error::Condition {
      expression: expression.to_owned(),
      message: e.to_string(),
    };
    let value = match self.compiled.borrow_dependent().get(expression) {
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

/// A condition tree ready to evaluate: literals already made values.
#[derive(Debug)]
enum Native {
  Path(Box<[String]>),
  /// `answers.ID` (or a grid's row, `answers.GRID.ROW`): the question's
  /// position, and the path for facts that are not [`AnswerFacts`].
  Answer(usize, Box<[String]>),
  Value(Value),
  List(Box<[Native]>),
  Compare(&'static str, Box<Native>, Box<Native>),
  In(Box<Native>, Box<Native>, bool),
  And(Box<Native>, Box<Native>),
  Or(Box<Native>, Box<Native>),
  Not(Box<Native>),
  Length(Box<Native>),
}

impl Native {
  /// The tree of `c`, or `None` for a literal minijinja would read
  /// otherwise.
  fn new(c: &Condition, positions: &BTreeMap<String, usize>) -> Option<Native> {
    let boxed = |c: &Condition| Native::new(c, positions).map(Box::new);
    Some(match c {
      Condition::Path(p) => match answer_position(p, positions) {
        Some(position) => Native::Answer(position, p.clone().into()),
        None => Native::Path(p.clone().into()),
      },
      Condition::Str(s) => Native::Value(Value::from(s.as_str())),
      Condition::Num(n) => Native::Value(number(n)?),
      Condition::Bool(b) => Native::Value(Value::from(*b)),
      Condition::None => Native::Value(Value::from(())),
      Condition::List(items) => {
        let items: Box<[Native]> = items
          .iter()
          .map(|i| Native::new(i, positions))
          .collect::<Option<_>>()?;
        // A list of literals (`answers.X in ['a', 'b']`) is made once.
        let literals: Option<Vec<Value>> = items
          .iter()
          .map(|i| match i {
            Native::Value(v) => Some(v.clone()),
            _ => None,
          })
          .collect();
        match literals {
          Some(values) => Native::Value(Value::from(values)),
          None => Native::List(items),
        }
      }
      Condition::Compare(op, a, b) => Native::Compare(op, boxed(a)?, boxed(b)?),
      Condition::In(x, c, negated) => Native::In(boxed(x)?, boxed(c)?, *negated),
      Condition::And(a, b) => Native::And(boxed(a)?, boxed(b)?),
      Condition::Or(a, b) => Native::Or(boxed(a)?, boxed(b)?),
      Condition::Not(a) => Native::Not(boxed(a)?),
      Condition::Length(a) => Native::Length(boxed(a)?),
    })
  }

  /// The value of the tree over `facts`, or `None` where minijinja must
  /// decide (it would fail, or the case is not one read here).
  fn eval(&self, facts: &Value) -> Option<Value> {
    Some(match self {
      Native::Path(path) => lookup(facts, path)?,
      Native::Answer(position, path) => {
        let answers = facts.get_attr("answers").ok()?;
        match answers.downcast_object_ref::<AnswerFacts>() {
          Some(answers) => answers.at(*position)?,
          None => lookup(facts, path)?,
        }
      }
      Native::Value(v) => v.clone(),
      Native::List(items) => Value::from(
        items
          .iter()
          .map(|i| i.eval(facts))
          .collect::<Option<Vec<_>>>()?,
      ),
      Native::Compare(op, a, b) => Value::from(compare(op, &a.eval(facts)?, &b.eval(facts)?)),
      Native::In(x, container, negated) => {
        let found = contains(&container.eval(facts)?, &x.eval(facts)?)?;
        Value::from(found != *negated)
      }
      // `a and b` / `a or b` are a or b themselves, as in Jinja.
      Native::And(a, b) => {
        let a = a.eval(facts)?;
        if a.is_true() { b.eval(facts)? } else { a }
      }
      Native::Or(a, b) => {
        let a = a.eval(facts)?;
        if a.is_true() { a } else { b.eval(facts)? }
      }
      Native::Not(a) => Value::from(!a.eval(facts)?.is_true()),
      Native::Length(a) => Value::from(a.eval(facts)?.len()?),
    })
  }
}

/// The value at `path` in `facts`, or `None` where it is undefined
/// (strict undefined: minijinja reports the missing name).
fn lookup(facts: &Value, path: &[String]) -> Option<Value> {
  let mut value = facts.get_attr(&path[0]).ok()?;
  for attr in &path[1..] {
    value = value.get_attr(attr).ok()?;
  }
  (!value.is_undefined()).then_some(value)
}

/// The position of the question `answers.ID` or `answers.GRID.ROW` reads.
fn answer_position(path: &[String], positions: &BTreeMap<String, usize>) -> Option<usize> {
  match path {
    [answers, id] if answers == "answers" => positions.get(id).copied(),
    [answers, grid, row] if answers == "answers" => {
      positions.get(&super::row_id(grid, row)).copied()
    }
    _ => None,
  }
}

/// A number literal as minijinja makes it: an integer, else a float.
fn number(text: &str) -> Option<Value> {
  if let Ok(i) = text.parse::<i64>() {
    return Some(Value::from(i));
  }
  let f: f64 = text.parse().ok()?;
  f.is_finite().then(|| Value::from(f))
}

/// A comparison, with minijinja's ordering of values.
fn compare(op: &str, a: &Value, b: &Value) -> bool {
  match op {
    "==" => a == b,
    "!=" => a != b,
    "<" => a < b,
    "<=" => a <= b,
    ">" => a > b,
    _ => a >= b,
  }
}

/// `x in container` for a list or a string; `None` for anything else.
fn contains(container: &Value, x: &Value) -> Option<bool> {
  if let Some(s) = container.as_str() {
    return Some(s.contains(x.as_str()?));
  }
  if container.kind() != minijinja::value::ValueKind::Seq {
    return None;
  }
  Some(container.try_iter().ok()?.any(|item| item == *x))
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::content::Content;
  use minijinja::context;

  /// Every condition of the shipped content takes the fast path; one that
  /// fell back to the interpreter would cost a survey batch its speed.
  #[test]
  fn every_shipped_condition_is_evaluated_natively() {
    let content = Content::embedded().expect("content");
    let engine = &content.engine;
    let interpreted: Vec<_> = engine
      .compiled
      .borrow_dependent()
      .keys()
      .filter(|c| !engine.native.contains_key(*c))
      .collect();
    assert!(interpreted.is_empty(), "{interpreted:?}");
  }

  /// Every answer a shipped condition reads, a grid's rows included, is
  /// read by the question's position, not looked up by name.
  #[test]
  fn every_shipped_answer_is_read_by_position() {
    fn by_name(n: &Native) -> Vec<String> {
      match n {
        Native::Path(p) if p[0] == "answers" => vec![p.join(".")],
        Native::List(items) => items.iter().flat_map(by_name).collect(),
        Native::Compare(_, a, b) | Native::And(a, b) | Native::Or(a, b) | Native::In(a, b, _) => {
          [by_name(a), by_name(b)].concat()
        }
        Native::Not(a) | Native::Length(a) => by_name(a),
        _ => Vec::new(),
      }
    }
    let content = Content::embedded().expect("content");
    let looked_up: Vec<String> = content.engine.native.values().flat_map(by_name).collect();
    assert!(looked_up.is_empty(), "{looked_up:?}");
    let dir = std::path::Path::new(concat!(
      env!("CARGO_MANIFEST_DIR"),
      "/examples/content/minimal"
    ));
    let minimal = crate::content::ContentFiles::from_dir(dir)
      .and_then(Content::load)
      .expect("minimal content");
    let rows: Vec<String> = minimal.engine.native.values().flat_map(by_name).collect();
    assert!(rows.is_empty(), "{rows:?}");
  }

  /// The same answers as minijinja on the values conditions meet: none,
  /// integers against floats, empty and full lists, `or` defaults.
  #[test]
  fn native_answers_are_minijinjas() {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let conditions = [
      "answers.N > 0",
      "(answers.N or 0) < 10 or answers.F >= 2.5",
      "answers.C in ['a', 'b', none]",
      "'a' not in answers.M and answers.M | length >= 2",
      "not answers.C == 'a' or level >= 2",
      "answers.C != 'a' and profile.sector == 'agriculture'",
      "answers.F == 2 and answers.N == 2.0",
    ];
    let engine = Engine::build(
      env,
      conditions.iter().map(|c| c.to_string()).collect(),
      &BTreeMap::new(),
    );
    let facts = [
      context! { answers => context! { N => (), F => 2.5, C => (), M => Vec::<String>::new() }, level => 1, profile => context! { sector => () } },
      context! { answers => context! { N => 12, F => 2.0, C => "a", M => vec!["a", "b"] }, level => 3, profile => context! { sector => "agriculture" } },
      context! { answers => context! { N => 2, F => 2, C => "c", M => vec!["b", "c"] }, level => 2, profile => context! { sector => "other" } },
    ];
    for c in conditions {
      assert!(engine.native.contains_key(c), "{c} is not native");
      for f in &facts {
        let native = engine.native[c].eval(f).map(|v| v.is_true());
        assert_eq!(native, engine.interpreted(c, f).ok(), "{c} over {f:?}");
      }
    }
  }

  /// A name the facts lack is minijinja's to report, with its message.
  #[test]
  fn an_undefined_name_is_left_to_minijinja() {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let engine = Engine::build(env, ["answers.X == 1".to_string()].into(), &BTreeMap::new());
    let facts = context! { answers => context! { Y => 1 } };
    assert!(engine.native["answers.X == 1"].eval(&facts).is_none());
    assert!(engine.holds("answers.X == 1", &facts).is_err());
  }
}
