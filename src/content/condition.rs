//! The condition language content uses, parsed once into a tree.
//!
//! Conditions (`when`, `requires`, `done_when`...) are minijinja
//! expressions. The content uses a small part of that language: names with
//! attributes (`profile.sector`, `answers.LD01`, `level`), string, number
//! and `none` literals, lists, comparisons, `in` / `not in`, `and` / `or` /
//! `not`, parentheses and the `length` filter. This module parses exactly
//! that part; whatever else an author writes is not parsed here and stays
//! with minijinja (`Condition::parse` returns `Err` with the reason).
//!
//! Two readers use the tree: `xpath.rs` translates it for field tools, and
//! `engine.rs` evaluates it over the facts without the template engine's
//! interpreter, which is most of the cost of scoring and planning a survey.
//!
//! ```
//! use coopdx::content::condition::Condition;
//!
//! let c = Condition::parse("profile.sector == 'agriculture' and (answers.PE03 or 0) < 10").unwrap();
//! assert!(matches!(c, Condition::And(..)));
//! assert!(Condition::parse("range(3) | list").is_err());
//! ```

/// A token of a condition.
#[derive(Clone, Debug, PartialEq)]
enum Token {
  Name(String),
  Str(String),
  Num(String),
  Op(&'static str),
  Open(char),
  Close(char),
  Comma,
  Pipe,
}

/// A parsed condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
  /// A name and its attributes: `profile.sector` is `["profile", "sector"]`.
  Path(Vec<String>),
  Str(String),
  /// A number as written (`10`, `0.5`, `-1`).
  Num(String),
  Bool(bool),
  None,
  List(Vec<Condition>),
  /// `==`, `!=`, `<`, `<=`, `>`, `>=`.
  Compare(&'static str, Box<Condition>, Box<Condition>),
  /// `item in container`, or `not in` when the flag is set.
  In(Box<Condition>, Box<Condition>, bool),
  And(Box<Condition>, Box<Condition>),
  Or(Box<Condition>, Box<Condition>),
  Not(Box<Condition>),
  /// `x | length`.
  Length(Box<Condition>),
}

impl Condition {
  /// Parses `expr`, or says why it is outside the language parsed here.
  pub fn parse(expr: &str) -> Result<Condition, String> {
    let mut parser = Parser {
      tokens: tokens(expr)?,
      at: 0,
    };
    let node = parser.or()?;
    if parser.at != parser.tokens.len() {
      return Err(format!(
        "cannot read what follows {:?}",
        parser.tokens.get(parser.at.saturating_sub(1))
      ));
    }
    Ok(node)
  }
}

fn tokens(expr: &str) -> Result<Vec<Token>, String> {
  let mut out = Vec::new();
  let chars: Vec<char> = expr.chars().collect();
  let mut i = 0;
  while i < chars.len() {
    let c = chars[i];
    let next = chars.get(i + 1).copied();
    match c {
      ' ' | '\t' | '\n' => i += 1,
      '(' | '[' => {
        out.push(Token::Open(c));
        i += 1;
      }
      ')' | ']' => {
        out.push(Token::Close(c));
        i += 1;
      }
      ',' => {
        out.push(Token::Comma);
        i += 1;
      }
      '|' => {
        out.push(Token::Pipe);
        i += 1;
      }
      '\'' | '"' => {
        let end = chars[i + 1..]
          .iter()
          .position(|x| *x == c)
          .ok_or("a string is not closed")?;
        let text: String = chars[i + 1..i + 1 + end].iter().collect();
        // Escapes mean something to minijinja; leave such strings to it.
        if text.contains('\\') {
          return Err("a string holds a `\\` escape".into());
        }
        out.push(Token::Str(text));
        i += end + 2;
      }
      '=' | '!' | '<' | '>' => {
        let op = match (c, next) {
          ('=', Some('=')) => "==",
          ('!', Some('=')) => "!=",
          ('<', Some('=')) => "<=",
          ('>', Some('=')) => ">=",
          ('<', _) => "<",
          ('>', _) => ">",
          _ => return Err(format!("`{c}` is not a comparison")),
        };
        out.push(Token::Op(op));
        i += op.len();
      }
      c if c.is_ascii_digit() || (c == '-' && next.is_some_and(|n| n.is_ascii_digit())) => {
        let len = chars[i + 1..]
          .iter()
          .take_while(|x| x.is_ascii_digit() || **x == '.')
          .count();
        out.push(Token::Num(chars[i..=i + len].iter().collect()));
        i += len + 1;
      }
      c if c.is_alphabetic() || c == '_' => {
        let len = chars[i..]
          .iter()
          .take_while(|x| x.is_alphanumeric() || **x == '_' || **x == '.')
          .count();
        out.push(Token::Name(chars[i..i + len].iter().collect()));
        i += len;
      }
      c => return Err(format!("`{c}` is not part of the condition language")),
    }
  }
  Ok(out)
}

struct Parser {
  tokens: Vec<Token>,
  at: usize,
}

impl Parser {
  fn peek(&self) -> Option<&Token> {
    self.tokens.get(self.at)
  }

  fn word(&self, w: &str) -> bool {
    matches!(self.peek(), Some(Token::Name(n)) if n == w)
  }

  fn take(&mut self) -> Option<Token> {
    let t = self.tokens.get(self.at).cloned();
    self.at += 1;
    t
  }

  fn or(&mut self) -> Result<Condition, String> {
    let mut left = self.and()?;
    while self.word("or") {
      self.at += 1;
      left = Condition::Or(Box::new(left), Box::new(self.and()?));
    }
    Ok(left)
  }

  fn and(&mut self) -> Result<Condition, String> {
    let mut left = self.not()?;
    while self.word("and") {
      self.at += 1;
      left = Condition::And(Box::new(left), Box::new(self.not()?));
    }
    Ok(left)
  }

  fn not(&mut self) -> Result<Condition, String> {
    if self.word("not") {
      self.at += 1;
      return Ok(Condition::Not(Box::new(self.not()?)));
    }
    self.compare()
  }

  fn compare(&mut self) -> Result<Condition, String> {
    let left = self.filtered()?;
    if let Some(Token::Op(op)) = self.peek().cloned() {
      self.at += 1;
      return Ok(Condition::Compare(
        op,
        Box::new(left),
        Box::new(self.filtered()?),
      ));
    }
    let negated =
      self.word("not") && matches!(self.tokens.get(self.at + 1), Some(Token::Name(n)) if n == "in");
    if negated {
      self.at += 1;
    }
    if self.word("in") {
      self.at += 1;
      return Ok(Condition::In(
        Box::new(left),
        Box::new(self.filtered()?),
        negated,
      ));
    }
    Ok(left)
  }

  /// A primary, then `| length` filters (the only filter read here).
  fn filtered(&mut self) -> Result<Condition, String> {
    let mut node = self.primary()?;
    while self.peek() == Some(&Token::Pipe) {
      self.at += 1;
      match self.take() {
        Some(Token::Name(n)) if n == "length" => node = Condition::Length(Box::new(node)),
        other => return Err(format!("the filter {other:?} is not read here")),
      }
    }
    Ok(node)
  }

  fn primary(&mut self) -> Result<Condition, String> {
    match self.take() {
      Some(Token::Open('(')) => {
        let inner = self.or()?;
        match self.take() {
          Some(Token::Close(')')) => Ok(inner),
          _ => Err("a `(` is not closed".into()),
        }
      }
      Some(Token::Open('[')) => self.list(),
      Some(Token::Str(s)) => Ok(Condition::Str(s)),
      Some(Token::Num(n)) => Ok(Condition::Num(n)),
      Some(Token::Name(n)) => Ok(match n.as_str() {
        "none" | "None" => Condition::None,
        "true" | "True" => Condition::Bool(true),
        "false" | "False" => Condition::Bool(false),
        _ if n.split('.').any(str::is_empty) => return Err(format!("`{n}` is not a name")),
        _ => Condition::Path(n.split('.').map(str::to_owned).collect()),
      }),
      Some(t) => Err(format!("unexpected {t:?}")),
      None => Err("the condition ends too early".into()),
    }
  }

  fn list(&mut self) -> Result<Condition, String> {
    let mut items = Vec::new();
    loop {
      if matches!(self.peek(), Some(Token::Close(']'))) {
        self.at += 1;
        return Ok(Condition::List(items));
      }
      items.push(self.primary()?);
      match self.take() {
        Some(Token::Comma) => {}
        Some(Token::Close(']')) => return Ok(Condition::List(items)),
        _ => return Err("a list is not closed".into()),
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::Condition::*;
  use super::*;

  fn path(p: &str) -> Box<Condition> {
    Box::new(Path(p.split('.').map(str::to_owned).collect()))
  }

  #[test]
  fn the_shipped_kinds_of_condition_parse() {
    assert_eq!(
      Condition::parse("answers.SP08 | length >= 3").unwrap(),
      Compare(
        ">=",
        Box::new(Length(path("answers.SP08"))),
        Box::new(Num("3".into()))
      )
    );
    assert_eq!(
      Condition::parse("'none' not in answers.MK02").unwrap(),
      In(Box::new(Str("none".into())), path("answers.MK02"), true)
    );
    assert_eq!(
      Condition::parse("not answers.A == 'x' or level >= 2 and true").unwrap(),
      Or(
        Box::new(Not(Box::new(Compare(
          "==",
          path("answers.A"),
          Box::new(Str("x".into()))
        )))),
        Box::new(And(
          Box::new(Compare(">=", path("level"), Box::new(Num("2".into())))),
          Box::new(Bool(true))
        ))
      )
    );
  }

  #[test]
  fn what_is_not_read_here_is_refused_with_the_reason() {
    for bad in [
      "range(3) | list",
      "x | upper",
      "a + 1",
      "profile.sector == 'a",
      "a < b < c",
      "'a\\'b' == x",
      "profile..x",
    ] {
      assert!(Condition::parse(bad).is_err(), "{bad}");
    }
  }
}
