//! Advice: which actions of the catalogue this cooperative should take, and
//! why.
//!
//! Pure: reads the content, the assessment and its score; no I/O. An action
//! is recommended when it applies to the cooperative, its trigger holds and
//! its outcome is not already in place. Then, to a fixed point:
//! prerequisites that apply and are not done are pulled in; a capability an
//! action needs (a computer, books in software, trained members) that the
//! cooperative lacks is provided by pulling in the action that provides
//! it; an action whose missing capability nothing can provide is left out,
//! with the reason. Priority is documented at [`priority`].

mod observed;

pub use observed::describe;

use crate::assessment::Assessment;
use crate::assessment::decimal_value;
use crate::content::Content;
use crate::content::{Action, Capability, CapabilityKind};
use crate::error::Error;
use crate::scoring::Score;
use crate::text::{Lang, Text};
use minijinja::Value;
use observed::Observed;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why an action is in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
  /// Its trigger fired on this cooperative's answers.
  Selected,
  /// Another recommended action needs it first.
  Prerequisite,
  /// It provides a tool or skill another recommended action needs.
  Capability,
}

/// An action's reader-facing texts, with the legal form's words filled in.
#[derive(Clone, Debug, Default)]
pub struct ActionTexts {
  /// Title.
  pub title: Text,
  /// What doing it involves.
  pub description: Text,
  /// Who is responsible.
  pub role: Text,
  /// Measurable results.
  pub kpis: Vec<Text>,
}

/// One recommended action.
#[derive(Clone, Debug)]
pub struct Recommendation<'c> {
  /// The catalogue entry.
  pub action: &'c Action,
  /// Its texts for this cooperative.
  pub texts: ActionTexts,
  /// gap × dimension weight × impact ÷ effort, unrounded (it orders the
  /// plan; it is rounded only when published).
  pub priority: Decimal,
  /// Why it was chosen, citing the answers, in each language.
  pub rationale: Text,
  /// Selected, or pulled in as a prerequisite or capability.
  pub reason: Reason,
  /// The recommended actions that need it (prerequisites, capabilities).
  pub required_by: Vec<String>,
  /// The failing gate whose questions it addresses, if any: such actions
  /// go first, since the gate caps the level whatever else improves.
  pub lifts_gate: Option<String>,
  /// Capabilities it needs that are not yet in place (each provided by a
  /// recommended action).
  pub missing: Vec<&'c Capability>,
  /// The policies that may fund it and apply to this cooperative.
  pub policies: Vec<String>,
  /// Why it must come early, when its `urgent` condition holds, and how
  /// early.
  pub urgent: Option<(Text, crate::content::UrgentRank)>,
  /// The cap of the failing gate it lifts (the lowest, if several).
  pub lifts_gate_cap: Option<u8>,
  /// Whether a failing gate it lifts is a legal duty.
  pub lifts_duty: bool,
}

/// An action the cooperative would need but cannot yet do.
#[derive(Clone, Debug)]
pub struct LeftOut<'c> {
  /// The catalogue entry.
  pub action: &'c Action,
  /// Its texts for this cooperative.
  pub texts: ActionTexts,
  /// Why, in each language.
  pub reason: Text,
}

/// What the catalogue advises this cooperative.
#[derive(Clone, Debug)]
pub struct Advice<'c> {
  /// Recommended actions, in catalogue order.
  pub recommendations: Vec<Recommendation<'c>>,
  /// Actions left out because a capability they need cannot be provided.
  pub left_out: Vec<LeftOut<'c>>,
  /// The legal form's words (`org`, `board`...) in each language.
  pub terms: BTreeMap<String, Text>,
}

/// The conditions' view of an assessed cooperative: profile, answers,
/// dimension scores, index and level.
pub fn facts(content: &Content, assessment: &Assessment, score: &Score) -> Value {
  let dims: BTreeMap<&str, Value> = score
    .dimensions
    .iter()
    .map(|d| {
      (
        d.id.as_str(),
        d.score.map_or(Value::from(()), decimal_value),
      )
    })
    .collect();
  minijinja::context! {
    profile => assessment.profile_facts(content),
    answers => assessment.answer_facts(content),
    dimensions => dims,
    index => decimal_value(score.index),
    level => score.level.number,
  }
}

/// Priority of an action: the gap of its dimension (1 − score ÷ 100; 1 when
/// the dimension was not assessed) × the dimension's weight × impact ÷
/// effort. Big gaps in heavy dimensions closed cheaply come first.
pub fn priority(content: &Content, score: &Score, action: &Action) -> Decimal {
  let dimension = score.dimension(&action.dimension);
  let gap = dimension.and_then(|d| d.score).map_or(Decimal::ONE, |s| {
    (Decimal::ONE_HUNDRED - s) / Decimal::ONE_HUNDRED
  });
  let weight = content
    .dimension(&action.dimension)
    .map_or(Decimal::ONE, |d| d.weight);
  gap * weight * Decimal::from(action.impact) / Decimal::from(action.effort.max(1))
}

/// Whether an action's outcome is already in place.
pub fn is_done(content: &Content, action: &Action, facts: &Value) -> Result<bool, Error> {
  content.holds(&action.done_when, facts)
}

fn applies(content: &Content, action: &Action, facts: &Value) -> Result<bool, Error> {
  match &action.applies {
    Some(expr) => content.holds(expr, facts),
    None => Ok(true),
  }
}

/// How much the advice and the plan write out. The choice of actions,
/// their order, months and costs are the same either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
  /// Every text: what a plan, a report or a web page shows.
  #[default]
  Full,
  /// Figures only: action titles, rationales, descriptions, roles, KPIs,
  /// reasons, gap texts and sentences are left empty. For tables and
  /// summaries of many plans (`batch`, `summary`, a finished web
  /// assessment's stored figures), where rendering them was most of the
  /// time; `batch` writes the titles of the few actions it shows itself.
  Figures,
}

impl Detail {
  /// `make()` with full detail, else an empty value.
  pub fn full<T: Default>(self, make: impl FnOnce() -> T) -> T {
    match self {
      Detail::Full => make(),
      Detail::Figures => T::default(),
    }
  }
}

/// What the catalogue advises, with every text.
pub fn advise<'c>(
  content: &'c Content,
  assessment: &Assessment,
  score: &Score,
) -> Result<Advice<'c>, Error> {
  advise_with(content, assessment, score, Detail::Full)
}

/// What the catalogue advises, written out to `detail`.
pub fn advise_with<'c>(
  content: &'c Content,
  assessment: &Assessment,
  score: &Score,
  detail: Detail,
) -> Result<Advice<'c>, Error> {
  let facts = facts(content, assessment, score);
  let terms = assessment.terms(content);
  let vars = [
    assessment.text_vars(content, Lang::Vi),
    assessment.text_vars(content, Lang::En),
  ];
  let (open, chosen) = selected(content, &facts)?;
  let mut present: BTreeMap<&str, bool> = BTreeMap::new();
  for c in &content.planning.capabilities {
    present.insert(&c.id, content.holds(&c.present_when, &facts)?);
  }
  let closure = Closure {
    content,
    open: &open,
    present: &present,
  }
  .run(chosen);

  // Answers as read aloud, only when rationales are written.
  let observed = (detail == Detail::Full).then(|| Observed::new(content, assessment));
  let failing: Vec<(&str, BTreeSet<&str>)> = content
    .gates
    .iter()
    .filter(|g| score.gates.iter().any(|r| r.id == g.id && r.fails()))
    .map(|g| (g.id.as_str(), crate::content::questions_read(&g.requires)))
    .collect();
  let eligible = eligible_policies(content, &facts)?;
  let mut recommendations = Vec::new();
  let mut left_out = Vec::new();
  for action in &content.actions {
    if let Some(capability) = closure.left_out.get(action.id.as_str()) {
      left_out.push(LeftOut {
        action,
        texts: texts(content, action, &vars, detail),
        reason: detail.full(|| left_out_reason(content, capability, &vars)),
      });
      continue;
    }
    let Some(reason) = closure.chosen.get(action.id.as_str()) else {
      continue;
    };
    // Texts only for the actions the plan shows (not all 57 of the catalogue).
    let texts = texts(content, action, &vars, detail);
    let mut by = closure
      .required_by
      .get(action.id.as_str())
      .cloned()
      .unwrap_or_default();
    by.sort();
    by.dedup();
    let urgent = match &action.urgent {
      Some(u) if content.holds(&u.when, &facts)? => Some((
        detail.full(|| Text {
          vi: content.render_text(&u.why.vi, &vars[0]),
          en: content.render_text(&u.why.en, &vars[1]),
        }),
        u.rank,
      )),
      _ => None,
    };
    let (lifts_gate, lifts_gate_cap, lifts_duty) = gates_lifted(content, &failing, action);
    recommendations.push(Recommendation {
      action,
      texts,
      priority: priority(content, score, action),
      rationale: rationale(content, observed.as_ref(), action, &facts, &vars)?,
      reason: *reason,
      required_by: by,
      lifts_gate,
      lifts_gate_cap,
      lifts_duty,
      policies: action
        .policies
        .iter()
        .filter(|p| eligible.contains(p.as_str()))
        .cloned()
        .collect(),
      urgent,
      missing: action
        .needs
        .iter()
        .filter(|n| !present.get(n.as_str()).copied().unwrap_or(false))
        .filter_map(|n| content.capability(n))
        .collect(),
    });
  }
  Ok(Advice {
    recommendations,
    left_out,
    terms,
  })
}

/// Which actions are open (apply and not done) and which are chosen
/// (open and their `when` holds).
type Selection<'c> = (BTreeMap<&'c str, bool>, BTreeMap<&'c str, Reason>);

fn selected<'c>(content: &'c Content, facts: &Value) -> Result<Selection<'c>, Error> {
  let mut open: BTreeMap<&str, bool> = BTreeMap::new();
  let mut chosen: BTreeMap<&str, Reason> = BTreeMap::new();
  for action in &content.actions {
    let needed = applies(content, action, facts)? && !is_done(content, action, facts)?;
    open.insert(&action.id, needed);
    // `when` matters only for an action still needed (most of a catalogue
    // is not, for any one cooperative).
    let triggered = needed
      && match &action.when {
        Some(when) => content.holds(when, facts)?,
        None => true,
      };
    if triggered {
      chosen.insert(&action.id, Reason::Selected);
    }
  }
  Ok((open, chosen))
}

/// The policies whose `applies` holds for this cooperative.
fn eligible_policies<'c>(content: &'c Content, facts: &Value) -> Result<BTreeSet<&'c str>, Error> {
  let mut eligible = BTreeSet::new();
  for p in &content.policies {
    let fits = match &p.applies {
      Some(expr) => content.holds(expr, facts)?,
      None => true,
    };
    if fits {
      eligible.insert(p.id.as_str());
    }
  }
  Ok(eligible)
}

/// The failing gate an action lifts (the lowest cap among those it
/// addresses), that cap, and whether it lifts a legal duty.
fn gates_lifted(
  content: &Content,
  failing: &[(&str, BTreeSet<&str>)],
  action: &Action,
) -> (Option<String>, Option<u8>, bool) {
  // The failing gate with the lowest cap among those it addresses.
  let lifted = failing
    .iter()
    .filter(|(_, questions)| {
      action
        .addresses
        .iter()
        .any(|q| questions.contains(q.as_str()))
    })
    .min_by_key(|(g, _)| {
      content
        .gates
        .iter()
        .find(|x| x.id == *g)
        .map_or(u8::MAX, |x| x.max_level)
    });
  let lifts_gate = lifted.map(|(id, _)| (*id).to_owned());
  let lifts_duty = failing.iter().any(|(g, questions)| {
    content.gates.iter().any(|x| x.id == *g && x.duty)
      && action
        .addresses
        .iter()
        .any(|q| questions.contains(q.as_str()))
  });
  let lifts_gate_cap = lifted
    .and_then(|(g, _)| content.gates.iter().find(|x| x.id == *g))
    .map(|g| g.max_level);
  (lifts_gate, lifts_gate_cap, lifts_duty)
}

/// Prerequisites and capability providers pulled in, to a fixed point.
struct Closure<'a, 'c> {
  content: &'c Content,
  open: &'a BTreeMap<&'c str, bool>,
  present: &'a BTreeMap<&'c str, bool>,
}

struct Closed<'c> {
  chosen: BTreeMap<&'c str, Reason>,
  required_by: BTreeMap<&'c str, Vec<String>>,
  /// Left-out action → the capability (or left-out prerequisite) it lacks.
  left_out: BTreeMap<&'c str, Lack<'c>>,
}

/// What a left-out action lacks.
#[derive(Clone, Copy, Debug)]
enum Lack<'c> {
  Capability(&'c Capability),
  Prerequisite(&'c str),
}

impl<'c> Closure<'_, 'c> {
  fn run(&self, mut chosen: BTreeMap<&'c str, Reason>) -> Closed<'c> {
    let mut required_by: BTreeMap<&'c str, Vec<String>> = BTreeMap::new();
    let mut left_out: BTreeMap<&'c str, Lack<'c>> = BTreeMap::new();
    loop {
      let mut changed = false;
      let ids: Vec<&'c str> = chosen.keys().copied().collect();
      for id in ids {
        let Some(action) = self.content.action(id) else {
          continue;
        };
        for p in &action.prerequisites {
          if !self.is_open(p) {
            continue;
          }
          let p = self.id(p);
          push_unique(required_by.entry(p).or_default(), id);
          if !chosen.contains_key(p) && !left_out.contains_key(p) {
            chosen.insert(p, Reason::Prerequisite);
            changed = true;
          }
        }
        for need in &action.needs {
          if self.present.get(need.as_str()).copied().unwrap_or(true) {
            continue;
          }
          match self.provider(need, &chosen, &left_out) {
            Some(p) => {
              push_unique(required_by.entry(p).or_default(), id);
              if !chosen.contains_key(p) {
                chosen.insert(p, Reason::Capability);
                changed = true;
              }
            }
            None => {
              if let Some(c) = self.content.capability(need) {
                chosen.remove(id);
                left_out.insert(self.id(&action.id), Lack::Capability(c));
                changed = true;
                break;
              }
            }
          }
        }
      }
      // An action whose prerequisite was left out is left out too.
      let ids: Vec<&'c str> = chosen.keys().copied().collect();
      for id in ids {
        let Some(action) = self.content.action(id) else {
          continue;
        };
        if let Some(p) = action
          .prerequisites
          .iter()
          .find(|p| left_out.contains_key(p.as_str()))
        {
          chosen.remove(id);
          left_out.insert(self.id(&action.id), Lack::Prerequisite(self.id(p)));
          changed = true;
        }
      }
      if !changed {
        break;
      }
    }
    required_by.retain(|id, _| chosen.contains_key(id));
    Closed {
      chosen,
      required_by,
      left_out,
    }
  }

  fn is_open(&self, id: &str) -> bool {
    self.open.get(id).copied().unwrap_or(false)
  }

  /// The content's own copy of an id, for the lifetime of the content.
  fn id(&self, id: &str) -> &'c str {
    self.content.action(id).map_or("", |a| a.id.as_str())
  }

  /// The action providing `need`: one already chosen, else the first open
  /// one in catalogue order.
  fn provider(
    &self,
    need: &str,
    chosen: &BTreeMap<&'c str, Reason>,
    left_out: &BTreeMap<&'c str, Lack<'c>>,
  ) -> Option<&'c str> {
    let provides = |a: &&'c Action| a.provides.iter().any(|p| p == need);
    let actions = &self.content.actions;
    actions
      .iter()
      .filter(provides)
      .find(|a| chosen.contains_key(a.id.as_str()))
      .or_else(|| {
        actions
          .iter()
          .filter(provides)
          .find(|a| self.is_open(&a.id) && !left_out.contains_key(a.id.as_str()))
      })
      .map(|a| a.id.as_str())
  }
}

fn push_unique(list: &mut Vec<String>, id: &str) {
  if !list.iter().any(|x| x == id) {
    list.push(id.to_owned());
  }
}

fn left_out_reason(content: &Content, lack: &Lack<'_>, vars: &[Value; 2]) -> Text {
  let text = |lang: Lang| {
    let vars = &vars[lang as usize];
    match lack {
      Lack::Capability(c) => match &c.missing {
        Some(t) => content.render_text(t.get(lang), vars),
        None => {
          let capability = content.render_text(c.name.get(lang), vars);
          let args = minijinja::context! { capability => capability, ..vars.clone() };
          content.message("left_out_capability", lang, &args)
        }
      },
      Lack::Prerequisite(p) => {
        let title = content.action(p).map_or("", |a| a.title.get(lang));
        let title = content.render_text(title, vars);
        let args = minijinja::context! { title => title, ..vars.clone() };
        content.message("left_out_prerequisite", lang, &args)
      }
    }
  };
  Text {
    vi: text(Lang::Vi),
    en: text(Lang::En),
  }
}

/// An action's texts with the legal form's words filled in (none of them
/// unless `detail` is full).
fn texts(content: &Content, action: &Action, vars: &[Value; 2], detail: Detail) -> ActionTexts {
  let fill = |t: &Text| Text {
    vi: content.render_text(&t.vi, &vars[0]),
    en: content.render_text(&t.en, &vars[1]),
  };
  ActionTexts {
    title: detail.full(|| fill(&action.title)),
    description: detail.full(|| fill(&action.description)),
    role: detail.full(|| fill(&action.role)),
    kpis: detail.full(|| action.kpis.iter().map(fill).collect()),
  }
}

/// Why an action was chosen, in each language; empty without `observed`
/// (no full detail).
fn rationale(
  content: &Content,
  observed: Option<&Observed>,
  action: &Action,
  facts: &Value,
  vars: &[Value; 2],
) -> Result<Text, Error> {
  let Some(observed) = observed else {
    return Ok(Text::default());
  };
  let ctx = |lang: Lang| minijinja::context! { ..vars[lang as usize].clone(), ..facts.clone() };
  Ok(Text {
    vi: observed.rationale(content, action, Lang::Vi, &ctx(Lang::Vi))?,
    en: observed.rationale(content, action, Lang::En, &ctx(Lang::En))?,
  })
}

/// Whether `kind` waits for its provider to end (a tool) or only to start
/// (a skill).
pub fn waits_for_end(kind: CapabilityKind) -> bool {
  kind == CapabilityKind::Tool
}
