//! Nobody sees what is not theirs: every page and action, tried by every
//! kind of visitor.

use crate::test::example;
use crate::web::import;
use crate::web_client::{Visitor, Web};
use coopdx::storage::Role;

const PASSWORD: &str = "correct horse battery";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
  Anonymous,
  /// Another province's advisor.
  Other,
  Advisor,
  Admin,
}

const EVERYONE: [Who; 4] = [Who::Anonymous, Who::Other, Who::Advisor, Who::Admin];

fn visitor(web: &Web, who: Who) -> Visitor<'_> {
  let mut v = web.visitor();
  match who {
    Who::Anonymous => {}
    Who::Other => v.login("other@lmhtx.vn", PASSWORD),
    Who::Advisor => v.login("adv@lmhtx.vn", PASSWORD),
    Who::Admin => v.login("admin@lmhtx.vn", PASSWORD),
  }
  v
}

/// What the matrix is tried on: an advisor's assessment (Sơn La) with an
/// earlier one, and a cooperative's self-assessment (Sơn La) not yet
/// claimed.
struct World {
  web: Web,
  advisor_id: String,
  earlier_id: String,
  self_id: String,
  self_code: String,
}

fn world() -> World {
  let web = Web::new();
  web.add_user("adv@lmhtx.vn", Role::Advisor, &["son_la"], PASSWORD);
  web.add_user("other@lmhtx.vn", Role::Advisor, &["ha_noi"], PASSWORD);
  web.add_user("admin@lmhtx.vn", Role::Admin, &[], PASSWORD);
  let mut adv = visitor(&web, Who::Advisor);
  let r = import(
    &mut adv,
    "t0.yaml",
    &example("htx-nong-nghiep-khoi-dau.yaml"),
  );
  assert_eq!(r.status, 303);
  let earlier_id = id_of(&r.location());
  let r = import(
    &mut adv,
    "t1.yaml",
    &example("htx-nong-nghiep-khoi-dau.yaml")
      .replace("2025-10-14", "2026-10-14")
      .replace("stage: T0", "stage: T1"),
  );
  let advisor_id = id_of(&r.location());
  let mut coop = web.visitor();
  let (self_id, self_code) = coop.start();
  coop.fill(&self_id, &example("htx-nong-nghiep-khoi-dau.yaml"));
  World {
    web,
    advisor_id,
    earlier_id,
    self_id,
    self_code,
  }
}

fn id_of(location: &str) -> String {
  location
    .trim_start_matches("/a/")
    .split('/')
    .next()
    .unwrap_or("")
    .to_owned()
}

/// The pages of one assessment.
fn assessment_pages(id: &str) -> Vec<String> {
  [
    "",
    "/profile",
    "/d/leadership",
    "/review",
    "/result",
    "/report.pdf",
    "/plan.html",
    "/plan.md",
    "/assessment.yaml",
  ]
  .iter()
  .map(|p| format!("/a/{id}{p}"))
  .collect()
}

fn allowed(status: u16) -> bool {
  (200..400).contains(&status)
}

#[test]
fn the_access_matrix_holds_for_every_page_and_action() {
  let w = world();
  for who in EVERYONE {
    let mut v = visitor(&w.web, who);
    let signed = who != Who::Anonymous;
    let sees_son_la = matches!(who, Who::Advisor | Who::Admin);

    // An advisor's assessment: its province's advisors and admins only.
    for path in assessment_pages(&w.advisor_id) {
      let r = v.get(&path);
      if sees_son_la {
        assert!(allowed(r.status), "{who:?} {path}: {}", r.status);
      } else {
        assert_eq!(r.status, 403, "{who:?} {path}");
      }
    }
    let r = v.post(
      &format!("/a/{}/profile", w.advisor_id),
      &[("go", "save"), ("csrf", "x")],
    );
    assert_eq!(r.status, 403, "{who:?} posts without the form's token");
    // A self-assessment: its link is its key.
    for path in assessment_pages(&w.self_id) {
      assert!(allowed(v.get(&path).status), "{who:?} {path} with the link");
    }
    // A wrong link: nothing there.
    for path in assessment_pages("0000000000000000000000000a") {
      assert_eq!(v.get(&path).status, 404, "{who:?} {path}");
    }

    // The workspace.
    let list = v.get("/advisor");
    if signed {
      assert_eq!(list.status, 200, "{who:?}");
      assert_eq!(
        list.text().contains("Chè Tà Xùa"),
        sees_son_la,
        "{who:?} lists only their provinces"
      );
    } else {
      assert_eq!((list.status, list.location()), (303, "/login".to_owned()));
    }
    let coop = v.get("/advisor/coop/5500612347");
    let expected = match who {
      Who::Anonymous => 303,
      Who::Other => 404,
      _ => 200,
    };
    assert_eq!(
      coop.status, expected,
      "{who:?} opens a cooperative's history"
    );
    let compare = v.get(&format!(
      "/advisor/compare?old={}&new={}",
      w.earlier_id, w.advisor_id
    ));
    let expected = match who {
      Who::Anonymous => 303,
      Who::Other => 403,
      _ => 200,
    };
    assert_eq!(compare.status, expected, "{who:?} compares");
    for path in [
      "/advisor/import",
      "/advisor/new",
      "/advisor/claim",
      "/logout",
    ] {
      let r = v.post(path, &[("csrf", "not-the-token"), ("code", &w.self_code)]);
      let expected = if signed { 403 } else { 303 };
      assert_eq!(
        r.status, expected,
        "{who:?} {path} without the session's token"
      );
    }
  }
}

#[test]
fn a_self_assessment_is_claimed_only_by_an_advisor_of_its_province() {
  let w = world();
  let mut before = visitor(&w.web, Who::Advisor);
  assert_eq!(
    before
      .get("/advisor/coop/5500612347")
      .text()
      .matches("/a/")
      .count(),
    2,
    "before the claim, the advisor's history holds their two assessments only"
  );
  for (who, expected) in [(Who::Other, 403), (Who::Advisor, 303)] {
    let mut v = visitor(&w.web, who);
    let page = v.get("/advisor");
    let r = v.post(
      "/advisor/claim",
      &[("csrf", &page.csrf()), ("code", &w.self_code)],
    );
    assert_eq!(r.status, expected, "{who:?} claims");
    if who == Who::Advisor {
      // A double tap sends the claim again: nothing changes.
      let again = v.post(
        "/advisor/claim",
        &[("csrf", &page.csrf()), ("code", &w.self_code)],
      );
      assert_eq!(again.status, 303, "a second claim is harmless");
    }
  }
  let mut after = visitor(&w.web, Who::Advisor);
  let history = after.get("/advisor/coop/5500612347");
  assert_eq!(
    history.text().matches("/a/").count(),
    3,
    "the claimed self-assessment joins the history"
  );
  let compare = crate::web_client::capture(&history.text(), r#"href="([^"]*compare[^"]*)""#)
    .expect("and the latest two can be compared");
  let page = after.get(&compare);
  assert_eq!(page.status, 200);
  assert!(
    page.text().contains("<svg"),
    "the radar overlays the earlier assessment"
  );
  // The claimed T0 follows T0 and T1 in the history: it becomes T2.
  assert!(
    page.text().contains("T1 (") && page.text().contains("T2 ("),
    "the stages tell which came first"
  );
  assert!(
    !page.text().contains("T3 ("),
    "claimed twice, it is still T2"
  );
}

#[test]
fn a_signed_out_session_opens_nothing() {
  let w = world();
  let mut v = visitor(&w.web, Who::Advisor);
  let page = v.get("/advisor");
  let stolen = v.jar.clone();
  let r = v.post("/logout", &[("csrf", &page.csrf())]);
  assert_eq!(r.status, 303);
  let mut replay = w.web.visitor();
  replay.jar = stolen;
  assert_eq!(
    replay.get("/advisor").status,
    303,
    "the old cookie no longer opens the workspace"
  );
  assert_eq!(
    replay.get(&format!("/a/{}/result", w.advisor_id)).status,
    403
  );
}

#[test]
fn a_claim_ends_when_the_cooperative_moves_to_another_province() {
  let w = world();
  let mut adv = visitor(&w.web, Who::Advisor);
  let page = adv.get("/advisor");
  adv.post(
    "/advisor/claim",
    &[("csrf", &page.csrf()), ("code", &w.self_code)],
  );
  // The cooperative, with its link, changes its province.
  let mut coop = w.web.visitor();
  let url = format!("/a/{}/profile", w.self_id);
  let form = coop.get(&url);
  let r = coop.post(
    &url,
    &[
      ("csrf", &form.csrf()),
      ("go", "save"),
      ("p.province", "ha_noi"),
    ],
  );
  assert_eq!(r.status, 303);
  let mut other = visitor(&w.web, Who::Other);
  assert!(
    !other.get("/advisor").text().contains("Chè Tà Xùa"),
    "Hà Nội's advisor did not claim it"
  );
  let history = adv.get("/advisor/coop/5500612347");
  assert_eq!(
    history.text().matches("/a/").count(),
    2,
    "Sơn La's history no longer holds it"
  );
}

#[test]
fn the_summary_page_sums_up_only_the_provinces_one_follows() {
  let w = world();
  let assessed = |who: Who| {
    let mut v = visitor(&w.web, who);
    let page = v.get("/advisor/summary");
    (
      page.status,
      crate::web_client::capture(&page.text(), r"<strong>(\d+)</strong>"),
      page.text(),
    )
  };
  assert_eq!(assessed(Who::Anonymous).0, 303);
  assert_eq!(
    assessed(Who::Other).1.as_deref(),
    Some("0"),
    "Hà Nội's advisor sees none of Sơn La"
  );
  let (_, _, none) = assessed(Who::Other);
  assert!(
    !none.contains("/100"),
    "with nothing to sum up, no index of 0 is shown"
  );
  let (_, n, text) = assessed(Who::Advisor);
  assert_eq!(
    n.as_deref(),
    Some("1"),
    "the two finished advisor assessments are one cooperative's T0 and T1"
  );
  assert!(
    text.contains("<strong>2</strong>"),
    "both assessments are counted as read"
  );
  let (status, n, text) = assessed(Who::Admin);
  assert_eq!((status, n.as_deref()), (200, Some("1")));
  assert!(
    text.contains("Sơn La"),
    "the admin sees the table by province"
  );
  assert!(
    !text.contains("{{") && !text.contains("{%"),
    "no template code on the page"
  );
}
