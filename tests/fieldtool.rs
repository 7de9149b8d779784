//! Field tools round trip: the exported XLSForm filled with every
//! example's answers, as a KoboToolbox submissions export writes them,
//! imported back, scores as the example files do.

use crate::test::{Test, example, examples, root};
use coopdx::fieldtool::xlsform::form;
use coopdx::{Assessment, Completeness, Content, SourceFile};
use yaml_serde::Value as Yaml;

/// Each question or field of the form with its group path (`profile/name`).
fn paths(content: &Content) -> Vec<(String, String, String)> {
  let form = form(content).expect("form");
  let mut group = Vec::new();
  let mut out = Vec::new();
  for row in &form.survey.rows {
    match row[0].as_str() {
      "begin_group" => group.push(row[1].clone()),
      "end_group" => {
        group.pop();
      }
      "calculate" => {}
      kind => out.push((
        format!("{}/{}", group.join("/"), row[1]),
        row[1].clone(),
        kind.to_owned(),
      )),
    }
  }
  out
}

/// A submissions table: one row per example, as Kobo writes them; multiple
/// choices as one space-separated column, or one 0/1 column per option.
fn submissions(content: &Content, names: &[String], per_option: bool) -> Vec<Vec<String>> {
  let texts: Vec<String> = names.iter().map(|n| example(n)).collect();
  submissions_of(content, &texts, per_option)
}

/// The question a form column names: its id, or a grid row's `TECH_erp`.
fn question_of<'c>(content: &'c Content, name: &str) -> Option<&'c coopdx::content::Question> {
  content.questionnaire.question(name).or_else(|| {
    content
      .questionnaire
      .questions
      .iter()
      .find(|q| coopdx::content::field_name(&q.id) == name)
  })
}

/// [`submissions`] of assessment texts.
fn submissions_of(content: &Content, texts: &[String], per_option: bool) -> Vec<Vec<String>> {
  let paths = paths(content);
  let mut header = vec!["start".to_owned()];
  for (path, id, kind) in &paths {
    let multi = content
      .questionnaire
      .question(id)
      .filter(|_| kind.starts_with("select_multiple"));
    match multi {
      // Kobo writes a column for every choice of the list, the specials too.
      Some(q) if per_option => {
        header.extend(q.options.iter().map(|o| format!("{path}/{}", o.id)));
        for (allowed, special) in [
          (q.allow_na, "not_applicable"),
          (q.allow_dont_know, "dont_know"),
        ] {
          if allowed {
            header.push(format!("{path}/{special}"));
          }
        }
      }
      _ => header.push(path.clone()),
    }
  }
  header.extend(["meta/instanceID", "_submission_time"].map(str::to_owned));
  let mut rows = vec![header.clone()];
  for (n, text) in texts.iter().enumerate() {
    let ex: Yaml = yaml_serde::from_str(text).expect("example");
    let cell = |col: &str| -> String {
      let parts: Vec<&str> = col.split('/').collect();
      let last = parts.last().copied().unwrap_or("");
      match col {
        "start" => return String::new(),
        "meta/instanceID" => return format!("uuid:example-{n}"),
        "_submission_time" => {
          return format!("{}T09:30:00", ex["date"].as_str().unwrap_or("2026-01-01"));
        }
        _ => {}
      }
      let value = |section: &str, id: &str| {
        // A grid's row is written under its grid: `TECH: {erp: ...}`.
        let v = match id.split_once('.') {
          Some((grid, row)) => &ex[section][grid][row],
          None => &ex[section][id],
        };
        v.get("answer").cloned().unwrap_or_else(|| v.clone())
      };
      let text = |v: &Yaml| match v {
        Yaml::String(s) => s.clone(),
        Yaml::Number(x) => x.to_string(),
        Yaml::Sequence(items) => items
          .iter()
          .filter_map(|i| i.as_str())
          .collect::<Vec<_>>()
          .join(" "),
        _ => String::new(),
      };
      if let Some(id) = last.strip_suffix("__special") {
        let v = text(&value("answers", id));
        return if v == "not_applicable" || v == "dont_know" {
          v
        } else {
          String::new()
        };
      }
      if content.questionnaire.field(last).is_some() {
        return text(&value("profile", last));
      }
      if let Some(q) = question_of(content, last) {
        let v = text(&value("answers", &q.id));
        let numeric = matches!(
          q.kind,
          coopdx::content::QuestionKind::Number | coopdx::content::QuestionKind::Percent
        );
        return if numeric && (v == "not_applicable" || v == "dont_know") {
          String::new()
        } else {
          v
        };
      }
      // One column per option: ticked or not.
      let (question, option) = (parts[parts.len() - 2], last);
      let ticked = text(&value("answers", question));
      if ticked.split(' ').any(|t| t == option) {
        "1".into()
      } else {
        "0".into()
      }
    };
    rows.push(header.iter().map(|c| cell(c)).collect());
  }
  rows
}

fn csv(rows: &[Vec<String>]) -> String {
  let mut w = csv::WriterBuilder::new()
    .delimiter(b';')
    .from_writer(Vec::new());
  for r in rows {
    w.write_record(r).expect("csv");
  }
  String::from_utf8(w.into_inner().expect("csv")).expect("utf-8")
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
  let mut book = rust_xlsxwriter::Workbook::new();
  let sheet = book.add_worksheet();
  for (r, row) in rows.iter().enumerate() {
    for (c, v) in row.iter().enumerate() {
      sheet.write_string(r as u32, c as u16, v).expect("cell");
    }
  }
  book.save_to_buffer().expect("xlsx")
}

fn index_of(content: &Content, text: &str) -> String {
  let a = Assessment::parse(
    &SourceFile::new("x.yaml", text),
    content,
    Completeness::Complete,
  )
  .expect("valid");
  coopdx::score(content, &a).expect("score").index.to_string()
}

#[test]
fn every_example_filled_in_the_field_imports_with_the_same_scores() {
  let content = Content::embedded().expect("content");
  let names = examples();
  for (per_option, file) in [(false, "kobo.csv"), (true, "kobo.xlsx")] {
    let rows = submissions(&content, &names, per_option);
    let test = if per_option {
      let dir = tempfile::tempdir().expect("dir");
      std::fs::write(dir.path().join(file), xlsx(&rows)).expect("write");
      let out = Test::new().file("placeholder", "");
      std::fs::copy(dir.path().join(file), out_path(&out, file)).expect("copy");
      out
    } else {
      Test::new().file(file, &csv(&rows))
    };
    let out = test.args(&["import", file, "-o", "imported"]).run().code(0);
    for (n, name) in names.iter().enumerate() {
      let imported = out.read(&format!("imported/example-{n}.yaml"));
      assert_eq!(
        index_of(&content, &imported),
        index_of(&content, &example(name)),
        "{file}: {name}"
      );
    }
  }
  let _ = root();
}

/// KoboToolbox names the language columns by each language's own name and
/// code; an enumerator's phone shows the default, Vietnamese.
#[test]
fn the_form_is_in_vietnamese_first_then_english() {
  let content = Content::embedded().expect("embedded content");
  let form = form(&content).expect("form");
  for column in ["label", "hint", "constraint_message"] {
    for language in ["Tiếng Việt (vi)", "English (en)"] {
      let name = format!("{column}::{language}");
      assert!(form.survey.header.contains(&name), "survey has {name}");
    }
  }
  assert!(
    form
      .choices
      .header
      .contains(&"label::Tiếng Việt (vi)".to_owned())
  );
  let default = form
    .settings
    .header
    .iter()
    .position(|h| h == "default_language")
    .expect("default_language column");
  assert_eq!(form.settings.rows[0][default], "Tiếng Việt (vi)");
}

/// The minimal framework's grid is one table-list group of select_one
/// rows named `TECH_<row>`, and its sample assessments come back from a
/// submissions export with the same scores.
#[test]
fn a_grid_exports_as_one_table_and_imports_row_by_row() {
  let dir = root().join("examples/content/minimal");
  let content =
    Content::load(coopdx::content::ContentFiles::from_dir(&dir).expect("folder")).expect("valid");
  let form = form(&content).expect("form");
  let appearance = form
    .survey
    .header
    .iter()
    .position(|h| h == "appearance")
    .expect("appearance column");
  let group = form
    .survey
    .rows
    .iter()
    .position(|r| r[0] == "begin_group" && r[1] == "TECH")
    .expect("the grid's group");
  assert_eq!(form.survey.rows[group][appearance], "table-list");
  let rows: Vec<&Vec<String>> = form.survey.rows[group + 1..].iter().take(5).collect();
  assert_eq!(rows[0][1], "TECH_accounting");
  assert!(rows[0][0].starts_with("select_one "));
  assert!(
    rows.iter().take(4).all(|r| r[0] == rows[0][0]),
    "one shared list"
  );
  assert_eq!(rows[4][0], "end_group");

  let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("assessments"))
    .expect("samples")
    .filter_map(|e| e.ok().map(|e| e.path()))
    .collect();
  names.sort();
  let texts: Vec<String> = names
    .iter()
    .map(|p| std::fs::read_to_string(p).expect("sample"))
    .collect();
  let table = csv(&submissions_of(&content, &texts, false));
  let out = Test::new()
    .file("kobo.csv", &table)
    .args(&[
      "import",
      "--content",
      &dir.to_string_lossy(),
      "kobo.csv",
      "-o",
      "imported",
    ])
    .run()
    .code(0);
  for (n, text) in texts.iter().enumerate() {
    let imported = out.read(&format!("imported/example-{n}.yaml"));
    assert_eq!(
      index_of(&content, &imported),
      index_of(&content, text),
      "sample {n}"
    );
  }
}

/// Where a file of a not-yet-run test goes.
fn out_path(test: &Test, name: &str) -> std::path::PathBuf {
  test.dir().join(name)
}

#[test]
fn a_rerun_adds_nothing_and_a_bad_row_is_named_by_row_and_column() {
  let content = Content::embedded().expect("content");
  let names = vec![
    "htx-van-tai.yaml".to_owned(),
    "to-hop-tac-rau.yaml".to_owned(),
  ];
  let mut rows = submissions(&content, &names, false);
  let col = rows[0]
    .iter()
    .position(|h| h.ends_with("/LD01"))
    .expect("LD01 column");
  let header = rows[0][col].clone();
  rows[2][col] = "maybe".into();
  let out = Test::new()
    .file("subs.csv", &csv(&rows))
    .args(&["--lang", "en", "import", "subs.csv", "-o", "imported"])
    .run()
    .code(2)
    .stdout_has(&format!("subs.csv row 3, column {header}:"))
    .stderr_has("1 row(s) imported (1 new), 1 rejected");
  assert!(
    out.read("imported/example-0.yaml").contains("Vận tải"),
    "the good row is in"
  );
  // The same export imported again: the same files, nothing new.
  let again = std::process::Command::new(env!("CARGO_BIN_EXE_coopdx"))
    .args(["--lang", "en", "import", "subs.csv", "-o", "imported"])
    .current_dir(out.path(""))
    .output()
    .expect("runs");
  let said = String::from_utf8_lossy(&again.stderr);
  assert!(said.contains("1 row(s) imported (0 new)"), "{said}");
  let files = std::fs::read_dir(out.path("imported"))
    .expect("folder")
    .count();
  assert_eq!(files, 1, "no duplicate");
}

#[test]
fn two_rows_with_one_submission_id_and_other_answers_are_not_imported_silently() {
  let content = Content::embedded().expect("content");
  let names = vec![
    "htx-van-tai.yaml".to_owned(),
    "to-hop-tac-rau.yaml".to_owned(),
  ];
  let mut rows = submissions(&content, &names, false);
  // The second submission carries the first one's id; a third row repeats
  // the first as it was (an export run twice), which is harmless.
  let id = rows[0]
    .iter()
    .position(|h| h == "meta/instanceID")
    .expect("id column");
  rows[2][id] = rows[1][id].clone();
  rows.push(rows[1].clone());
  for target in [["--db", "field.db"], ["-o", "out"]] {
    let out = Test::new()
      .file("subs.csv", &csv(&rows))
      .args(&["--lang", "en", "import", "subs.csv"])
      .args(&target)
      .run()
      .code(2)
      .stdout_has("row 3")
      .stdout_has("the submission id of row 2");
    assert!(
      out.stderr.contains("(1 new)"),
      "{target:?}: the first is kept, once: {}",
      out.stderr
    );
  }
}

#[test]
fn an_export_imported_twice_into_the_database_is_stored_once() {
  let content = Content::embedded().expect("content");
  let names = vec![
    "htx-van-tai.yaml".to_owned(),
    "to-hop-tac-rau.yaml".to_owned(),
  ];
  let rows = submissions(&content, &names, false);
  let out = Test::new()
    .file("subs.csv", &csv(&rows))
    .args(&["--lang", "en", "import", "subs.csv", "--db", "field.db"])
    .run()
    .code(0)
    .stderr_has("2 row(s) imported (2 new)");
  let again = std::process::Command::new(env!("CARGO_BIN_EXE_coopdx"))
    .args(["--lang", "en", "import", "subs.csv", "--db", "field.db"])
    .current_dir(out.path(""))
    .output()
    .expect("runs");
  let said = String::from_utf8_lossy(&again.stderr);
  assert!(said.contains("2 row(s) imported (0 new)"), "{said}");
  let store = coopdx::storage::open(out.path("field.db").to_str().expect("utf-8")).expect("opens");
  let mut stored = 0;
  store
    .each_assessment(&mut |r| {
      assert_eq!(r.status, coopdx::storage::Status::Complete);
      stored += 1;
      Ok(())
    })
    .expect("reads");
  assert_eq!(stored, 2, "each submission once");
  // The province's spreadsheet and summary read the same database.
  for args in [
    ["batch", "--db", "field.db", "-o", "all.csv"],
    ["summary", "--db", "field.db", "-o", "all.md"],
  ] {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_coopdx"))
      .args(["--lang", "en"])
      .args(args)
      .current_dir(out.path(""))
      .output()
      .expect("runs");
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
      run.status.success() && said.starts_with('2'),
      "{args:?}: {said}"
    );
  }
  // The same rows as files: the folder's summary, planned here, says
  // exactly what the database's SQL over stored figures says.
  for args in [
    vec!["--lang", "en", "import", "subs.csv", "-o", "imported"],
    vec!["--lang", "en", "summary", "imported", "-o", "dir.md"],
  ] {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_coopdx"))
      .args(&args)
      .current_dir(out.path(""))
      .output()
      .expect("runs");
    assert!(run.status.success(), "{args:?}");
  }
  assert_eq!(out.read("dir.md"), out.read("all.md"));
}

/// Writes the Kobo export that `benches/README.md` times `import` with:
/// `KOBO_ROWS` rows (the examples in turn, each its own instance id) into
/// `KOBO_OUT`. Not a check; run by `benches/kobo_rows.sh`.
#[test]
#[ignore = "writes a bench input; run by benches/kobo_rows.sh"]
fn write_kobo_rows_for_the_import_bench() {
  let (Ok(out), Ok(n)) = (std::env::var("KOBO_OUT"), std::env::var("KOBO_ROWS")) else {
    return;
  };
  let n: usize = n.parse().expect("KOBO_ROWS is a number of rows");
  let content = Content::embedded().expect("content");
  let names: Vec<String> = examples().into_iter().cycle().take(n).collect();
  let rows = submissions(&content, &names, false);
  std::fs::write(&out, csv(&rows)).expect("KOBO_OUT is writable");
}
