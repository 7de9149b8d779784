//! `coopdx schema -o DIR`: JSON Schemas of the content and assessment
//! files, for editors.

use super::*;

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
  /// The folder to write the schemas into (created when missing).
  #[arg(short = 'o', long = "output", value_name = "DIR")]
  pub output: PathBuf,
}

/// Every schema coopdx writes: the content files', then the assessment
/// file's.
pub fn all() -> Vec<crate::content::schema::SchemaFile> {
  let mut all = crate::content::schema::content_schemas();
  all.push(crate::assessment::file_schema::schema());
  all
}

pub(super) fn run(cli: &Cli, args: &SchemaArgs) -> Result<i32, Error> {
  let dir = &args.output;
  fs::create_dir_all(dir).map_err(|source| Error::Write {
    path: dir.clone(),
    source,
  })?;
  let files = all();
  for file in &files {
    let text = serde_json::to_string_pretty(&file.schema).map_err(|e| Error::Serialize {
      message: e.to_string(),
    })?;
    crate::atomic::write_output(&dir.join(file.name), format!("{text}\n").as_bytes())?;
  }
  // The catalogue of the embedded content: this command reads no content.
  let content = Content::embedded()?;
  let args = minijinja::context! { dir => dir.display().to_string(), n => files.len() };
  eprintln!("{}", content.message("schema_written", cli.lang, &args));
  Ok(0)
}
