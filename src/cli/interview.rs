//! `coopdx interview`: the terminal front end of [`crate::interview`].
//!
//! Asks what the state machine says, saves atomically after every answer,
//! and maps Esc to "back" and Ctrl-C to "save and quit".

use super::*;
use crate::advice::describe;
use crate::assessment::{Answer, Mode, ProfileValue, Response, check_answer, check_profile_value};
use crate::interview::{Interview, Step};
use inquire::error::InquireError;
use inquire::validator::Validation;
use inquire::{MultiSelect, Select, Text};
use std::io::IsTerminal;
use yaml_serde::Value as Yaml;

/// Arguments of `interview`.
#[derive(Debug, clap::Args)]
pub struct InterviewArgs {
  /// The assessment file to write (default: assessment.yaml).
  #[arg(short = 'o', long = "output", value_name = "FILE")]
  pub output: Option<PathBuf>,
  /// Continue an interview saved in this file.
  #[arg(long, value_name = "FILE", conflicts_with = "output")]
  pub resume: Option<PathBuf>,
  /// Advisor interview (hints and notes shown) or self-assessment; default
  /// advisor, or the resumed file's mode.
  #[arg(long, value_enum)]
  pub mode: Option<Mode>,
}

/// A lock beside the assessment file while an interview writes it: a
/// second interview on the same file (another terminal, a colleague on a
/// shared folder) is refused instead of silently overwriting answers. A
/// lock left by a killed interview is taken over.
struct Lock(PathBuf);

impl Lock {
  /// Takes the lock, or gives the process id holding it.
  fn take(path: &Path) -> Result<Self, String> {
    let name = path
      .file_name()
      .map_or_else(|| "assessment".into(), |n| n.to_string_lossy().into_owned());
    let lock = path.with_file_name(format!(".{name}.coopdx-lock"));
    for _ in 0..2 {
      match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&lock)
      {
        Ok(mut file) => {
          let _ = write!(file, "{}", std::process::id());
          return Ok(Self(lock));
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
          let holder = fs::read_to_string(&lock).unwrap_or_default();
          if alive(holder.trim()) {
            return Err(holder.trim().to_owned());
          }
          // Left by an interview that was killed: take it over.
          let _ = fs::remove_file(&lock);
        }
        // A folder where no lock can be made (read-only media): carry on
        // unlocked rather than refuse the interview.
        Err(_) => return Ok(Self(PathBuf::new())),
      }
    }
    Ok(Self(PathBuf::new()))
  }
}

impl Drop for Lock {
  fn drop(&mut self) {
    if !self.0.as_os_str().is_empty() {
      let _ = fs::remove_file(&self.0);
    }
  }
}

/// Whether the process `pid` still runs (Linux: it has a /proc entry and
/// is not a zombie waiting to be reaped).
fn alive(pid: &str) -> bool {
  if pid.is_empty() || !pid.chars().all(|c| c.is_ascii_digit()) {
    return false;
  }
  match fs::read_to_string(Path::new("/proc").join(pid).join("stat")) {
    Ok(stat) => stat
      .rsplit_once(')')
      .and_then(|(_, rest)| rest.split_whitespace().next())
      .is_some_and(|state| state != "Z" && state != "X"),
    Err(_) => false,
  }
}

/// What the user did at a prompt.
enum Outcome<T> {
  Answer(T),
  Back,
  Quit,
  /// Ask the same step again (Esc at the note: back to the options, the
  /// chosen one kept).
  Stay,
}

fn outcome<T>(result: Result<T, InquireError>) -> Result<Outcome<T>, Error> {
  match result {
    Ok(v) => Ok(Outcome::Answer(v)),
    Err(InquireError::OperationCanceled) => Ok(Outcome::Back),
    Err(InquireError::OperationInterrupted) => Ok(Outcome::Quit),
    Err(e) => Err(Error::Input {
      message: e.to_string(),
    }),
  }
}

struct Session<'c> {
  content: &'c Content,
  lang: Lang,
  path: PathBuf,
  advisor: bool,
}

impl Session<'_> {
  fn msg(&self, key: &str, args: Value) -> String {
    self.content.message(key, self.lang, &args)
  }

  /// Saves the assessment; when the disk refuses (full, unplugged), says
  /// so and offers to try again, the answers still in memory.
  fn save(&self, interview: &Interview<'_>) -> Result<(), Error> {
    loop {
      let bytes = interview.assessment.to_yaml(self.content);
      match crate::atomic::write(&self.path, bytes.as_bytes()) {
        Ok(()) => return Ok(()),
        Err(e) => {
          println!("{e}");
          let retry = inquire::Confirm::new(&self.msg("interview_save_failed", Value::from(())))
            .with_default(true)
            .prompt();
          if !matches!(retry, Ok(true)) {
            return Err(e);
          }
        }
      }
    }
  }
}

pub(super) fn run(cli: &Cli, args: &InterviewArgs) -> Result<i32, Error> {
  let content = content(cli)?;
  if !io::stdin().is_terminal() {
    return Err(Error::Input {
      message: content.message("interview_not_terminal", cli.lang, &Value::from(())),
    });
  }
  let (path, mut interview) = match &args.resume {
    Some(path) => {
      let text = fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
      })?;
      let file = SourceFile::new(path.display().to_string(), text);
      let (assessment, dropped) =
        Assessment::parse_lenient(&file, &content).map_err(|problems| Error::Assessment {
          path: path.clone(),
          problems: problems
            .iter()
            .map(|p| p.render(&content, &file.path, cli.lang))
            .collect(),
        })?;
      if !dropped.is_empty() {
        println!(
          "{}",
          content.message("interview_resume_dropped", cli.lang, &Value::from(()))
        );
        for p in &dropped {
          println!("  - {}", p.render(&content, &file.path, cli.lang));
        }
      }
      let mut assessment = assessment;
      if let Some(mode) = args.mode {
        assessment.mode = mode;
      }
      let mut interview = Interview::resume(&content, assessment)?;
      // Answers dropped because the questionnaire changed are asked again
      // (optional ones too), starting with the first of them.
      let again: Vec<&str> = dropped.iter().filter_map(|p| p.id.as_deref()).collect();
      interview.ask_again(&again)?;
      (path.clone(), interview)
    }
    None => {
      let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("assessment.yaml"));
      if path.exists() {
        let message = content.message(
          "interview_exists",
          cli.lang,
          &minijinja::context! { path => path.display().to_string() },
        );
        return Err(Error::Input { message });
      }
      let mut assessment = Assessment::new(&content);
      assessment.mode = args.mode.unwrap_or_default();
      assessment.date = Some(crate::assessment::today());
      (path, Interview::new(&content, assessment))
    }
  };
  let _lock = Lock::take(&path).map_err(|holder| Error::Input {
    message: content.message(
      "interview_locked",
      cli.lang,
      &minijinja::context! { path => path.display().to_string(), pid => holder },
    ),
  })?;
  let session = Session {
    content: &content,
    lang: cli.lang,
    path,
    advisor: interview.assessment.mode == Mode::Advisor,
  };
  session.save(&interview)?;
  let mut from_review = false;
  loop {
    let step = interview.step();
    let outcome = match step {
      Step::Profile(i) => profile(&session, &mut interview, i)?,
      Step::Question(i) => question(&session, &mut interview, i)?,
      Step::Review => match review(&session, &interview)? {
        Outcome::Answer(Some(step)) => {
          from_review = true;
          interview.goto(step);
          continue;
        }
        Outcome::Answer(None) => {
          interview.advance()?;
          continue;
        }
        Outcome::Back => Outcome::Back,
        Outcome::Quit => Outcome::Quit,
        Outcome::Stay => Outcome::Stay,
      },
      Step::Done => break,
    };
    match outcome {
      Outcome::Answer(()) => {
        session.save(&interview)?;
        if from_review {
          interview.return_to_review()?;
          from_review = interview.step() != Step::Review && from_review;
        } else {
          interview.advance()?;
        }
      }
      Outcome::Back => {
        interview.back()?;
      }
      Outcome::Stay => {}
      Outcome::Quit => {
        session.save(&interview)?;
        println!(
          "\n{}",
          session.msg(
            "interview_saved",
            minijinja::context! { path => session.path.display().to_string() }
          )
        );
        return Ok(0);
      }
    }
  }
  session.save(&interview)?;
  summary(&session, &interview)?;
  Ok(0)
}

fn profile(s: &Session<'_>, interview: &mut Interview<'_>, i: usize) -> Result<Outcome<()>, Error> {
  let fields = &s.content.questionnaire.profile;
  let Some(field) = fields.get(i) else {
    // Content is checked to have a profile; should a step point past it,
    // move on rather than fail.
    interview.advance()?;
    return Ok(Outcome::Answer(()));
  };
  let header = s.msg(
    "interview_profile",
    minijinja::context! { n => i + 1, total => fields.len() },
  );
  println!("\n{header}");
  let current = interview.assessment.profile.get(&field.id).cloned();
  let year = interview.assessment.date.map(|d| d.year());
  let help = if field.hint.get(s.lang).is_empty() {
    s.msg("interview_help", Value::from(()))
  } else {
    field.hint.get(s.lang).to_owned()
  };
  let value = match field.kind {
    FieldKind::Choice => {
      let labels: Vec<String> = field
        .options
        .iter()
        .map(|o| o.label.get(s.lang).to_owned())
        .collect();
      let start = current
        .as_ref()
        .and_then(|c| c.as_str())
        .and_then(|c| field.options.iter().position(|o| o.id == c))
        .unwrap_or(0);
      let picked = outcome(
        Select::new(field.label.get(s.lang), labels.clone())
          .with_starting_cursor(start)
          .with_help_message(&help)
          .with_page_size(10)
          .prompt(),
      )?;
      match picked {
        Outcome::Answer(label) => {
          let index = labels.iter().position(|l| *l == label).unwrap_or(0);
          Some(ProfileValue::Text(field.options[index].id.clone()))
        }
        Outcome::Back => return Ok(Outcome::Back),
        Outcome::Stay => return Ok(Outcome::Stay),
        Outcome::Quit => return Ok(Outcome::Quit),
      }
    }
    FieldKind::Text | FieldKind::Integer => {
      let initial = match &current {
        Some(ProfileValue::Text(t)) => t.clone(),
        Some(ProfileValue::Integer(n)) => n.to_string(),
        None => String::new(),
      };
      let content = s.content;
      let lang = s.lang;
      let required = field.required;
      let field_for_check = field.clone();
      let validator = move |typed: &str| {
        let typed = typed.trim();
        if typed.is_empty() {
          return Ok(if required {
            Validation::Invalid(content.messages.get("interview_required", lang).into())
          } else {
            Validation::Valid
          });
        }
        Ok(
          match check_profile_value(
            content,
            &field_for_check,
            &typed_yaml(typed, field_for_check.kind),
            year,
          ) {
            Ok(_) => Validation::Valid,
            Err(p) => Validation::Invalid(content.message(p.kind.key(), lang, &p.args).into()),
          },
        )
      };
      let typed = outcome(
        Text::new(field.label.get(s.lang))
          .with_initial_value(&initial)
          .with_help_message(&help)
          .with_validator(validator)
          .prompt(),
      )?;
      match typed {
        Outcome::Answer(t) if t.trim().is_empty() => None,
        Outcome::Answer(t) => {
          check_profile_value(s.content, field, &typed_yaml(t.trim(), field.kind), year).ok()
        }
        Outcome::Back => return Ok(Outcome::Back),
        Outcome::Stay => return Ok(Outcome::Stay),
        Outcome::Quit => return Ok(Outcome::Quit),
      }
    }
  };
  let dropped = interview.set_profile(&field.id, value)?;
  tell_dropped(s, &dropped);
  // The advisor's name, once, after the profile.
  if s.advisor && i + 1 == fields.len() {
    let initial = interview.assessment.assessor.clone().unwrap_or_default();
    if let Outcome::Answer(name) = outcome(
      Text::new(&s.msg("interview_assessor", Value::from(())))
        .with_initial_value(&initial)
        .prompt(),
    )? {
      interview.assessment.assessor = Some(nfc(name.trim())).filter(|n| !n.is_empty());
    }
  }
  Ok(Outcome::Answer(()))
}

use crate::assessment::typed_profile_value as typed_yaml;

/// The answer from a prompt, or the way it ended (back, stay, quit)
/// returned at once: one place for what every prompt shares.
macro_rules! asked {
  ($outcome:expr) => {
    match $outcome {
      Outcome::Answer(value) => value,
      Outcome::Back => return Ok(Outcome::Back),
      Outcome::Stay => return Ok(Outcome::Stay),
      Outcome::Quit => return Ok(Outcome::Quit),
    }
  };
}

/// What every kind of question shows: its text, the options as read, and
/// "not applicable" / "don't know" where the question allows them.
struct Asked<'q> {
  q: &'q Question,
  text: String,
  help: String,
  /// Option labels in the cooperative's words, then the specials.
  labels: Vec<String>,
  specials: Vec<Answer>,
  current: Option<Response>,
}

fn question(
  s: &Session<'_>,
  interview: &mut Interview<'_>,
  i: usize,
) -> Result<Outcome<()>, Error> {
  let q = &s.content.questionnaire.questions[i];
  let asked = prepare(s, interview, q, i)?;
  let answer = match q.kind {
    QuestionKind::Choice | QuestionKind::Grid => asked!(ask_choice(&asked)?),
    QuestionKind::Multi => asked!(ask_multi(s, &asked)?),
    QuestionKind::Number | QuestionKind::Percent | QuestionKind::Text => {
      asked!(ask_typed(s, &asked)?)
    }
  };
  record(s, interview, q, answer, asked.current.and_then(|r| r.note))
}

/// Prints the progress line and gathers what the prompt shows.
fn prepare<'q>(
  s: &Session<'_>,
  interview: &Interview<'_>,
  q: &'q Question,
  i: usize,
) -> Result<Asked<'q>, Error> {
  let (n, total) = interview.progress(i)?;
  let dimension = s
    .content
    .dimension(&q.dimension)
    .map(|d| d.name.get(s.lang).to_owned())
    .unwrap_or_default();
  println!(
    "\n{}",
    s.msg(
      "interview_progress",
      minijinja::context! { n => n, total => total, dimension => dimension }
    )
  );
  // A grid is asked row by row, each row under the grid's title.
  if let Some(title) = interview.assessment.grid_title(s.content, q, s.lang) {
    println!("{title}");
  }
  let keys = s.msg("interview_help", Value::from(()));
  let help = if s.advisor && !q.hint.get(s.lang).is_empty() {
    let hint = interview.assessment.question_hint(s.content, q, s.lang);
    format!("{hint} · {keys}")
  } else {
    keys
  };
  let mut specials = Vec::new();
  let mut special_labels = Vec::new();
  for (allowed, key, answer) in [
    (q.allow_na, "answer_not_applicable", Answer::NotApplicable),
    (q.allow_dont_know, "answer_dont_know", Answer::DontKnow),
  ] {
    if allowed {
      special_labels.push(capitalise(&s.content.messages.get(key, s.lang)));
      specials.push(answer);
    }
  }
  let vars = interview.assessment.text_vars(s.content, s.lang);
  let labels = q
    .options
    .iter()
    .map(|o| s.content.render_text(o.label.get(s.lang), &vars))
    .chain(special_labels)
    .collect();
  Ok(Asked {
    q,
    text: interview.assessment.question_text(s.content, q, s.lang),
    help,
    labels,
    specials,
    current: interview.assessment.responses.get(&q.id).cloned(),
  })
}

impl Asked<'_> {
  /// The answer at position `index` of `labels`: an option, or a special.
  fn at(&self, index: usize) -> Option<Answer> {
    match self.q.options.get(index) {
      Some(o) => Some(Answer::Given(AnswerValue::Choice(o.id.clone()))),
      None => self.specials.get(index - self.q.options.len()).cloned(),
    }
  }
}

/// One option out of several, chosen by its position.
fn ask_choice(a: &Asked<'_>) -> Result<Outcome<Option<Answer>>, Error> {
  let start = a.current.as_ref().and_then(|r| match &r.answer {
    Answer::Given(AnswerValue::Choice(id)) => a.q.options.iter().position(|o| &o.id == id),
    other => a
      .specials
      .iter()
      .position(|s| s == other)
      .map(|p| a.q.options.len() + p),
  });
  let picked = asked!(outcome(
    Select::new(&a.text, a.labels.clone())
      .with_starting_cursor(start.unwrap_or(0))
      .with_help_message(&a.help)
      .with_page_size(10)
      .raw_prompt(),
  )?);
  Ok(Outcome::Answer(a.at(picked.index)))
}

/// Several options ticked, chosen by their positions; an exclusive option
/// ("none") or a special answer stands alone.
fn ask_multi(s: &Session<'_>, a: &Asked<'_>) -> Result<Outcome<Option<Answer>>, Error> {
  let ticked: Vec<usize> = match a.current.as_ref().map(|r| &r.answer) {
    Some(Answer::Given(AnswerValue::Multi(ids))) => ids
      .iter()
      .filter_map(|id| a.q.options.iter().position(|o| &o.id == id))
      .collect(),
    _ => Vec::new(),
  };
  let alone: Vec<usize> = a
    .q
    .options
    .iter()
    .enumerate()
    .filter(|(_, o)| o.exclusive)
    .map(|(i, _)| i)
    .chain(a.q.options.len()..a.labels.len())
    .collect();
  // Messages made up front: the validator must own its data.
  let refusals: Vec<(usize, String)> = alone
    .iter()
    .map(|&i| {
      let args =
        minijinja::context! { question => a.q.id.as_str(), option => a.labels[i].as_str() };
      (i, s.content.message("exclusive_with_others", s.lang, &args))
    })
    .collect();
  let validator = move |picked: &[inquire::list_option::ListOption<&String>]| {
    let refusal = refusals
      .iter()
      .find(|(i, _)| picked.iter().any(|p| p.index == *i));
    Ok(match refusal {
      Some((_, message)) if picked.len() > 1 => Validation::Invalid(message.clone().into()),
      _ => Validation::Valid,
    })
  };
  let picked = asked!(outcome(
    MultiSelect::new(&a.text, a.labels.clone())
      .with_default(&ticked)
      .with_help_message(&a.help)
      .with_page_size(10)
      .with_validator(validator)
      .raw_prompt(),
  )?);
  let options = a.q.options.len();
  if let Some(special) = picked.iter().find(|p| p.index >= options) {
    return Ok(Outcome::Answer(a.at(special.index)));
  }
  let ids = picked
    .iter()
    .filter_map(|p| a.q.options.get(p.index))
    .map(|o| o.id.clone())
    .collect();
  Ok(Outcome::Answer(Some(Answer::Given(AnswerValue::Multi(
    ids,
  )))))
}

/// A number, a percentage or text, checked as typed; "not applicable" and
/// "don't know" are offered first where allowed.
fn ask_typed(s: &Session<'_>, a: &Asked<'_>) -> Result<Outcome<Option<Answer>>, Error> {
  let options = a.q.options.len();
  if !a.specials.is_empty() {
    let enter = s.content.messages.get("interview_enter_number", s.lang);
    let mut labels = vec![enter];
    labels.extend(a.labels[options..].iter().cloned());
    let picked = asked!(outcome(
      Select::new(&a.text, labels)
        .with_help_message(&a.help)
        .raw_prompt()
    )?);
    if picked.index > 0 {
      return Ok(Outcome::Answer(a.specials.get(picked.index - 1).cloned()));
    }
  }
  let q = a.q;
  let initial = match a.current.as_ref().map(|r| &r.answer) {
    Some(Answer::Given(AnswerValue::Number(x))) => x.normalize().to_string(),
    Some(Answer::Given(AnswerValue::Text(t))) => t.clone(),
    _ => String::new(),
  };
  let unit = q
    .unit
    .as_ref()
    .map(|u| u.get(s.lang).to_owned())
    .or_else(|| (q.kind == QuestionKind::Percent).then(|| "%".to_owned()));
  let prompt = if q.kind == QuestionKind::Text {
    a.text.clone()
  } else {
    let how = s.msg(
      "interview_number_prompt",
      minijinja::context! { unit => unit },
    );
    format!("{}\n  {how}", a.text)
  };
  let (content, lang, question) = (s.content, s.lang, q.clone());
  let validator = move |typed: &str| {
    let typed = typed.trim();
    if typed.is_empty() {
      let required = question.required && question.kind != QuestionKind::Text;
      return Ok(if required {
        Validation::Invalid(content.messages.get("interview_required", lang).into())
      } else {
        Validation::Valid
      });
    }
    Ok(
      match check_answer(content, &question, &Yaml::from(nfc(typed))) {
        Ok(_) => Validation::Valid,
        Err(p) => Validation::Invalid(content.message(p.kind.key(), lang, &p.args).into()),
      },
    )
  };
  let typed = asked!(outcome(
    Text::new(&prompt)
      .with_initial_value(&initial)
      .with_help_message(&a.help)
      .with_validator(validator)
      .prompt(),
  )?);
  let typed = typed.trim();
  Ok(Outcome::Answer(if typed.is_empty() {
    None
  } else {
    check_answer(s.content, q, &Yaml::from(nfc(typed))).ok()
  }))
}

/// Asks for the advisor's note, stores the answer and tells what it dropped.
fn record(
  s: &Session<'_>,
  interview: &mut Interview<'_>,
  q: &Question,
  answer: Option<Answer>,
  note: Option<String>,
) -> Result<Outcome<()>, Error> {
  // The chosen answer is saved before the note is asked: a kill or a lost
  // battery at the note prompt keeps it.
  let dropped = interview.set_answer(
    &q.id,
    answer.clone().map(|answer| Response {
      answer,
      note: note.clone(),
    }),
  )?;
  tell_dropped(s, &dropped);
  let Some(answer) = answer.filter(|_| s.advisor && q.kind != QuestionKind::Text) else {
    return Ok(Outcome::Answer(()));
  };
  s.save(interview)?;
  match outcome(
    Text::new(&s.msg("interview_note", Value::from(())))
      .with_initial_value(note.as_deref().unwrap_or(""))
      .prompt(),
  )? {
    Outcome::Answer(n) => {
      let note = Some(nfc(n.trim())).filter(|n| !n.is_empty());
      interview.set_answer(&q.id, Some(Response { answer, note }))?;
      Ok(Outcome::Answer(()))
    }
    // Esc: back to this question's options, the chosen one kept.
    Outcome::Back | Outcome::Stay => Ok(Outcome::Stay),
    // Ctrl-C: save (done above) and quit.
    Outcome::Quit => Ok(Outcome::Quit),
  }
}

fn tell_dropped(s: &Session<'_>, dropped: &[String]) {
  if !dropped.is_empty() {
    println!(
      "{}",
      s.msg(
        "interview_dropped",
        minijinja::context! { ids => dropped.join(", ") }
      )
    );
  }
}

fn capitalise(s: &str) -> String {
  let mut chars = s.chars();
  chars
    .next()
    .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The review list, profile first: `Some(step)` to change it, `None` to
/// finish.
fn review(s: &Session<'_>, interview: &Interview<'_>) -> Result<Outcome<Option<Step>>, Error> {
  let applies = interview.applicable()?;
  let finish = s.msg("interview_finish", Value::from(()));
  let mut labels = vec![finish.clone()];
  let mut positions = vec![None];
  let rows = crate::render::profile_rows(s.content, &interview.assessment.profile);
  for (i, field) in s.content.questionnaire.profile.iter().enumerate() {
    if !interview.assessment.field_applies(s.content, field)? {
      continue;
    }
    let value = rows
      .try_iter()
      .ok()
      .and_then(|mut it| {
        it.find(|r| {
          r.get_attr("id")
            .is_ok_and(|v| v.as_str() == Some(field.id.as_str()))
        })
      })
      .and_then(|r| {
        r.get_attr(if s.lang == Lang::Vi {
          "value_vi"
        } else {
          "value_en"
        })
        .ok()
      })
      .map_or_else(
        || s.content.messages.get("answer_missing", s.lang),
        |v| v.to_string(),
      );
    labels.push(format!("{} → {}", field.label.get(s.lang), value));
    positions.push(Some(Step::Profile(i)));
  }
  for (i, (q, applies)) in s
    .content
    .questionnaire
    .questions
    .iter()
    .zip(applies)
    .enumerate()
  {
    if !applies {
      continue;
    }
    let answer = describe(
      s.content,
      &interview.assessment,
      q,
      interview.assessment.responses.get(&q.id).map(|r| &r.answer),
      s.lang,
    );
    let text = interview.assessment.question_text(s.content, q, s.lang);
    labels.push(format!("{} · {} → {}", q.id, text, answer));
    positions.push(Some(Step::Question(i)));
  }
  let help = s.msg("interview_help", Value::from(()));
  match outcome(
    Select::new(&s.msg("interview_review", Value::from(())), labels.clone())
      .with_help_message(&help)
      .with_page_size(12)
      .prompt(),
  )? {
    Outcome::Answer(label) => Ok(Outcome::Answer(
      positions[labels.iter().position(|l| *l == label).unwrap_or(0)],
    )),
    Outcome::Back => Ok(Outcome::Back),
    Outcome::Quit => Ok(Outcome::Quit),
    Outcome::Stay => Ok(Outcome::Stay),
  }
}

fn summary(s: &Session<'_>, interview: &Interview<'_>) -> Result<(), Error> {
  let score = crate::score(s.content, &interview.assessment)?;
  let roadmap = crate::plan::plan(
    s.content,
    &interview.assessment,
    &score,
    crate::plan::PlanOptions {
      lang: s.lang,
      ..Default::default()
    },
  )?;
  let vi = s.lang == Lang::Vi;
  println!();
  let name = if vi {
    &score.level.name_vi
  } else {
    &score.level.name_en
  };
  let index = crate::render::filters::format_number(score.index, 2, s.lang);
  println!(
    "{}",
    s.msg(
      "interview_result",
      minijinja::context! { index => index, level => score.level.number, name => name }
    )
  );
  println!("{}", s.msg("interview_gaps", Value::from(())));
  for g in &score.gaps {
    println!(
      "  - {} ({})",
      if vi { &g.name_vi } else { &g.name_en },
      crate::render::filters::format_number(g.score, 2, s.lang)
    );
  }
  println!("{}", s.msg("interview_first_actions", Value::from(())));
  // Numbered 1, 2, 3, with the month each starts (several start in
  // month 1).
  for (n, a) in roadmap.actions.iter().take(3).enumerate() {
    let month = s.msg(
      "interview_start_month",
      minijinja::context! { month => a.start_month + 1 },
    );
    println!(
      "  {}. {} ({month})",
      n + 1,
      if vi { &a.title_vi } else { &a.title_en }
    );
  }
  println!(
    "{}",
    s.msg(
      "interview_report_hint",
      minijinja::context! { path => s.path.display().to_string() }
    )
  );
  Ok(())
}
