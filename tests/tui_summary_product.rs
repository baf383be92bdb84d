//! The summary (`v`) shows gifted product beside the cash in every breakdown once the plan
//! has any, so a creator paid in kind does not look free.

use ratatui::crossterm::event::KeyCode;
use scout::tui::app::OverlayKind;

mod common;
use common::{answer, draw, key, sample, shortlist};

#[test]
fn summary_shows_product_beside_cash_80x24() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "5000");
    for h in ["mei.yamasawa", "lena.trails"] {
        shortlist(&mut app, h);
    }
    key(&mut app, KeyCode::Char('v'));
    assert!(!draw(&app).contains("cash + product"), "no product yet");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('P'));
    answer(&mut app, "120 + 15");
    assert_eq!(app.plan().totals().product.cents(), 13_500);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.overlay_kind(), OverlayKind::Summary);
    let screen = draw(&app);
    assert!(screen.contains("cash + product"), "{screen}");
    assert!(screen.contains("+ $135"), "{screen}");
    insta::assert_snapshot!("summary_product_80x24", screen);
}
