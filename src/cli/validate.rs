//! `coopdx validate`.

use super::*;

/// Checks the content; prints every problem with its line and a snippet.
/// Exit 0 when clean, 1 when there are errors.
pub(super) fn run(cli: &Cli, out: &mut dyn Write) -> Result<i32, Error> {
  let files = match &cli.content {
    Some(dir) => ContentFiles::from_dir(dir)?,
    None => ContentFiles::embedded(),
  };
  let origin = files.origin.clone();
  match Content::load(files) {
    Ok(content) => {
      // Templates are rendered once the rest is sound: scoring and
      // planning the made-up cooperatives rely on it.
      let problems = crate::render::check::templates(&content);
      if !problems.is_empty() {
        let sources: Vec<&SourceFile> = content.files.files.values().collect();
        let mut stderr = io::stderr().lock();
        let _ = crate::diagnostic::emit(&mut stderr, &sources, &problems);
        let _ = writeln!(
          stderr,
          "error: {origin}: {} error(s) in the content",
          problems.len()
        );
        return Ok(1);
      }
      let q = &content.questionnaire;
      writeln!(
        out,
        "ok: {origin}: questionnaire {} {} with {} profile fields and {} questions; {} dimensions, {} levels, {} gates; {} actions, {} policies",
        q.id,
        q.version,
        q.profile.len(),
        q.questions.len(),
        content.dimensions.len(),
        content.levels.len(),
        content.gates.len(),
        content.actions.len(),
        content.policies.len(),
      )
      .map_err(|source| Error::Stdout { source })?;
      Ok(0)
    }
    Err(Error::Content {
      diagnostics, files, ..
    }) => {
      let sources: Vec<&SourceFile> = files.files.values().collect();
      let mut stderr = io::stderr().lock();
      let _ = crate::diagnostic::emit(&mut stderr, &sources, &diagnostics);
      let _ = writeln!(
        stderr,
        "error: {origin}: {} error(s) in the content",
        diagnostics.len()
      );
      Ok(1)
    }
    Err(other) => Err(other),
  }
}
