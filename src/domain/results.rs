//! What a published post actually did: the figures a team records (by hand in the planner,
//! or imported later) next to the plan's expectations. Counts are whole numbers, revenue is
//! money in the plan's currency; a figure not recorded is `None`, never zero.
//!
//! [`Outcome`] sets expected against actual, for one entry or any group of them (a tier, a
//! niche, the whole plan). The rules, the same on screen and in every export:
//! - actual engagements are likes + comments + shares + saves (clicks and conversions are
//!   counted apart, as what they are);
//! - the actual reach is the recorded reach, or the views where no reach was recorded (many
//!   exports give only one); rates are over reach: engagement rate = engagements / reach,
//!   for the expectation too (expected engagements / expected reach);
//! - costs are the entry's cost to the brand, cash fee plus product and shipping; realised
//!   cost per engagement, per 1,000 reach, per click and per conversion divide the cost of
//!   the creators that recorded that figure by their figure, so a creator who has not
//!   reported yet does not make the others look cheap or dear;
//! - an expectation set against an actual figure is that of the same creators, those who
//!   recorded it (a tier's expected rate beside its actual one covers the creators who
//!   reported both); with nothing recorded, it is the whole group's forecast;
//! - revenue over spend is the revenue recorded over the cost of the creators recording it;
//! - declined creators count nowhere.
//!
//! Every ratio is kept as two exact integers ([`Ratio`], `UnitCost`) and divided only when
//! written.

use super::money::{Money, UnitCost};
use super::number::format_percent;
use super::plan::{Breakdown, Plan, ShortlistEntry};

/// The actual figures of one creator's published deliverables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Results {
    pub views: Option<u64>,
    pub reach: Option<u64>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub shares: Option<u64>,
    pub saves: Option<u64>,
    pub clicks: Option<u64>,
    pub conversions: Option<u64>,
    pub revenue: Option<Money>,
}

/// One figure of [`Results`], in the order files and screens list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResultField {
    Views,
    Reach,
    Likes,
    Comments,
    Shares,
    Saves,
    Clicks,
    Conversions,
    Revenue,
}

impl ResultField {
    pub const ALL: [ResultField; 9] = [
        ResultField::Views,
        ResultField::Reach,
        ResultField::Likes,
        ResultField::Comments,
        ResultField::Shares,
        ResultField::Saves,
        ResultField::Clicks,
        ResultField::Conversions,
        ResultField::Revenue,
    ];

    /// The name in plans and exports.
    pub const fn key(self) -> &'static str {
        match self {
            ResultField::Views => "views",
            ResultField::Reach => "reach",
            ResultField::Likes => "likes",
            ResultField::Comments => "comments",
            ResultField::Shares => "shares",
            ResultField::Saves => "saves",
            ResultField::Clicks => "clicks",
            ResultField::Conversions => "conversions",
            ResultField::Revenue => "revenue",
        }
    }

    pub fn parse(s: &str) -> Option<ResultField> {
        ResultField::ALL
            .into_iter()
            .find(|f| f.key().eq_ignore_ascii_case(s.trim()))
    }

    pub const fn is_money(self) -> bool {
        matches!(self, ResultField::Revenue)
    }
}

impl Results {
    /// Nothing recorded.
    pub fn is_empty(&self) -> bool {
        *self == Results::default()
    }

    /// A count figure; `None` for revenue (see [`Results::revenue`]) or when not recorded.
    pub fn count(&self, f: ResultField) -> Option<u64> {
        match f {
            ResultField::Views => self.views,
            ResultField::Reach => self.reach,
            ResultField::Likes => self.likes,
            ResultField::Comments => self.comments,
            ResultField::Shares => self.shares,
            ResultField::Saves => self.saves,
            ResultField::Clicks => self.clicks,
            ResultField::Conversions => self.conversions,
            ResultField::Revenue => None,
        }
    }

    /// Sets a count figure (`None` clears it); revenue is set through the field itself.
    pub fn set_count(&mut self, f: ResultField, v: Option<u64>) {
        let slot = match f {
            ResultField::Views => &mut self.views,
            ResultField::Reach => &mut self.reach,
            ResultField::Likes => &mut self.likes,
            ResultField::Comments => &mut self.comments,
            ResultField::Shares => &mut self.shares,
            ResultField::Saves => &mut self.saves,
            ResultField::Clicks => &mut self.clicks,
            ResultField::Conversions => &mut self.conversions,
            ResultField::Revenue => return,
        };
        *slot = v;
    }

    /// Likes + comments + shares + saves, when any of them is recorded.
    pub fn engagements(&self) -> Option<u64> {
        let parts = [self.likes, self.comments, self.shares, self.saves];
        if parts.iter().all(Option::is_none) {
            return None;
        }
        Some(
            parts
                .iter()
                .flatten()
                .fold(0u64, |a, b| a.saturating_add(*b)),
        )
    }
}

/// A ratio of two exact integers, divided only when it is shown.
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    num: u128,
    den: u128,
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.num * other.den == other.num * self.den
    }
}

impl Eq for Ratio {}

impl Ratio {
    /// `num / den`; `None` when there is nothing to divide by.
    pub fn new(num: u128, den: u128) -> Option<Ratio> {
        (den != 0).then_some(Ratio { num, den })
    }

    /// The value as a float, for charts and JSON.
    pub fn value(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// As a percentage by the one rule for rates (`4.1%`).
    pub fn percent(self) -> String {
        format_percent(self.value())
    }

    /// As a whole percentage, rounded half up on the exact ratio (`128%`): for shares of an
    /// expectation, where a decimal says nothing more.
    pub fn whole_percent(self) -> String {
        let p = (self.num.saturating_mul(200) + self.den) / (self.den * 2);
        format!("{p}%")
    }

    /// As a multiple to two decimals, rounded half up on the exact ratio (`2.35x`).
    pub fn times(self) -> String {
        let hundredths = (self.num.saturating_mul(200) + self.den) / (self.den * 2);
        format!("{}.{:02}x", hundredths / 100, hundredths % 100)
    }

    /// As a plain decimal to four places, for files (`2.3512`).
    pub fn plain(self) -> String {
        self.decimal(4)
    }

    /// As a plain decimal to `places` places (at most 12), rounded half up on the exact
    /// ratio, trailing zeros dropped (`0.041237`, `2.5`).
    pub fn decimal(self, places: u32) -> String {
        let places = places.min(12);
        let scale = 10u128.pow(places);
        let n = (self.num.saturating_mul(scale * 2) + self.den) / (self.den * 2);
        let s = format!(
            "{}.{:0width$}",
            n / scale,
            n % scale,
            width = places as usize
        );
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One actual figure summed over the creators that recorded it, with what those creators
/// cost and what they were expected to give (reach or engagements; zero for figures the
/// plan does not forecast).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measured<T> {
    pub value: T,
    pub cost: Money,
    pub expected: u64,
    /// How many creators recorded it; zero means not recorded at all.
    pub creators: usize,
}

impl<T: Copy> Measured<T> {
    /// The figure, when any creator recorded it.
    pub fn get(&self) -> Option<T> {
        (self.creators > 0).then_some(self.value)
    }
}

impl Measured<u64> {
    fn one(value: Option<u64>, cost: Money, expected: u64) -> Measured<u64> {
        value.map_or_else(Measured::default, |value| Measured {
            value,
            cost,
            expected,
            creators: 1,
        })
    }

    fn add(&mut self, o: &Measured<u64>) {
        self.value = self.value.saturating_add(o.value);
        self.cost += o.cost;
        self.expected = self.expected.saturating_add(o.expected);
        self.creators += o.creators;
    }

    /// Cost per one: `None` when not recorded or zero.
    fn cost_per(&self) -> Option<UnitCost> {
        (self.creators > 0 && self.value > 0).then(|| UnitCost::new(self.cost, self.value))
    }
}

/// Expected against actual for one entry, or summed over a group of entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Creators counted (declined ones are not).
    pub creators: usize,
    /// Of those, the ones with any figure recorded.
    pub reported: usize,
    /// Their cost to the brand: cash fee plus product and shipping.
    pub cost: Money,
    pub expected_reach: u64,
    pub expected_engagements: u64,
    /// Reach, or views where no reach was recorded.
    pub reach: Measured<u64>,
    /// Likes + comments + shares + saves.
    pub engagements: Measured<u64>,
    /// Over the creators that recorded both engagements and reach: actual engagements,
    /// actual reach, expected engagements, expected reach (the rates).
    pub rated: [u64; 4],
    /// The cost of the creators with any figure recorded.
    pub reported_cost: Money,
    pub clicks: Measured<u64>,
    pub conversions: Measured<u64>,
    pub revenue: Measured<Money>,
}

impl Outcome {
    /// One entry's figures; a declined entry counts nowhere (all zero).
    pub fn of_entry(e: &ShortlistEntry) -> Outcome {
        if !e.is_counted() {
            return Outcome::default();
        }
        let r = &e.results;
        let cost = e.cost();
        let reach = r.reach.or(r.views);
        let engagements = r.engagements();
        Outcome {
            creators: 1,
            reported: usize::from(!r.is_empty()),
            cost,
            expected_reach: e.expected_reach,
            expected_engagements: e.expected_engagements,
            reach: Measured::one(reach, cost, e.expected_reach),
            engagements: Measured::one(engagements, cost, e.expected_engagements),
            rated: match (engagements, reach) {
                (Some(a), Some(b)) => [a, b, e.expected_engagements, e.expected_reach],
                _ => [0; 4],
            },
            reported_cost: if r.is_empty() { Money::ZERO } else { cost },
            clicks: Measured::one(r.clicks, cost, 0),
            conversions: Measured::one(r.conversions, cost, 0),
            revenue: r.revenue.map_or_else(Measured::default, |value| Measured {
                value,
                cost,
                expected: 0,
                creators: 1,
            }),
        }
    }

    /// Adds another entry's or group's figures to these.
    pub fn add(&mut self, o: &Outcome) {
        self.creators += o.creators;
        self.reported += o.reported;
        self.cost += o.cost;
        self.expected_reach = self.expected_reach.saturating_add(o.expected_reach);
        self.expected_engagements = self
            .expected_engagements
            .saturating_add(o.expected_engagements);
        self.reach.add(&o.reach);
        self.engagements.add(&o.engagements);
        for (a, b) in self.rated.iter_mut().zip(o.rated) {
            *a = a.saturating_add(b);
        }
        self.reported_cost += o.reported_cost;
        self.clicks.add(&o.clicks);
        self.conversions.add(&o.conversions);
        self.revenue.value += o.revenue.value;
        self.revenue.cost += o.revenue.cost;
        self.revenue.creators += o.revenue.creators;
    }

    /// The whole plan.
    pub fn of_plan(plan: &Plan) -> Outcome {
        let mut t = Outcome::default();
        for e in &plan.shortlist {
            t.add(&Outcome::of_entry(e));
        }
        t
    }

    /// Per tier, niche or status, labelled and ordered as [`Plan::breakdown`] does. A
    /// creator with several niches counts in each.
    pub fn by(plan: &Plan, by: Breakdown) -> Vec<(String, Outcome)> {
        let mut out: Vec<(String, Outcome)> = plan
            .breakdown(by)
            .into_iter()
            .map(|s| (s.label, Outcome::default()))
            .collect();
        let at: std::collections::HashMap<String, usize> = out
            .iter()
            .enumerate()
            .map(|(i, (l, _))| (l.clone(), i))
            .collect();
        for e in &plan.shortlist {
            let one = Outcome::of_entry(e);
            let labels: Vec<&str> = match by {
                Breakdown::Tier => vec![e.tier.as_str()],
                Breakdown::Status => vec![e.status.key()],
                Breakdown::Niche if e.niches.is_empty() => vec!["(no niche)"],
                Breakdown::Niche => e.niches.iter().map(String::as_str).collect(),
            };
            for l in labels {
                if let Some(&i) = at.get(l) {
                    out[i].1.add(&one);
                }
            }
        }
        out
    }

    /// Whether some creator recorded both engagements and reach (or views).
    fn has_rate(&self) -> bool {
        self.rated[1] > 0
    }

    /// Expected engagements / expected reach: of the creators with an actual rate, else of
    /// the whole group.
    pub fn expected_rate(&self) -> Option<Ratio> {
        if self.has_rate() {
            Ratio::new(self.rated[2].into(), self.rated[3].into())
        } else {
            Ratio::new(self.expected_engagements.into(), self.expected_reach.into())
        }
    }

    /// Actual engagements / actual reach, over the creators that recorded both.
    pub fn actual_rate(&self) -> Option<Ratio> {
        Ratio::new(self.rated[0].into(), self.rated[1].into())
    }

    /// Cost / expected engagements: of the creators who recorded engagements, else of the
    /// whole group.
    pub fn expected_cpe(&self) -> Option<UnitCost> {
        let (cost, eng) = match self.engagements.get() {
            Some(_) => (self.engagements.cost, self.engagements.expected),
            None => (self.cost, self.expected_engagements),
        };
        (eng > 0).then(|| UnitCost::new(cost, eng))
    }

    /// Realised cost per engagement.
    pub fn actual_cpe(&self) -> Option<UnitCost> {
        self.engagements.cost_per()
    }

    /// Cost per 1,000 expected reach: of the creators who recorded reach, else of the
    /// whole group.
    pub fn expected_cpm(&self) -> Option<UnitCost> {
        let (cost, reach) = match self.reach.get() {
            Some(_) => (self.reach.cost, self.reach.expected),
            None => (self.cost, self.expected_reach),
        };
        (reach > 0).then(|| UnitCost::new(per_thousand(cost), reach))
    }

    /// Realised cost per 1,000 reach.
    pub fn actual_cpm(&self) -> Option<UnitCost> {
        self.reach
            .cost_per()
            .map(|_| UnitCost::new(per_thousand(self.reach.cost), self.reach.value))
    }

    /// Cost per click.
    pub fn cost_per_click(&self) -> Option<UnitCost> {
        self.clicks.cost_per()
    }

    /// Cost per conversion.
    pub fn cost_per_conversion(&self) -> Option<UnitCost> {
        self.conversions.cost_per()
    }

    /// Revenue over spend (the cost of the creators recording revenue).
    pub fn revenue_over_spend(&self) -> Option<Ratio> {
        if self.revenue.creators == 0 || self.revenue.cost.cents() <= 0 {
            return None;
        }
        let num = u128::try_from(self.revenue.value.cents()).unwrap_or(0);
        Ratio::new(num, self.revenue.cost.cents() as u128)
    }
}

/// An amount times 1,000, for costs per 1,000 reach (amounts are at most `MAX_TOTAL`, so it
/// fits; it saturates beyond).
fn per_thousand(m: Money) -> Money {
    Money::from_cents(m.cents().saturating_mul(1000))
}

impl Results {
    /// The figures as one line, `views 48000 likes 2100 revenue 719.40`, in the order of
    /// [`ResultField::ALL`]; what is not recorded is left out. [`Results::parse_line`]
    /// reads it back.
    pub fn to_line(&self) -> String {
        let mut parts = Vec::new();
        for f in ResultField::ALL {
            let v = if f.is_money() {
                self.revenue.map(Money::plain)
            } else {
                self.count(f).map(|n| n.to_string())
            };
            if let Some(v) = v {
                parts.push(format!("{} {v}", f.key()));
            }
        }
        parts.join(" ")
    }

    /// Reads `views 48000 likes 2.1k revenue 719.40` (pairs of a figure's name and its value;
    /// `views=48000` and `views: 48000` too; counts as in rosters, `48.2k`; revenue an amount
    /// in `currency`). Figures not named are not recorded; empty records none.
    pub fn parse_line(text: &str, currency: &str) -> Result<Results, String> {
        let spaced = text.replace(['=', ':', ','], " ");
        let mut words = spaced.split_whitespace();
        let mut r = Results::default();
        while let Some(name) = words.next() {
            let f = ResultField::parse(name).ok_or_else(|| {
                format!(
                    "`{}` is not a figure: views, reach, likes, comments, shares, saves, clicks, conversions, revenue",
                    super::text::clean_line(name)
                )
            })?;
            let value = words
                .next()
                .ok_or_else(|| format!("{} needs a value", f.key()))?;
            if f.is_money() {
                let m = Money::parse_in(value, currency).map_err(|e| format!("revenue: {e}"))?;
                if m.cents() < 0 || !m.is_acceptable() {
                    return Err("revenue: an amount, 0 or more".into());
                }
                r.revenue = Some(m);
            } else {
                match super::number::parse_count(value) {
                    Ok(Some(n)) => r.set_count(f, Some(n)),
                    _ => {
                        return Err(format!(
                            "{}: `{}` is not a whole number, 0 or more",
                            f.key(),
                            super::text::clean_line(value)
                        ));
                    }
                }
            }
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_figures_reads_and_prints_back() {
        let r = Results::parse_line("views 48.2k likes=2100, Revenue: 719.40", "USD").unwrap();
        assert_eq!(r.views, Some(48_200));
        assert_eq!(r.likes, Some(2_100));
        assert_eq!(r.revenue, Some(Money::from_cents(71_940)));
        assert_eq!(r.to_line(), "views 48200 likes 2100 revenue 719.40");
        assert_eq!(Results::parse_line(&r.to_line(), "USD"), Ok(r));
        assert_eq!(Results::parse_line("  ", "USD"), Ok(Results::default()));
        let why = |s: &str| Results::parse_line(s, "USD").unwrap_err();
        assert!(why("followers 3").contains("not a figure"));
        assert_eq!(why("views"), "views needs a value");
        assert!(why("likes -3").contains("not a whole number"));
        assert!(why("revenue 5 EUR").contains("EUR"));
    }

    #[test]
    fn figures_are_set_by_name_and_engagements_add_up() {
        let mut r = Results::default();
        assert!(r.is_empty());
        assert_eq!(r.engagements(), None);
        for f in ResultField::ALL {
            assert_eq!(ResultField::parse(f.key()), Some(f));
        }
        r.set_count(ResultField::parse("Likes").unwrap(), Some(120));
        r.set_count(ResultField::Saves, Some(8));
        r.set_count(ResultField::Revenue, Some(5));
        assert_eq!(r.count(ResultField::Likes), Some(120));
        assert_eq!(r.count(ResultField::Revenue), None);
        assert_eq!(r.engagements(), Some(128));
        assert!(!r.is_empty());
    }
}

#[cfg(test)]
pub(crate) mod outcome_tests {
    use super::*;
    use crate::domain::plan::{Campaign, Status};

    pub(crate) fn entry(handle: &str, fee: i64, reach: u64, eng: u64) -> ShortlistEntry {
        ShortlistEntry {
            followers: 20_000,
            niches: vec!["fitness".into()],
            fee: Money::from_cents(fee),
            status: Status::Confirmed,
            expected_reach: reach,
            expected_engagements: eng,
            ..ShortlistEntry::for_test(handle)
        }
    }

    #[test]
    fn one_entry_expected_against_actual() {
        let mut e = entry("a", 40_000, 10_000, 400);
        e.product_value = Money::from_units(100);
        e.results = Results {
            views: Some(20_000),
            reach: Some(12_500),
            likes: Some(900),
            comments: Some(60),
            shares: Some(25),
            saves: Some(15),
            clicks: Some(250),
            conversions: Some(8),
            revenue: Some(Money::from_units(1_250)),
        };
        let o = Outcome::of_entry(&e);
        assert_eq!(o.cost, Money::from_units(500), "cash plus product");
        assert_eq!(o.engagements.get(), Some(1_000));
        assert_eq!(o.reach.get(), Some(12_500), "reach before views");
        assert_eq!(o.expected_rate().unwrap().percent(), "4.0%");
        assert_eq!(o.actual_rate().unwrap().percent(), "8.0%");
        assert_eq!(o.expected_cpe().unwrap().display("USD"), "$1.25");
        assert_eq!(o.actual_cpe().unwrap().display("USD"), "$0.50");
        assert_eq!(o.expected_cpm().unwrap().display("USD"), "$50");
        assert_eq!(o.actual_cpm().unwrap().display("USD"), "$40");
        assert_eq!(o.cost_per_click().unwrap().display("USD"), "$2");
        assert_eq!(o.cost_per_conversion().unwrap().display("USD"), "$62.50");
        assert_eq!(o.revenue_over_spend().unwrap().times(), "2.50x");
        assert_eq!(o.revenue_over_spend().unwrap().plain(), "2.5");
    }

    #[test]
    fn views_stand_in_for_reach_and_nothing_recorded_is_no_figure() {
        let mut e = entry("a", 10_000, 5_000, 100);
        let o = Outcome::of_entry(&e);
        assert_eq!(o.reported, 0);
        assert_eq!(
            (o.actual_rate(), o.actual_cpe(), o.actual_cpm()),
            (None, None, None)
        );
        assert_eq!((o.cost_per_click(), o.revenue_over_spend()), (None, None));
        assert!(o.expected_cpe().is_some());
        e.results.views = Some(8_000);
        e.results.likes = Some(400);
        let o = Outcome::of_entry(&e);
        assert_eq!(o.reach.get(), Some(8_000));
        assert_eq!(o.actual_rate().unwrap().percent(), "5.0%");
        // Zero clicks recorded: recorded, but there is no cost per click to give.
        e.results.clicks = Some(0);
        assert_eq!(Outcome::of_entry(&e).clicks.get(), Some(0));
        assert_eq!(Outcome::of_entry(&e).cost_per_click(), None);
        // A gifted creator with no cost: revenue over spend has nothing to divide by.
        let mut free = entry("b", 0, 1, 1);
        free.results.revenue = Some(Money::from_units(10));
        assert_eq!(Outcome::of_entry(&free).revenue_over_spend(), None);
    }

    #[test]
    fn totals_cost_only_the_creators_that_reported_each_figure() {
        let mut p = Plan::new(Campaign::default());
        let mut a = entry("a", 30_000, 10_000, 500);
        a.results.likes = Some(1_000);
        a.results.reach = Some(10_000);
        a.results.clicks = Some(100);
        let mut b = entry("b", 20_000, 5_000, 250);
        b.tier = "nano".into();
        b.niches = vec!["fitness".into(), "food".into()];
        b.results.likes = Some(250);
        let c = entry("c", 50_000, 20_000, 1_000);
        let mut d = entry("d", 90_000, 1, 1);
        d.status = Status::Declined;
        d.results.likes = Some(1_000_000);
        p.shortlist = vec![a, b, c, d];
        let t = Outcome::of_plan(&p);
        assert_eq!((t.creators, t.reported), (3, 2), "declined counts nowhere");
        assert_eq!(t.cost, Money::from_units(1_000));
        assert_eq!(t.expected_engagements, 1_750);
        assert_eq!(t.engagements.get(), Some(1_250));
        assert_eq!(
            t.engagements.expected, 750,
            "expected of those who reported"
        );
        // $500 of creators with engagements / 1,250: not $1,000 / 1,250.
        assert_eq!(t.actual_cpe().unwrap().display("USD"), "$0.40");
        assert_eq!(t.cost_per_click().unwrap().display("USD"), "$3");
        // The rate only over creators with engagements and reach: a's 10%.
        assert_eq!(t.actual_rate().unwrap().percent(), "10.0%");
        let tiers = Outcome::by(&p, Breakdown::Tier);
        let labels: Vec<&str> = tiers.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["micro", "nano"]);
        assert_eq!(tiers[1].1.engagements.get(), Some(250));
        let niches = Outcome::by(&p, Breakdown::Niche);
        let food = niches.iter().find(|(l, _)| l == "food").unwrap();
        assert_eq!((food.1.creators, food.1.engagements.get()), (1, Some(250)));
        let fitness = niches.iter().find(|(l, _)| l == "fitness").unwrap();
        assert_eq!(fitness.1.engagements.get(), Some(1_250));
    }

    #[test]
    fn ratios_round_half_up_on_the_exact_figures() {
        let r = Ratio::new(2, 3).unwrap();
        assert_eq!(
            (r.times(), r.plain(), r.percent()),
            ("0.67x".into(), "0.6667".into(), "66.7%".into())
        );
        assert_eq!(Ratio::new(1, 0), None);
        assert_eq!(Ratio::new(1, 8).unwrap().times(), "0.13x");
        assert_eq!(Ratio::new(1, 3).unwrap().decimal(6), "0.333333");
        assert_eq!(Ratio::new(1455, 4584).unwrap().whole_percent(), "32%");
        assert_eq!(Ratio::new(1, 200).unwrap().whole_percent(), "1%");
        assert_eq!(Ratio::new(4, 2).unwrap().decimal(6), "2");
        assert_eq!(Ratio::new(1, 2), Ratio::new(50, 100));
    }
}
