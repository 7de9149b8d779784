//! Line breaking: spans wrapped to a width by glyph advance widths, a
//! no-break space joining, a word wider than the line cut; and balanced
//! lines for a centred title.

use crate::render::pdf::blocks::Span;
use crate::render::pdf::fonts::{Face, metrics};

/// A run of text on a line, `x` from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
  /// Offset from the line start.
  pub x: f32,
  /// Face.
  pub face: Face,
  /// Text.
  pub text: String,
}

/// A wrapped line and its width.
pub type Line = (Vec<Run>, f32);

/// Wraps `spans` to `width` at `size`; `force` overrides every face.
pub fn wrap(spans: &[Span], size: f32, width: f32, force: Option<Face>) -> Vec<Line> {
  let mut lines: Vec<Line> = Vec::new();
  let mut runs: Vec<Run> = Vec::new();
  let mut x = 0.0f32;
  let mut space_pending = false;
  let flush = |runs: &mut Vec<Run>, x: &mut f32, lines: &mut Vec<Line>| {
    lines.push((std::mem::take(runs), *x));
    *x = 0.0;
  };
  for span in spans {
    let face = force.unwrap_or(span.face);
    let m = metrics(face);
    let space = m.width(" ", size);
    let mut first = true;
    for piece in span.text.split(' ') {
      if !first {
        space_pending = true;
      }
      first = false;
      if piece.is_empty() {
        continue;
      }
      let word = piece;
      loop {
        let w = m.width(word, size);
        let gap = if space_pending && x > 0.0 { space } else { 0.0 };
        if x > 0.0 && x + gap + w > width {
          flush(&mut runs, &mut x, &mut lines);
          continue;
        }
        if w > width {
          // A word wider than the line (a long id or URL) starts a line of
          // its own (the line before was flushed above) and is cut where
          // it fills one. Widths add up character by character (no
          // kerning), so each character is measured once: linear in the
          // word, not quadratic.
          let mut cut = String::new();
          let mut cut_w = 0.0f32;
          for c in word.chars() {
            let mut buf = [0u8; 4];
            let cw = m.width(c.encode_utf8(&mut buf), size);
            if cut_w + cw > width && !cut.is_empty() {
              push_run(&mut runs, x, face, &cut, false);
              x += cut_w;
              flush(&mut runs, &mut x, &mut lines);
              cut.clear();
              cut_w = 0.0;
            }
            cut.push(c);
            cut_w += cw;
          }
          push_run(&mut runs, x, face, &cut, false);
          x += cut_w;
          space_pending = false;
          break;
        }
        push_run(&mut runs, x + gap, face, word, gap > 0.0);
        x += gap + w;
        space_pending = false;
        break;
      }
    }
  }
  if !runs.is_empty() || lines.is_empty() {
    lines.push((runs, x));
  }
  lines
}

fn push_run(runs: &mut Vec<Run>, x: f32, face: Face, text: &str, spaced: bool) {
  match runs.last_mut() {
    Some(last) if last.face == face => {
      if spaced {
        last.text.push(' ');
      }
      last.text.push_str(text);
    }
    _ => runs.push(Run {
      x,
      face,
      text: text.to_owned(),
    }),
  }
}

/// Wraps spans to the narrowest width that keeps their number of lines,
/// so a centred title has balanced lines, never one word alone at the end.
pub fn balanced(spans: &[Span], size: f32, width: f32, force: Option<Face>) -> Vec<Line> {
  let lines = wrap(spans, size, width, force);
  if lines.len() < 2 {
    return lines;
  }
  let n = lines.len();
  let (mut lo, mut hi) = (width / n as f32, width);
  for _ in 0..16 {
    let mid = (lo + hi) / 2.0;
    if wrap(spans, size, mid, force).len() <= n {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  wrap(spans, size, hi, force)
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::render::pdf::layout::tests::{span, text};
  use crate::render::pdf::layout::{BODY, WIDTH};

  /// A long unbroken word (a pasted link, a row of digits) is cut into
  /// full lines and keeps every character. (Cutting is linear in the
  /// word's length; `benches/README.md` has the figures.)
  #[test]
  fn a_long_word_is_cut_into_full_lines_in_one_pass() {
    let word = "x".repeat(20_000);
    let lines = wrap(&[span(&word)], BODY, 200.0, None);
    let kept: usize = lines
      .iter()
      .flat_map(|(runs, _)| runs)
      .map(|r| r.text.chars().count())
      .sum();
    assert_eq!(kept, 20_000);
    assert!(lines.len() > 100);
    for (_, w) in &lines {
      assert!(*w <= 200.0 + 0.01);
    }
  }

  #[test]
  fn wrapped_lines_never_exceed_the_width() {
    let text = text("sentence");
    for width in [60.0, 120.0, 300.0] {
      let lines = wrap(&[span(&text)], BODY, width, None);
      assert!(lines.len() > 1);
      for (_, w) in &lines {
        assert!(*w <= width + 0.01, "{w} > {width}");
      }
      let joined: Vec<String> = lines
        .iter()
        .map(|(runs, _)| {
          runs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("")
        })
        .collect();
      assert_eq!(joined.join(" "), text);
    }
  }

  #[test]
  fn a_word_longer_than_the_line_is_broken() {
    let lines = wrap(
      &[span("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ")],
      BODY,
      50.0,
      None,
    );
    assert!(lines.len() > 2);
    assert!(lines.iter().all(|(_, w)| *w <= 50.0));
  }

  #[test]
  fn a_cover_title_is_balanced() {
    let title = [Span {
      text: "DIGITAL TRANSFORMATION READINESS ASSESSMENT AND DIGITAL TRANSFORMATION PLAN".into(),
      face: Face::Bold,
    }];
    let plain = wrap(&title, 20.0, WIDTH, None);
    let even = balanced(&title, 20.0, WIDTH, None);
    assert_eq!(plain.len(), even.len());
    let last = |lines: &[Line]| lines.last().map_or(0.0, |l| l.1);
    let first = |lines: &[Line]| lines.first().map_or(0.0, |l| l.1);
    assert!(
      last(&plain) < first(&plain) / 3.0,
      "the plain wrap leaves a short last line"
    );
    assert!(last(&even) > first(&even) * 0.6, "{even:?}");
  }
}
