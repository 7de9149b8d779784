//! Conditions as XPath, for field tools (KoboToolbox, ODK Collect) that
//! read an XLSForm: the subset of the condition language the content uses
//! (comparisons, `and` / `or` / `not`, `in` a list, membership in a
//! multiple choice, `x or 0` for a default), translated exactly or refused
//! with the reason, so `coopdx validate` can tell an author before a form
//! is exported.
//!
//! ```
//! use coopdx::content::xpath::translate;
//!
//! let multi = |_: &str| false;
//! let x = translate("profile.sector in ['agriculture', none] and (profile.workers or 0) > 0", &multi);
//! assert_eq!(x.unwrap(), "(${sector} = 'agriculture' or ${sector} = '') and coalesce(${workers}, 0) > 0");
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
      '\'' | '"' => {
        let end = chars[i + 1..]
          .iter()
          .position(|x| *x == c)
          .ok_or("a string is not closed")?;
        out.push(Token::Str(chars[i + 1..i + 1 + end].iter().collect()));
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
          _ => return Err(format!("`{c}` is not an operator field tools know")),
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
      c => return Err(format!("`{c}` cannot be translated")),
    }
  }
  Ok(out)
}

/// A parsed condition.
#[derive(Debug)]
enum Node {
  /// A field: its id, and whether it is a multiple choice.
  Field(String, bool),
  Str(String),
  Num(String),
  None,
  List(Vec<Node>),
  Compare(&'static str, Box<Node>, Box<Node>),
  In(Box<Node>, Box<Node>, bool),
  And(Box<Node>, Box<Node>),
  Or(Box<Node>, Box<Node>),
  Not(Box<Node>),
}

struct Parser<'a> {
  tokens: Vec<Token>,
  at: usize,
  multi: &'a dyn Fn(&str) -> bool,
}

impl Parser<'_> {
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

  fn or(&mut self) -> Result<Node, String> {
    let mut left = self.and()?;
    while self.word("or") {
      self.at += 1;
      left = Node::Or(Box::new(left), Box::new(self.and()?));
    }
    Ok(left)
  }

  fn and(&mut self) -> Result<Node, String> {
    let mut left = self.not()?;
    while self.word("and") {
      self.at += 1;
      left = Node::And(Box::new(left), Box::new(self.not()?));
    }
    Ok(left)
  }

  fn not(&mut self) -> Result<Node, String> {
    if self.word("not") {
      self.at += 1;
      return Ok(Node::Not(Box::new(self.not()?)));
    }
    self.compare()
  }

  fn compare(&mut self) -> Result<Node, String> {
    let left = self.primary()?;
    if let Some(Token::Op(op)) = self.peek().cloned() {
      self.at += 1;
      return Ok(Node::Compare(op, Box::new(left), Box::new(self.primary()?)));
    }
    let negated =
      self.word("not") && matches!(self.tokens.get(self.at + 1), Some(Token::Name(n)) if n == "in");
    if negated {
      self.at += 1;
    }
    if self.word("in") {
      self.at += 1;
      return Ok(Node::In(Box::new(left), Box::new(self.primary()?), negated));
    }
    Ok(left)
  }

  fn primary(&mut self) -> Result<Node, String> {
    match self.take() {
      Some(Token::Open('(')) => {
        let inner = self.or()?;
        match self.take() {
          Some(Token::Close(')')) => Ok(inner),
          _ => Err("a `(` is not closed".into()),
        }
      }
      Some(Token::Open('[')) => {
        let mut items = Vec::new();
        loop {
          if matches!(self.peek(), Some(Token::Close(']'))) {
            self.at += 1;
            return Ok(Node::List(items));
          }
          items.push(self.primary()?);
          match self.take() {
            Some(Token::Comma) => {}
            Some(Token::Close(']')) => return Ok(Node::List(items)),
            _ => return Err("a list is not closed".into()),
          }
        }
      }
      Some(Token::Str(s)) => Ok(Node::Str(s)),
      Some(Token::Num(n)) => Ok(Node::Num(n)),
      Some(Token::Name(n)) if n == "none" => Ok(Node::None),
      Some(Token::Name(n)) => match n.split_once('.') {
        Some(("profile" | "answers", id)) if !id.contains('.') => {
          let multi = (self.multi)(id);
          Ok(Node::Field(id.to_owned(), multi))
        }
        // A grid's row, `answers.TECH.erp`: the field `TECH_erp`.
        Some(("answers", id)) if id.matches('.').count() == 1 => {
          let multi = (self.multi)(id);
          Ok(Node::Field(id.replace('.', "_"), multi))
        }
        _ => Err(format!("`{n}` is not a profile field or an answer")),
      },
      Some(t) => Err(format!("unexpected {t:?}")),
      None => Err("the condition ends too early".into()),
    }
  }
}

/// `s` as an XPath string literal.
pub fn quote(s: &str) -> String {
  if !s.contains('\'') {
    format!("'{s}'")
  } else if !s.contains('"') {
    format!("\"{s}\"")
  } else {
    let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
    format!("concat({})", parts.join(", \"'\", "))
  }
}

fn emit(node: &Node) -> Result<String, String> {
  Ok(match node {
    Node::Field(id, _) => format!("${{{id}}}"),
    Node::Str(s) => quote(s),
    Node::Num(n) => n.clone(),
    Node::None => "''".into(),
    Node::List(_) => return Err("a list stands only after `in`".into()),
    Node::Compare(op, a, b) => {
      let op = if *op == "==" { "=" } else { op };
      format!("{} {op} {}", emit(a)?, emit(b)?)
    }
    Node::In(x, list, negated) => {
      let inner = membership(x, list)?;
      if *negated {
        format!("not({inner})")
      } else {
        inner
      }
    }
    Node::And(a, b) => format!("{} and {}", group(a)?, group(b)?),
    // `x or 0`: the field, or the default when it is empty.
    Node::Or(a, b) if matches!(**b, Node::Num(_) | Node::Str(_)) => {
      format!("coalesce({}, {})", emit(a)?, emit(b)?)
    }
    Node::Or(a, b) => format!("{} or {}", group(a)?, group(b)?),
    Node::Not(a) => format!("not({})", emit(a)?),
  })
}

/// A sub-expression, parenthesised where `and` binds tighter than `or`.
fn group(node: &Node) -> Result<String, String> {
  let text = emit(node)?;
  Ok(match node {
    Node::Or(_, b) if !matches!(**b, Node::Num(_) | Node::Str(_)) => format!("({text})"),
    _ => text,
  })
}

fn membership(x: &Node, list: &Node) -> Result<String, String> {
  match (x, list) {
    // One choice among several.
    (Node::Field(..), Node::List(items)) => {
      let field = emit(x)?;
      let tests: Vec<String> = items
        .iter()
        .map(|i| Ok(format!("{field} = {}", emit(i)?)))
        .collect::<Result<_, String>>()?;
      Ok(match tests.len() {
        0 => "false()".into(),
        1 => tests[0].clone(),
        _ => format!("({})", tests.join(" or ")),
      })
    }
    // An option ticked in a multiple choice.
    (Node::Str(s), Node::Field(id, true)) => Ok(format!("selected(${{{id}}}, {})", quote(s))),
    (_, Node::Field(id, false)) => Err(format!(
      "`{id}` is not a multiple choice, so `in {id}` has no XPath"
    )),
    _ => Err("`in` needs a list or a multiple-choice answer".into()),
  }
}

/// The XPath of `expr`; `multi` says which answer ids are multiple choices.
pub fn translate(expr: &str, multi: &dyn Fn(&str) -> bool) -> Result<String, String> {
  let mut parser = Parser {
    tokens: tokens(expr)?,
    at: 0,
    multi,
  };
  let node = parser.or()?;
  if parser.at != parser.tokens.len() {
    return Err(format!(
      "cannot translate what follows {:?}",
      parser.tokens.get(parser.at.saturating_sub(1))
    ));
  }
  emit(&node)
}

#[cfg(test)]
mod tests {
  use super::*;

  fn x(expr: &str) -> Result<String, String> {
    translate(expr, &|id| id == "MK01")
  }

  #[test]
  fn the_shipped_kinds_of_condition_translate() {
    assert_eq!(
      x("profile.sector == 'agriculture'").unwrap(),
      "${sector} = 'agriculture'"
    );
    assert_eq!(x("answers.IN01 > 0").unwrap(), "${IN01} > 0");
    assert_eq!(
      x("answers.LD01 in ['informal', 'plan_board']").unwrap(),
      "(${LD01} = 'informal' or ${LD01} = 'plan_board')"
    );
    assert_eq!(
      x("profile.legal_form != 'to_hop_tac' and (profile.workers or 0) > 0").unwrap(),
      "${legal_form} != 'to_hop_tac' and coalesce(${workers}, 0) > 0"
    );
    assert_eq!(
      x("'zalo' in answers.MK01").unwrap(),
      "selected(${MK01}, 'zalo')"
    );
    assert_eq!(
      x("not (answers.IN01 > 0 or profile.members >= 10)").unwrap(),
      "not(${IN01} > 0 or ${members} >= 10)"
    );
    assert_eq!(
      x("profile.sector == 'a' or profile.sector == 'b' and profile.members > 3").unwrap(),
      "${sector} = 'a' or ${sector} = 'b' and ${members} > 3"
    );
  }

  #[test]
  fn what_field_tools_cannot_read_is_refused_with_the_reason() {
    for bad in [
      "profile.name | length > 3",
      "answers.LD01 in answers.LD02",
      "range(3) | list",
      "profile.sector == 'a",
      "loop.index > 1",
    ] {
      assert!(x(bad).is_err(), "{bad}");
    }
  }

  #[test]
  fn quotes_inside_strings_survive() {
    assert_eq!(quote("it's"), "\"it's\"");
    assert_eq!(quote("a'b\"c"), "concat('a', \"'\", 'b\"c')");
  }
}
