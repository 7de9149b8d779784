//! The planner: recommended actions → a phased, budgeted [`Roadmap`].
//!
//! Pure and deterministic. [`advise`] chooses the actions (with the
//! prerequisites and capability providers they need); [`schedule`] orders
//! and places them within the cooperative's capacity and budget, recording
//! the rule behind every start month; this module adds up phases, years
//! and funding, and [`gaps`] answers every gap `score` lists.

mod cost;
mod gaps;
mod roadmap;
mod schedule;

pub use cost::{CostBasis, CostRange};
pub use roadmap::{
  BudgetSummary, CapacityRef, Deferred, GapAnswer, GapStatus, GateRef, Kpi, LevelRef, PhaseSummary,
  PlannedAction, PolicyFunding, Roadmap, Totals, YearSpend,
};
pub use schedule::{Rule, is_step};

pub use crate::advice::Detail;

use crate::advice::{Advice, LeftOut, Recommendation, advise_with};
use crate::assessment::Assessment;
use crate::content::Capacity;
use crate::content::Content;
use crate::error::Error;
use crate::number::format_vnd;
use crate::scoring::Score;
use crate::text::{Lang, Text};
use minijinja::Value;
use rust_decimal::{Decimal, RoundingStrategy};
use schedule::{Limits, Miss, Placement, Schedule, schedule};

/// What the user asked of the plan.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlanOptions {
  /// Budget per plan year in đồng (default: the content's envelope for
  /// the revenue band).
  pub budget_per_year: Option<Decimal>,
  /// Horizon in months (default from `rules/planning.yaml`).
  pub months: Option<u32>,
  /// The point of cost ranges the budget is fitted on.
  pub cost_basis: CostBasis,
  /// Language of rationales and reasons in the JSON.
  pub lang: Lang,
}

/// Longest horizon accepted, in months.
pub const MAX_MONTHS: u32 = 120;

/// Builds the roadmap for an assessed cooperative.
pub fn plan(
  content: &Content,
  assessment: &Assessment,
  score: &Score,
  options: PlanOptions,
) -> Result<Roadmap, Error> {
  plan_with(content, assessment, score, options, Detail::Full)
}

/// The roadmap written out to `detail`: with [`Detail::Figures`] its
/// actions, months, costs, gates and gap statuses are those of [`plan`],
/// and its titles, sentences, rationales and gap texts are empty.
pub fn plan_with(
  content: &Content,
  assessment: &Assessment,
  score: &Score,
  options: PlanOptions,
  detail: Detail,
) -> Result<Roadmap, Error> {
  let advice = advise_with(content, assessment, score, detail)?;
  let months = options
    .months
    .unwrap_or(content.planning.default_months)
    .clamp(1, MAX_MONTHS);
  let capacity = capacity(content, assessment)?;
  let (budget, source) = budget(content, assessment, options.budget_per_year);
  let limits = Limits {
    months,
    capacity,
    phases: &content.planning.phases,
    budget,
    basis: options.cost_basis,
  };
  let recs = &advice.recommendations;
  let schedule = schedule(content, recs, &limits);
  let words = Words::new(content, assessment, capacity, detail);
  let lang = options.lang;

  let mut actions: Vec<PlannedAction> = schedule
    .order
    .iter()
    .filter_map(|&i| {
      let p = schedule.placed[i].as_ref()?;
      Some(planned(content, &words, recs, i, p, &limits, lang))
    })
    .collect();
  actions.sort_by_key(|a| a.start_month);
  let deferred: Vec<Deferred> = schedule
    .order
    .iter()
    .filter_map(|&i| {
      let miss = schedule.missed[i].as_ref()?;
      Some(deferred(&words, recs, i, miss, &limits, lang))
    })
    .collect();
  let left_out: Vec<Deferred> = advice.left_out.iter().map(|l| left_out(l, lang)).collect();

  let phases = phase_summaries(content, &actions, months);
  let years = year_spend(&actions, recs, &schedule, &limits);
  let totals = totals(&actions, recs, &schedule, months);
  let policies = funding(content, &actions);
  let planned = gaps::Planned {
    actions: &actions,
    deferred: &deferred,
    left_out: &left_out,
  };
  let gaps = gaps::answer(content, assessment, score, &planned, detail);
  let failing_gates = failing_gates(score, &advice, &actions);
  // The envelope's note only when the budget is the envelope's assumption.
  let note = (source == "envelope" && detail == Detail::Full)
    .then_some(content.planning.envelope.as_ref())
    .flatten()
    .map(|e| words.render(&e.note));
  let eligibility = detail.full(|| words.render(&content.planning.eligibility));
  Ok(Roadmap {
    questionnaire: score.questionnaire.clone(),
    cooperative: score.cooperative.clone(),
    assessment: score.assessment.clone(),
    index: score.index,
    level: LevelRef {
      number: score.level.number,
      name_vi: score.level.name_vi.clone(),
      name_en: score.level.name_en.clone(),
    },
    months,
    lang,
    quick_wins: actions
      .iter()
      .filter(|a| a.quick_win)
      .map(|a| a.id.clone())
      .collect(),
    actions,
    phases,
    totals,
    deferred,
    budget: BudgetSummary {
      per_year: budget,
      years,
      source: source.into(),
      cost_basis: options.cost_basis,
      note_vi: note.as_ref().map(|n| n[0].clone()),
      note_en: note.map(|n| n[1].clone()),
    },
    policies,
    cost_caveat_vi: content.planning.cost_caveat.vi.clone(),
    cost_caveat_en: content.planning.cost_caveat.en.clone(),
    eligibility_vi: eligibility[0].clone(),
    eligibility_en: eligibility[1].clone(),
    capacity: capacity_ref(&words, capacity),
    left_out,
    gaps,
    failing_gates,
    terms: advice
      .terms
      .iter()
      .map(|(k, t)| (k.clone(), Kpi::from(t)))
      .collect(),
  })
}

/// The capacity class of this cooperative: the first whose `when` holds.
fn capacity<'c>(content: &'c Content, assessment: &Assessment) -> Result<&'c Capacity, Error> {
  let facts = minijinja::context! { profile => assessment.profile_facts(content) };
  for c in &content.planning.capacity {
    let fits = match &c.when {
      Some(when) => content.holds(when, &facts)?,
      None => true,
    };
    if fits {
      return Ok(c);
    }
  }
  // Content checks require a last class without `when`.
  content
    .planning
    .capacity
    .last()
    .ok_or_else(|| Error::Input {
      message: "rules/planning.yaml defines no capacity class; run `coopdx validate`".into(),
    })
}

/// The yearly budget and where it comes from.
fn budget(
  content: &Content,
  assessment: &Assessment,
  given: Option<Decimal>,
) -> (Option<Decimal>, &'static str) {
  if given.is_some() {
    return (given, "option");
  }
  let envelope = content.planning.envelope.as_ref().and_then(|e| {
    let band = assessment.profile_text(&e.field)?;
    e.amounts.get(band).copied()
  });
  match envelope {
    Some(amount) => (Some(amount), "envelope"),
    None => (None, "none"),
  }
}

/// Texts shared by the placement and deferral sentences.
struct Words<'a> {
  content: &'a Content,
  /// The legal form's words and profile variables, vi and en.
  vars: [Value; 2],
  capacity: &'a Capacity,
  /// Sentences are written only with full detail.
  detail: Detail,
}

impl<'a> Words<'a> {
  fn new(
    content: &'a Content,
    assessment: &Assessment,
    capacity: &'a Capacity,
    detail: Detail,
  ) -> Self {
    Self {
      content,
      vars: [
        assessment.text_vars(content, Lang::Vi),
        assessment.text_vars(content, Lang::En),
      ],
      capacity,
      detail,
    }
  }

  /// The capacity class's name, in the cooperative's words.
  fn size(&self, lang: Lang) -> String {
    self
      .content
      .render_text(self.capacity.name.get(lang), &self.vars[lang as usize])
  }

  /// A content text in both languages (vi, en), in the cooperative's words.
  fn render(&self, text: &Text) -> [String; 2] {
    [
      self.content.render_text(&text.vi, &self.vars[0]),
      self.content.render_text(&text.en, &self.vars[1]),
    ]
  }

  /// The message `key` in both languages, `args(lang)` merged with the
  /// cooperative's words.
  fn both(&self, key: &str, args: impl Fn(Lang) -> Value) -> Text {
    let one = |lang: Lang| {
      let ctx = minijinja::context! { ..args(lang), ..self.vars[lang as usize].clone() };
      self.content.message(key, lang, &ctx)
    };
    Text {
      vi: one(Lang::Vi),
      en: one(Lang::En),
    }
  }
}

/// The capacity class the plan was sized for.
fn capacity_ref(words: &Words<'_>, capacity: &Capacity) -> CapacityRef {
  let [name_vi, name_en] = words.render(&capacity.name);
  CapacityRef {
    id: capacity.id.clone(),
    name_vi,
    name_en,
    max_parallel: capacity.max_parallel,
    first_phase_starts: capacity.first_phase_starts,
    first_phase_steps: capacity.first_phase_steps,
  }
}

/// An action the advice left out, with its reason.
fn left_out(l: &LeftOut<'_>, lang: Lang) -> Deferred {
  Deferred {
    id: l.action.id.clone(),
    title_vi: l.texts.title.vi.clone(),
    title_en: l.texts.title.en.clone(),
    reason: l.reason.get(lang).to_owned(),
    reason_vi: l.reason.vi.clone(),
    reason_en: l.reason.en.clone(),
  }
}

/// Why an action starts when it does.
fn placement_text(words: &Words<'_>, recs: &[Recommendation<'_>], i: usize, p: &Placement) -> Text {
  let r = &recs[i];
  let other = p.after.map(|j| &recs[j]);
  let title = |lang: Lang| other.map_or("", |o| o.texts.title.get(lang)).to_owned();
  let content = words.content;
  match p.rule {
    Rule::Priority => match (&r.lifts_gate, &r.urgent) {
      (None, Some((why, _))) => words.both("placed_urgent", |lang| minijinja::context! { why => why.get(lang) }),
      (Some(gate), _) => {
        let name = |lang: Lang| {
          content
            .gates
            .iter()
            .find(|g| &g.id == gate)
            .map_or(String::new(), |g| g.name.get(lang).to_owned())
        };
        words.both("placed_gate", |lang| minijinja::context! { gate => name(lang) })
      }
      (None, None) => match r.required_by.first().and_then(|id| recs.iter().find(|x| &x.action.id == id)) {
        Some(needed_by) => words.both("placed_enables", |lang| {
          minijinja::context! { title => needed_by.texts.title.get(lang) }
        }),
        None => words.both("placed_priority", |_| minijinja::context! {}),
      },
    },
    Rule::Prerequisite => words.both("placed_prerequisite", |lang| {
      minijinja::context! { title => title(lang), month => p.start }
    }),
    Rule::Capability | Rule::Skill => {
      let capability = |lang: Lang| {
        other
          .and_then(|o| {
            r.missing
              .iter()
              .find(|c| o.action.provides.contains(&c.id))
              .map(|c| content.render_text(c.name.get(lang), &words.vars[lang as usize]))
          })
          .unwrap_or_default()
      };
      let key = if p.rule == Rule::Skill {
        "placed_skill"
      } else {
        "placed_capability"
      };
      words.both(key, |lang| {
        minijinja::context! { title => title(lang), capability => capability(lang), month => p.start }
      })
    }
    Rule::Support => words.both("placed_support", |lang| {
      minijinja::context! { title => title(lang), month => p.start }
    }),
    Rule::Capacity => words.both("placed_capacity", |lang| {
      minijinja::context! { n => words.capacity.max_parallel, size => words.size(lang), month => p.start + 1 }
    }),
    Rule::FirstPhase if is_step(r.action) => words.both("placed_first_phase_steps", |lang| {
      minijinja::context! { n => words.capacity.first_phase_steps, size => words.size(lang), month => p.start + 1 }
    }),
    Rule::FirstPhase => words.both("placed_first_phase", |lang| {
      minijinja::context! { n => words.capacity.first_phase_starts, size => words.size(lang), month => p.start + 1 }
    }),
    Rule::Budget => words.both("placed_budget", |_| {
      minijinja::context! { year => p.start / 12 + 1, month => p.start + 1 }
    }),
  }
}

fn deferred(
  words: &Words<'_>,
  recs: &[Recommendation<'_>],
  i: usize,
  miss: &Miss,
  limits: &Limits<'_>,
  lang: Lang,
) -> Deferred {
  let r = &recs[i];
  let reason = words
    .detail
    .full(|| deferral_reason(words, recs, miss, limits));
  Deferred {
    id: r.action.id.clone(),
    title_vi: r.texts.title.vi.clone(),
    title_en: r.texts.title.en.clone(),
    reason: reason.get(lang).to_owned(),
    reason_vi: reason.vi,
    reason_en: reason.en,
  }
}

/// Why an action did not fit in the plan.
fn deferral_reason(
  words: &Words<'_>,
  recs: &[Recommendation<'_>],
  miss: &Miss,
  limits: &Limits<'_>,
) -> Text {
  match miss {
    Miss::Dependency(j) => words.both("deferred_prerequisite", |l| {
      minijinja::context! { title => recs[*j].texts.title.get(l) }
    }),
    Miss::Budget(year, needed, left) => words.both("deferred_budget", |l| {
      minijinja::context! {
        year => year + 1,
        needed => format_vnd(round_vnd(*needed), l),
        left => format_vnd(round_vnd(*left), l),
        basis => limits.basis.name(),
      }
    }),
    Miss::Horizon => words.both("deferred_horizon", |_| {
      minijinja::context! { months => limits.months }
    }),
  }
}

/// Sums of indicative costs (with subscriptions counted by the month) are
/// shown to the thousand đồng: 29.483.000 đ, not 29.483.333 đ.
fn round_vnd(x: Decimal) -> Decimal {
  (x / Decimal::ONE_THOUSAND).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
    * Decimal::ONE_THOUSAND
}

fn planned(
  content: &Content,
  words: &Words<'_>,
  recs: &[Recommendation<'_>],
  i: usize,
  p: &Placement,
  limits: &Limits<'_>,
  lang: Lang,
) -> PlannedAction {
  let r = &recs[i];
  let a = r.action;
  let quick = &content.planning.quick_win;
  let placement = words.detail.full(|| placement_text(words, recs, i, p));
  let one_off = CostRange::new(a.cost.one_off);
  let recurring = CostRange::new(a.cost.recurring);
  PlannedAction {
    id: a.id.clone(),
    title_vi: r.texts.title.vi.clone(),
    title_en: r.texts.title.en.clone(),
    description_vi: r.texts.description.vi.clone(),
    description_en: r.texts.description.en.clone(),
    dimension: a.dimension.clone(),
    phase: phase_of(content, p.start),
    start_month: p.start,
    end_month: p.end,
    months: a.months,
    priority: crate::scoring::round(r.priority, 4),
    impact: a.impact,
    effort: a.effort,
    cost_min: one_off.min,
    cost_max: one_off.max,
    recurring_min: recurring.min,
    recurring_max: recurring.max,
    prerequisites: a.prerequisites.clone(),
    policies: r.policies.clone(),
    kpis: r
      .texts
      .kpis
      .iter()
      .map(|k| Kpi {
        vi: k.vi.clone(),
        en: k.en.clone(),
      })
      .collect(),
    rationale: r.rationale.get(lang).to_owned(),
    rationale_vi: r.rationale.vi.clone(),
    rationale_en: r.rationale.en.clone(),
    reason: r.reason,
    required_by: r.required_by.clone(),
    role_vi: r.texts.role.vi.clone(),
    role_en: r.texts.role.en.clone(),
    // What the cooperative can do this month: a quick win starts in the
    // first phase.
    quick_win: a.impact >= quick.min_impact
      && a.effort <= quick.max_effort
      && a.cost.one_off[1] <= quick.max_cost
      && phase_of(content, p.start) == 1,
    admin_step: is_step(a),
    placed_by: p.rule,
    placement: placement.get(lang).to_owned(),
    placement_vi: placement.vi,
    placement_en: placement.en,
    needs: r.missing.iter().map(|c| c.id.clone()).collect(),
    provides: a.provides.clone(),
    cost_at_basis: one_off.at(limits.basis),
    recurring_at_basis: recurring.at(limits.basis),
  }
}

/// The phase an action starting at `start` (0-based) belongs to.
fn phase_of(content: &Content, start: u32) -> u8 {
  let phases = &content.planning.phases;
  phases
    .iter()
    .find(|p| p.from_month <= start && start < p.to_month)
    .or(phases.last())
    .map_or(1, |p| p.number)
}

fn phase_summaries(content: &Content, actions: &[PlannedAction], months: u32) -> Vec<PhaseSummary> {
  let phases = &content.planning.phases;
  let last = phases.last().map(|l| l.number);
  phases
    .iter()
    .filter(|p| p.from_month < months)
    .map(|p| {
      let mine: Vec<&PlannedAction> = actions.iter().filter(|a| a.phase == p.number).collect();
      let one_off: CostRange = mine
        .iter()
        .map(|a| CostRange::new([a.cost_min, a.cost_max]))
        .sum();
      let recurring: CostRange = mine
        .iter()
        .map(|a| CostRange::new([a.recurring_min, a.recurring_max]))
        .sum();
      PhaseSummary {
        number: p.number,
        from_month: p.from_month,
        to_month: if Some(p.number) == last {
          p.to_month.max(months)
        } else {
          p.to_month.min(months)
        },
        name_vi: p.name.vi.clone(),
        name_en: p.name.en.clone(),
        actions: mine.iter().map(|a| a.id.clone()).collect(),
        cost_min: one_off.min,
        cost_max: one_off.max,
        recurring_min: recurring.min,
        recurring_max: recurring.max,
      }
    })
    .collect()
}

/// What each planned action costs in each plan year.
fn action_years<'a>(
  recs: &'a [Recommendation<'_>],
  schedule: &'a Schedule,
  months: u32,
) -> impl Iterator<Item = Vec<CostRange>> + 'a {
  schedule
    .placed
    .iter()
    .enumerate()
    .filter_map(move |(i, p)| {
      let p = p.as_ref()?;
      Some(cost::by_year(&recs[i].action.cost, p.start, months))
    })
}

fn year_spend(
  actions: &[PlannedAction],
  recs: &[Recommendation<'_>],
  schedule: &Schedule,
  limits: &Limits<'_>,
) -> Vec<YearSpend> {
  let _ = actions;
  let years = limits.months.div_ceil(12);
  let mut sums = vec![CostRange::default(); years as usize];
  for costs in action_years(recs, schedule, limits.months) {
    for (sum, c) in sums.iter_mut().zip(costs) {
      *sum += c;
    }
  }
  sums
    .iter()
    .enumerate()
    .map(|(y, s)| {
      let y = y as u32;
      YearSpend {
        year: y + 1,
        from_month: y * 12,
        to_month: ((y + 1) * 12).min(limits.months),
        spend_min: round_vnd(s.min),
        spend_max: round_vnd(s.max),
        spend_at_basis: round_vnd(s.at(limits.basis)),
      }
    })
    .collect()
}

fn totals(
  actions: &[PlannedAction],
  recs: &[Recommendation<'_>],
  schedule: &Schedule,
  months: u32,
) -> Totals {
  let one_off: CostRange = actions
    .iter()
    .map(|a| CostRange::new([a.cost_min, a.cost_max]))
    .sum();
  let recurring: CostRange = actions
    .iter()
    .map(|a| CostRange::new([a.recurring_min, a.recurring_max]))
    .sum();
  let total: CostRange = action_years(recs, schedule, months).flatten().sum();
  Totals {
    actions: actions.len(),
    cost_min: one_off.min,
    cost_max: one_off.max,
    recurring_min: recurring.min,
    recurring_max: recurring.max,
    total_min: round_vnd(total.min),
    total_max: round_vnd(total.max),
  }
}

fn funding(content: &Content, actions: &[PlannedAction]) -> Vec<PolicyFunding> {
  content
    .policies
    .iter()
    .filter_map(|p| {
      let ids: Vec<String> = actions
        .iter()
        .filter(|a| a.policies.contains(&p.id))
        .map(|a| a.id.clone())
        .collect();
      (!ids.is_empty()).then(|| PolicyFunding {
        id: p.id.clone(),
        name_vi: p.name.vi.clone(),
        name_en: p.name.en.clone(),
        reference: p.reference.vi.clone(),
        reference_vi: p.reference.vi.clone(),
        reference_en: p.reference.en.clone(),
        status: p.status,
        funds_vi: p.funds.vi.clone(),
        funds_en: p.funds.en.clone(),
        eligible_vi: p.eligible.vi.clone(),
        eligible_en: p.eligible.en.clone(),
        how_to_apply_vi: p.how_to_apply.vi.clone(),
        how_to_apply_en: p.how_to_apply.en.clone(),
        actions: ids,
      })
    })
    .collect()
}

/// Every failing or undetermined gate, with the planned actions that
/// address its questions.
fn failing_gates(score: &Score, advice: &Advice<'_>, actions: &[PlannedAction]) -> Vec<GateRef> {
  score
    .gates
    .iter()
    .filter(|g| g.fails())
    .map(|g| GateRef {
      id: g.id.clone(),
      status: g.status,
      max_level: g.max_level,
      binding: g.binding,
      name_vi: g.name_vi.clone(),
      name_en: g.name_en.clone(),
      reason_vi: g.reason_vi.clone().unwrap_or_default(),
      reason_en: g.reason_en.clone().unwrap_or_default(),
      actions: advice
        .recommendations
        .iter()
        .filter(|r| r.lifts_gate.as_deref() == Some(g.id.as_str()))
        .filter(|r| actions.iter().any(|a| a.id == r.action.id))
        .map(|r| r.action.id.clone())
        .collect(),
    })
    .collect()
}
