//! `coopdx validate`'s check of the templates: each template coopdx renders
//! is rendered for made-up cooperatives ([`super::samples`]) in both
//! languages, with the very contexts the commands use, under minijinja's
//! strict undefined behaviour. A variable that is not there (a profile
//! field the questionnaire lacks, an optional field left out) or a
//! template that fails is reported at its template's file and line, once.
//!
//! It runs on content that passed every other check: scoring and planning
//! rely on it.

use super::samples::{Sample, covering};
use crate::common::*;
use crate::diagnostic::Diagnostic;
use crate::plan::{CostBasis, PlanOptions};
use crate::render::pdf::ReportOptions;

/// The templates coopdx renders, by name under `templates/`.
pub const RENDERED: [&str; 7] = [
  "score.txt.j2",
  "plan.md.j2",
  "plan.html.j2",
  "report.md.j2",
  "compare.md.j2",
  "compare.txt.j2",
  "summary.md.j2",
];

/// Every problem of rendering the templates, each once.
pub fn templates(content: &Content) -> Vec<Diagnostic> {
  let mut found = Found::default();
  for name in RENDERED {
    if content.env().get_template(name).is_err()
      && content.files.get(&format!("templates/{name}")).is_none()
    {
      found.push(
        Diagnostic::new(
          &SourceFile::new(format!("templates/{name}"), ""),
          None,
          "template is missing",
        )
        .help("coopdx renders it; copy it from the default content and adapt it"),
      );
    }
  }
  let samples = covering(content);
  let jobs: Vec<(usize, Lang)> = (0..samples.len())
    .flat_map(|i| [(i, Lang::Vi), (i, Lang::En)])
    .collect();
  let results = crate::parallel::in_parallel(&jobs, |&(i, lang)| {
    let previous = (i % 4 == 1).then(|| &samples[i - 1].assessment);
    render_one(content, &samples[i], previous, lang, i)
  });
  for problems in results {
    for d in problems {
      found.push(d);
    }
  }
  for d in summary(content, &samples) {
    found.push(d);
  }
  found.0
}

/// Diagnostics without repeats: the same template line failing the same
/// way for many samples is one problem.
#[derive(Default)]
struct Found(Vec<Diagnostic>);

impl Found {
  fn push(&mut self, d: Diagnostic) {
    let same = |o: &Diagnostic| o.file == d.file && o.line == d.line;
    if !self.0.iter().any(same) {
      self.0.push(d);
    }
  }
}

/// Renders every per-assessment template for one sample in one language.
fn render_one(
  content: &Content,
  sample: &Sample,
  previous: Option<&Assessment>,
  lang: Lang,
  i: usize,
) -> Vec<Diagnostic> {
  let a = &sample.assessment;
  let mut problems = Vec::new();
  let mut render = |name: &str, ctx: Result<Value, Error>| match ctx {
    Ok(ctx) => {
      if let Some(d) = render_template(content, name, &ctx, sample, lang) {
        problems.push(d);
      }
    }
    Err(e) => problems.push(computing(name, &e, sample)),
  };
  let options = PlanOptions {
    budget_per_year: None,
    months: None,
    cost_basis: [CostBasis::Typical, CostBasis::Low, CostBasis::High][i % 3],
    lang,
  };
  let report = ReportOptions {
    lang,
    budget_per_year: None,
    cost_basis: options.cost_basis,
    previous: previous.cloned(),
    advisor: None,
  };
  let planned = crate::score(content, a).and_then(|score| {
    let roadmap = crate::plan::plan(content, a, &score, options)?;
    Ok((score, roadmap))
  });
  match planned {
    Ok((score, roadmap)) => {
      render(
        "score.txt.j2",
        Ok(super::score_context(content, &score, lang)),
      );
      for name in ["plan.md.j2", "plan.html.j2"] {
        render(name, Ok(super::plan_context(content, &roadmap, lang)));
      }
      // The report's plan is made with the same options.
      render(
        "report.md.j2",
        super::pdf::report_context(content, a, &report, score, roadmap),
      );
    }
    Err(e) => render("score.txt.j2", Err(e)),
  }
  if let Some(old) = previous {
    let c = crate::compare::compare(content, old, a, lang).map(|c| {
      minijinja::context! { lang => lang.code(), c => Value::from(minijinja::value::Serde(&c)) }
    });
    match c {
      Ok(c) => {
        render("compare.md.j2", Ok(c.clone()));
        render("compare.txt.j2", Ok(c));
      }
      Err(e) => render("compare.md.j2", Err(e)),
    }
  }
  problems
}

/// `summary.md.j2` over every sample, in both languages (a summary's
/// figures do not depend on the language).
fn summary(content: &Content, samples: &[Sample]) -> Vec<Diagnostic> {
  let assessed: Vec<crate::summary::Assessed> = crate::parallel::in_parallel(samples, |s| {
    crate::summary::Assessed::new(content, s.assessment.clone(), Lang::Vi).ok()
  })
  .into_iter()
  .flatten()
  .collect();
  let s = crate::summary::summarize(content, &assessed);
  let sample = Sample {
    assessment: Assessment::new(content),
    label: format!("the summary of {} made-up cooperatives", samples.len()),
  };
  [Lang::Vi, Lang::En]
    .into_iter()
    .filter_map(|lang| {
      let ctx = minijinja::context! {
        lang => lang.code(),
        s => Value::from(minijinja::value::Serde(&s)),
        scope => content.messages.get("summary_all", lang),
      };
      render_template(content, "summary.md.j2", &ctx, &sample, lang)
    })
    .collect()
}

/// Renders `name` with `ctx`; a failure as a diagnostic at the line of the
/// template where it happened (an included template's, a macro's).
fn render_template(
  content: &Content,
  name: &str,
  ctx: &Value,
  sample: &Sample,
  lang: Lang,
) -> Option<Diagnostic> {
  let template = content.env().get_template(name).ok()?;
  let e = template.render(ctx).err()?;
  let at = e.name().unwrap_or(name).to_owned();
  let file = content
    .files
    .get(&format!("templates/{at}"))
    .cloned()
    .unwrap_or_else(|| SourceFile::new(format!("templates/{at}"), ""));
  let what = match (e.kind(), e.range()) {
    (minijinja::ErrorKind::UndefinedError, Some(range)) => {
      let expr = file
        .text
        .get(range)
        .or_else(|| template.source().get(e.range().unwrap_or_default()))
        .unwrap_or_default();
      format!("`{expr}` is undefined")
    }
    _ => match e.detail() {
      Some(detail) => format!("{}: {detail}", e.kind()),
      None => e.kind().to_string(),
    },
  };
  Some(
    Diagnostic::new(
      &file,
      e.line(),
      format!(
        "{what} when rendering {name} ({}) for {}",
        lang.code(),
        sample.label
      ),
    )
    .help(
      "a template may read only what its context holds; test a value that may be missing with `is defined` or `is none`, and name profile fields the questionnaire has",
    ),
  )
}

/// Scoring or planning a sample failed: content the other checks passed
/// should not do that, so it is said as it is.
fn computing(name: &str, e: &Error, sample: &Sample) -> Diagnostic {
  Diagnostic::new(
    &SourceFile::new(format!("templates/{name}"), ""),
    None,
    format!("cannot compute what {name} shows for {}: {e}", sample.label),
  )
}
