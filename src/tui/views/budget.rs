//! The budget bar (always on screen) and the summary view: where the money goes and what it
//! buys, by tier, niche and status, as horizontal bar charts.

use crate::tui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::shown;
use super::{fit, pad};
use crate::domain::money::Money;
use crate::domain::number::{compact_count, grouped};
use crate::domain::plan::{Breakdown, Objective, Slice, Totals};
use crate::tui::app::App;

/// Spend as a share of the budget, in tenths of a percent (exact integers, no float drift).
fn permille(spend: Money, budget: Money) -> Option<i64> {
    (budget.cents() > 0).then(|| {
        let p = i128::from(spend.cents()) * 1000 / i128::from(budget.cents());
        p.min(i128::from(i64::MAX)) as i64
    })
}

fn percent_text(permille: i64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// A bar `width` cells long filled to `num/den`, in eighths of a cell.
pub fn bar(num: u128, den: u128, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if den == 0 || width == 0 {
        return " ".repeat(width);
    }
    let eighths = (num.min(den) * width as u128 * 8 / den) as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8]);
    }
    let used = s.chars().count();
    s + &" ".repeat(width.saturating_sub(used))
}

/// Whole cells of a `width`-cell gauge for the cash, and for cash and product together
/// (each at most `width`), rounded down so a sliver never looks like a full cell.
fn split_gauge(t: &Totals, budget: Money, width: usize) -> (usize, usize) {
    let cells = |m: Money| -> usize {
        if budget.cents() <= 0 {
            return 0;
        }
        let c = i128::from(m.cents().max(0)) * width as i128 / i128::from(budget.cents());
        c.clamp(0, width as i128) as usize
    };
    let cash = cells(t.spend);
    (cash, cells(t.cost).max(cash))
}

/// The pieces of the budget bar, most important first, so a narrow screen drops the tail.
fn figures(t: &Totals, cur: &str, objective: Objective, overdue: usize) -> Vec<String> {
    let mut v = vec![
        format!("eng {}", compact_count(t.expected_engagements)),
        format!("reach {}", compact_count(t.expected_reach)),
    ];
    if t.expected_engagements > 0 {
        v.push(format!("{}/eng", t.cost_per_engagement.display(cur)));
    }
    if t.expected_reach > 0 {
        v.push(format!("{} CPM", t.cost_per_thousand.display(cur)));
    }
    if objective == Objective::Reach {
        v.swap(0, 1);
    }
    if overdue > 0 {
        // Late deliverables matter more than the ratios: right after the headline figures.
        v.insert(2.min(v.len()), format!("{overdue} overdue (T)"));
    }
    if t.creators > t.active {
        v.push(format!("{} declined", t.creators - t.active));
    }
    v
}

/// One line: budget, spend, what is left, a gauge, then the totals that fit. Over budget it
/// says so in words (and in red where colour is on); with no budget it says how to set one.
pub fn render_bar(app: &App, frame: &mut Frame, area: Rect) {
    let plan = app.plan();
    let cur = plan.campaign.currency.as_str();
    let t = plan.totals();
    let budget = plan.campaign.budget;
    let width = usize::from(area.width);
    // Product and shipping count toward the budget with the cash.
    let over = t.budget_left.cents() < 0;
    let product = t.product.cents() != 0;
    let spend = if product {
        format!(
            "spend {} + {} product",
            t.spend.display(cur),
            t.product.display(cur)
        )
    } else {
        format!("spend {}", t.spend.display(cur))
    };
    let mut spans: Vec<Span> = Vec::new();
    let count = format!(
        "{} creator{}",
        t.active,
        if t.active == 1 { "" } else { "s" }
    );
    let head = match permille(t.cost, budget) {
        None => format!(" No budget (b sets one) · {count} · {spend}"),
        Some(p) if over => format!(
            " OVER BUDGET by {} · {count} · {spend} of {} ({})",
            Money::from_cents(-t.budget_left.cents()).display(cur),
            budget.display(cur),
            percent_text(p)
        ),
        Some(p) => format!(
            " Budget {} · {count} · {spend} ({}) · left {}",
            budget.display(cur),
            percent_text(p),
            t.budget_left.display(cur)
        ),
    };
    let head_style = if over {
        theme::over_budget()
    } else {
        theme::strong()
    };
    let mut used = head.width();
    spans.push(Span::styled(fit(&head, width), head_style));
    // The gauge, when there is a budget and room for it.
    if let Some(p) = permille(t.cost, budget) {
        let gauge_w = if width >= 160 { 24 } else { 12 };
        if used + gauge_w + 3 <= width {
            let style = theme::gauge(over, p >= 900);
            spans.push(Span::raw(" ▕"));
            if product {
                // Cash in solid cells, product shaded after it.
                let (cash, all) = split_gauge(&t, budget, gauge_w);
                spans.push(Span::styled("█".repeat(cash), style));
                spans.push(Span::styled("▒".repeat(all - cash), style));
                spans.push(Span::raw(" ".repeat(gauge_w - all)));
            } else {
                let g = bar(p.clamp(0, 1000) as u128, 1000, gauge_w);
                spans.push(Span::styled(g, style));
            }
            spans.push(Span::raw("▏"));
            used += gauge_w + 3;
        }
    }
    for f in figures(&t, cur, plan.campaign.objective, plan.overdue(app.today())) {
        let piece = format!(" · {f}");
        if used + piece.width() > width {
            break;
        }
        used += piece.width();
        spans.push(Span::raw(piece));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The summary lines: totals, then spend and expected engagements by tier, niche and status
/// as bars.
pub fn summary_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let plan = app.plan();
    let cur = plan.campaign.currency.as_str();
    let t = plan.totals();
    let objective = plan.campaign.objective;
    let mut out = vec![
        Line::from(Span::styled(
            format!(" {}", shown(&plan.campaign.name)),
            theme::strong(),
        )),
        Line::from(if t.product.cents() == 0 {
            format!(
                " Budget {} · spend {} · left {}",
                plan.campaign.budget.display(cur),
                t.spend.display(cur),
                t.remaining.display(cur),
            )
        } else {
            format!(
                " Budget {} · cash {} · product {} · total {} · left {}",
                plan.campaign.budget.display(cur),
                t.spend.display(cur),
                t.product.display(cur),
                t.cost.display(cur),
                t.budget_left.display(cur),
            )
        }),
        Line::from(format!(
            " Objective: expected {} · {} per new creator",
            objective.key(),
            deliverables(plan.campaign.posts, plan.campaign.format.as_deref()),
        )),
        Line::from(format!(
            " {} creators ({} counted) · reach {} · engagements {}",
            t.creators,
            t.active,
            grouped(t.expected_reach),
            grouped(t.expected_engagements),
        )),
        Line::from(format!(
            " {} per engagement · {} per 1,000 reach",
            t.cost_per_engagement.display(cur),
            t.cost_per_thousand.display(cur)
        )),
    ];
    if plan.shortlist.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(
            " The shortlist is empty: Space on a creator in the roster table adds one.",
        ));
        return out;
    }
    // Spend against what it buys in engagements, whatever the objective: the figure people
    // compare across tiers and niches.
    let value_name = "expected engagements";
    let value = |s: &Slice| s.expected_engagements;
    // Gifted product beside the cash, when the plan has any: `$1.2k + $135`.
    let has_product = t.product.cents() != 0;
    let product_w = if has_product { 10 } else { 0 };
    for (title, by) in [
        ("tier", Breakdown::Tier),
        ("niche", Breakdown::Niche),
        ("status", Breakdown::Status),
    ] {
        let slices = plan.breakdown(by);
        let label_w = slices
            .iter()
            .map(|s| shown(&s.label).width())
            .max()
            .unwrap_or(4)
            .clamp(9, 16);
        // label, count, spend bar + amount, value bar + figure.
        let fixed = 1 + label_w + 1 + 4 + 2 + 12 + product_w + 2 + 8 + 1;
        let bar_w = (width.saturating_sub(fixed) / 2).clamp(4, 40);
        let max_spend = slices
            .iter()
            .map(|s| s.spend.cents().max(0) as u128)
            .max()
            .unwrap_or(0);
        let max_value = slices.iter().map(|s| value(s) as u128).max().unwrap_or(0);
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(
            format!(
                " {} {} {} {}",
                pad(&format!("by {title}"), label_w, false),
                pad("n", 4, true),
                pad(
                    if has_product {
                        "cash + product"
                    } else {
                        "spend"
                    },
                    bar_w + 12 + product_w,
                    false
                ),
                value_name
            ),
            theme::header(),
        )));
        for s in &slices {
            out.push(Line::from(vec![
                Span::raw(format!(
                    " {} {} ",
                    pad(&shown(&s.label), label_w, false),
                    pad(&s.creators.to_string(), 4, true)
                )),
                Span::styled(
                    bar(s.spend.cents().max(0) as u128, max_spend, bar_w),
                    theme::spend_bar(),
                ),
                Span::raw(format!(" {} ", pad(&s.spend.compact(cur), 10, true))),
                Span::raw(match (has_product, s.product.cents()) {
                    (false, _) => String::new(),
                    (true, 0) => " ".repeat(product_w),
                    (true, _) => format!(
                        "{} ",
                        pad(&format!("+ {}", s.product.compact(cur)), 9, true)
                    ),
                }),
                Span::styled(bar(value(s) as u128, max_value, bar_w), theme::value_bar()),
                Span::raw(format!(" {}", pad(&compact_count(value(s)), 7, true))),
            ]));
        }
        if by == Breakdown::Niche {
            out.push(Line::from(
                " (a creator with several niches counts in each)",
            ));
        }
    }
    out
}

pub fn render_summary(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    super::render_scrolled(
        frame,
        area,
        120,
        " Summary · j/k scroll · Esc close ",
        |w| summary_lines(app, w),
        scroll,
    );
}

/// `1 post`, `2 posts`, `3 × story`: a campaign's default deliverables in words.
pub fn deliverables(posts: u32, format: Option<&str>) -> String {
    match format {
        Some(f) => format!("{posts} × {f}"),
        None if posts == 1 => "1 post".to_string(),
        None => format!("{posts} posts"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_eighths() {
        assert_eq!(bar(0, 10, 4), "    ");
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██  ");
        assert_eq!(bar(1, 16, 2), "▏ ");
        assert_eq!(bar(30, 10, 2), "██", "capped at full");
        assert_eq!(bar(3, 0, 3), "   ");
    }

    #[test]
    fn percentages_are_exact_tenths() {
        assert_eq!(
            permille(Money::from_cents(942_000), Money::from_cents(1_500_000)),
            Some(628)
        );
        assert_eq!(percent_text(628), "62.8%");
        assert_eq!(permille(Money::from_cents(5), Money::ZERO), None);
    }
}
