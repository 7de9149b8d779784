//! The report's cover and running header show the profile fields the
//! questionnaire marks (`show_on: [cover, header]`), not fields named in
//! the template.

use crate::test::*;

const Q: &str = "content/questionnaires/coopdx.yaml";

use crate::report::page_texts;

#[test]
fn the_questionnaire_chooses_the_fields_on_the_cover_and_in_the_header() {
  let out = Test::new()
    .content()
    // The commune on the cover and in the header, the name no longer in
    // the header, the province no longer on the cover.
    .edit(
      Q,
      "  - id: commune\n    type: text\n",
      "  - id: commune\n    type: text\n    show_on: [cover, header]\n",
    )
    .edit(Q, "    show_on: [header]\n", "")
    .edit(
      Q,
      "  - id: province\n    type: choice\n    show_on: [cover]\n",
      "  - id: province\n    type: choice\n",
    )
    .file("a.yaml", &example("htx-nong-nghiep-khoi-dau.yaml"))
    .args(&["report", "a.yaml", "-o", "r.pdf", "--content", "content"])
    .run()
    .code(0);
  let pages = page_texts(&std::fs::read(out.path("r.pdf")).expect("PDF written"));
  let cover = &pages[0];
  assert!(cover.contains("Xã Tà Xùa"), "{cover}");
  assert!(!cover.contains("Tỉnh/thành phố"), "{cover}");
  assert!(cover.contains("Mã số thuế"), "{cover}");
  // The running header, drawn on every page after the cover.
  for page in &pages[1..] {
    assert!(page.contains("Xã Tà Xùa"), "{page}");
    assert!(!page.contains("Nông nghiệp Chè Tà Xùa"), "{page}");
  }
}
