//! Writing an assessment file.

use super::*;
use crate::assessment::Assessment;
use crate::content::{AnswerValue, Content};
use yaml_serde::{Mapping, Value as Yaml};

impl Assessment {
  /// The assessment as the YAML the interview writes: questionnaire, stage,
  /// date, mode, assessor, profile in form order, answers in question order.
  pub fn to_yaml(&self, content: &Content) -> String {
    let mut root = Mapping::new();
    let mut q = Mapping::new();
    q.insert("id".into(), self.questionnaire.id.clone().into());
    q.insert("version".into(), self.questionnaire.version.clone().into());
    root.insert("questionnaire".into(), Yaml::Mapping(q));
    root.insert("stage".into(), self.stage.clone().into());
    if let Some(date) = self.date {
      root.insert("date".into(), iso_date(date).into());
    }
    root.insert("mode".into(), self.mode.name().into());
    if let Some(assessor) = &self.assessor {
      root.insert("assessor".into(), assessor.clone().into());
    }
    let mut profile = Mapping::new();
    for field in &content.questionnaire.profile {
      if let Some(v) = self.profile.get(&field.id) {
        let value = match v {
          ProfileValue::Text(s) => Yaml::from(s.clone()),
          ProfileValue::Integer(i) => Yaml::from(*i),
        };
        profile.insert(field.id.clone().into(), value);
      }
    }
    root.insert("profile".into(), Yaml::Mapping(profile));
    let mut answers = Mapping::new();
    for question in &content.questionnaire.questions {
      let Some(response) = self.responses.get(&question.id) else {
        continue;
      };
      let value = match &response.answer {
        Answer::Given(AnswerValue::Choice(id)) => Yaml::from(id.clone()),
        Answer::Given(AnswerValue::Multi(ids)) => {
          Yaml::Sequence(ids.iter().map(|i| Yaml::from(i.clone())).collect())
        }
        Answer::Given(AnswerValue::Number(x)) => Yaml::from(x.normalize().to_string()),
        Answer::Given(AnswerValue::Text(t)) => Yaml::from(t.clone()),
        Answer::NotApplicable => Yaml::from("not_applicable"),
        Answer::DontKnow => Yaml::from("dont_know"),
      };
      let entry = match &response.note {
        Some(note) => {
          let mut m = Mapping::new();
          m.insert("answer".into(), value);
          m.insert("note".into(), note.clone().into());
          Yaml::Mapping(m)
        }
        None => value,
      };
      // A grid's rows are written under the grid: `TECH: {erp: ...}`.
      match &question.grid {
        Some(g) => {
          let rows = answers
            .entry(g.grid.clone().into())
            .or_insert_with(|| Yaml::Mapping(Mapping::new()));
          if let Yaml::Mapping(rows) = rows {
            rows.insert(g.row.clone().into(), entry);
          }
        }
        None => {
          answers.insert(question.id.clone().into(), entry);
        }
      }
    }
    root.insert("answers".into(), Yaml::Mapping(answers));
    quote_yaml11_booleans(&yaml_serde::to_string(&Yaml::Mapping(root)).unwrap_or_default())
  }
}

/// YAML 1.1 readers (older tools, spreadsheets' importers) take a bare
/// `no`, `yes`, `on` or `off` for a boolean: such values are written
/// quoted, so `PE04: 'no'` stays the option id it is.
fn quote_yaml11_booleans(yaml: &str) -> String {
  const WORDS: [&str; 8] = ["y", "n", "yes", "no", "on", "off", "true", "false"];
  let mut out = String::with_capacity(yaml.len() + 16);
  for line in yaml.lines() {
    let value_at = if let Some(rest) = line.trim_start().strip_prefix("- ") {
      line.len() - rest.len()
    } else {
      line.find(": ").map_or(line.len(), |i| i + 2)
    };
    let (head, value) = line.split_at(value_at);
    if WORDS.contains(&value.to_ascii_lowercase().as_str()) {
      out.push_str(&format!("{head}'{value}'"));
    } else {
      out.push_str(line);
    }
    out.push('\n');
  }
  out
}

#[cfg(test)]
mod tests {
  use super::quote_yaml11_booleans;

  #[test]
  fn option_ids_that_yaml_1_1_reads_as_booleans_are_quoted() {
    let written = quote_yaml11_booleans("answers:\n  PE04: no\n  MK01:\n  - yes\n  NT01: no way\n");
    assert_eq!(
      written,
      "answers:\n  PE04: 'no'\n  MK01:\n  - 'yes'\n  NT01: no way\n"
    );
  }
}
