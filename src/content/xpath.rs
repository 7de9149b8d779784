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

use super::condition::Condition;

/// A field a condition reads: its id after `profile.` or `answers.`
/// (`TECH.erp` for a grid's row), and its name in the form (`TECH_erp`).
fn field(path: &[String]) -> Result<(String, String), String> {
  match path {
    [root, id] if root == "profile" || root == "answers" => Ok((id.clone(), id.clone())),
    // A grid's row, `answers.TECH.erp`: the field `TECH_erp`.
    [root, grid, row] if root == "answers" => {
      Ok((format!("{grid}.{row}"), format!("{grid}_{row}")))
    }
    _ => Err(format!(
      "`{}` is not a profile field or an answer",
      path.join(".")
    )),
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

fn emit(node: &Condition, multi: &dyn Fn(&str) -> bool) -> Result<String, String> {
  let emit = |n: &Condition| emit(n, multi);
  let group = |n: &Condition| group(n, multi);
  Ok(match node {
    Condition::Path(path) => format!("${{{}}}", field(path)?.1),
    Condition::Str(s) => quote(s),
    Condition::Num(n) => n.clone(),
    Condition::Bool(b) => format!("{b}()"),
    Condition::None => "''".into(),
    Condition::List(_) => return Err("a list stands only after `in`".into()),
    Condition::Length(_) => return Err("the `length` filter has no XPath".into()),
    Condition::Compare(op, a, b) => {
      let op = if *op == "==" { "=" } else { op };
      format!("{} {op} {}", emit(a)?, emit(b)?)
    }
    Condition::In(x, list, negated) => {
      let inner = membership(x, list, multi)?;
      if *negated {
        format!("not({inner})")
      } else {
        inner
      }
    }
    Condition::And(a, b) => format!("{} and {}", group(a)?, group(b)?),
    // `x or 0`: the field, or the default when it is empty.
    Condition::Or(a, b) if matches!(**b, Condition::Num(_) | Condition::Str(_)) => {
      format!("coalesce({}, {})", emit(a)?, emit(b)?)
    }
    Condition::Or(a, b) => format!("{} or {}", group(a)?, group(b)?),
    Condition::Not(a) => format!("not({})", emit(a)?),
  })
}

/// A sub-expression, parenthesised where `and` binds tighter than `or`.
fn group(node: &Condition, multi: &dyn Fn(&str) -> bool) -> Result<String, String> {
  let text = emit(node, multi)?;
  Ok(match node {
    Condition::Or(_, b) if !matches!(**b, Condition::Num(_) | Condition::Str(_)) => {
      format!("({text})")
    }
    _ => text,
  })
}

fn membership(
  x: &Condition,
  list: &Condition,
  multi: &dyn Fn(&str) -> bool,
) -> Result<String, String> {
  match (x, list) {
    // One choice among several.
    (Condition::Path(_), Condition::List(items)) => {
      let field = emit(x, multi)?;
      let tests: Vec<String> = items
        .iter()
        .map(|i| Ok(format!("{field} = {}", emit(i, multi)?)))
        .collect::<Result<_, String>>()?;
      Ok(match tests.len() {
        0 => "false()".into(),
        1 => tests[0].clone(),
        _ => format!("({})", tests.join(" or ")),
      })
    }
    // An option ticked in a multiple choice, or refused for another field.
    (x, Condition::Path(path)) => {
      let (id, name) = field(path)?;
      match x {
        Condition::Str(s) if multi(&id) => Ok(format!("selected(${{{name}}}, {})", quote(s))),
        _ if !multi(&id) => Err(format!(
          "`{id}` is not a multiple choice, so `in {id}` has no XPath"
        )),
        _ => Err("`in` a multiple choice needs an option id in quotes".into()),
      }
    }
    _ => Err("`in` needs a list or a multiple-choice answer".into()),
  }
}

/// The XPath of `expr`; `multi` says which answer ids are multiple choices.
pub fn translate(expr: &str, multi: &dyn Fn(&str) -> bool) -> Result<String, String> {
  emit(&Condition::parse(expr)?, multi)
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
