//! Prerequisites form no cycle, or no plan could order them.

use super::Checker;
use crate::content::Content;
use crate::source::SourceFile;
use std::collections::BTreeMap;

impl Checker<'_> {
  /// Prerequisites must form no cycle, or no plan could order them.
  pub(super) fn cycles(&mut self, f: &SourceFile) {
    let content = self.content;
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for a in &content.actions {
      let mut path = Vec::new();
      if let Some(cycle) = visit(content, &a.id, &mut state, &mut path) {
        let line = f.line_of_item(Some("actions"), cycle[0]);
        self.report(
          f,
          line,
          cycle[0],
          format!("prerequisites form a cycle: {}", cycle.join(" → ")),
          "remove one of these prerequisites",
        );
        return;
      }
    }
  }
}

/// Walks the prerequisites from `id` depth first; the first cycle found,
/// from its first action back to it. `state` is 0 unvisited, 1 on the
/// current path, 2 done.
fn visit<'a>(
  content: &'a Content,
  id: &'a str,
  state: &mut BTreeMap<&'a str, u8>,
  path: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
  match state.get(id) {
    Some(2) => return None,
    Some(1) => {
      let start = path.iter().position(|p| *p == id).unwrap_or(0);
      let mut cycle = path[start..].to_vec();
      cycle.push(id);
      return Some(cycle);
    }
    _ => {}
  }
  state.insert(id, 1);
  path.push(id);
  for p in content
    .action(id)
    .map(|a| a.prerequisites.as_slice())
    .unwrap_or_default()
  {
    if let Some(cycle) = visit(content, p, state, path) {
      return Some(cycle);
    }
  }
  path.pop();
  state.insert(id, 2);
  None
}
