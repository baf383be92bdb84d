//! Fee, reach and engagement estimates, each knowing where it came from.
//!
//! The model (documented with its sources in `assets/config.toml`):
//! fee per standard post = followers / 1000 x price per 1,000 followers of the platform
//! x engagement adjustment, never below the minimum fee, rounded to whole currency units.
//! The engagement adjustment is (rate / norm of the tier) ^ elasticity, clamped to a band
//! (default 0.7x..1.4x), so an audience twice as engaged as usual costs about a quarter more.
//! A creator's own rate, when the roster has one, always wins over the model.
//!
//! Prices and rates are in the config's currency. A plan in another currency prices with a
//! [`Conversion`]: each price per 1,000, the minimum fee and each own rate is converted
//! (one multiplication, one rounding to the cent) before the fee is worked out, so every
//! fee is in the plan's currency.

use serde::{Deserialize, Serialize};

use super::creator::Platform;
use super::money::{Conversion, Money};
use super::tier::TierId;

/// Where a fee comes from; the plan file and the screen say which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeeSource {
    /// The model's estimate.
    Estimate,
    /// The creator's own price from the roster.
    Rate,
    /// A price the user typed after talking to the creator.
    Negotiated,
}

impl FeeSource {
    pub fn key(self) -> &'static str {
        match self {
            FeeSource::Estimate => "estimate",
            FeeSource::Rate => "rate",
            FeeSource::Negotiated => "negotiated",
        }
    }

    pub fn parse(s: &str) -> Option<FeeSource> {
        match s.trim().to_ascii_lowercase().as_str() {
            "estimate" => Some(FeeSource::Estimate),
            "rate" => Some(FeeSource::Rate),
            "negotiated" => Some(FeeSource::Negotiated),
            _ => None,
        }
    }
}

/// Where an engagement rate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum EngagementSource {
    /// The roster's engagement_rate column.
    Given = 0,
    /// (likes + comments) / followers.
    FromLikes = 1,
    /// engagements / followers.
    FromEngagements = 2,
    /// Not in the roster: the tier's typical rate is assumed.
    TierNorm = 3,
}

impl EngagementSource {
    pub fn describe(self) -> &'static str {
        match self {
            EngagementSource::Given => "from the roster",
            EngagementSource::FromLikes => "(likes + comments) / followers",
            EngagementSource::FromEngagements => "engagements / followers",
            EngagementSource::TierNorm => "not in the roster: the tier's typical rate",
        }
    }
}

/// Where an expected figure per post (reach or engagements) comes from; the screen says
/// which, as it does for the fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExpectationSource {
    /// The roster's average likes + comments per post.
    AvgLikes,
    /// The roster's average engagements per post.
    AvgEngagements,
    /// The roster's average views per post.
    AvgViews,
    /// Followers x the roster's engagement rate (given, or derived from per-post figures).
    FollowersRate,
    /// Followers x the tier's typical engagement rate: the roster has no engagement figure.
    TierNorm,
    /// Followers x the platform's share of followers a post reaches.
    ReachRate,
}

/// A creator's per-post figures as the roster gives them, each optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerPost {
    pub views: Option<u64>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub engagements: Option<u64>,
}

/// What one standard post is expected to bring, and where each figure comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expectation {
    pub reach: u64,
    pub reach_source: ExpectationSource,
    pub engagements: u64,
    pub engagements_source: ExpectationSource,
    /// The rate behind `engagements` when it is followers x a rate.
    pub rate: Option<f64>,
}

impl Expectation {
    /// The roster's own per-post averages cannot all be right: more likes + comments (or
    /// engagements) per post than average views, since every engagement needs a view (zero
    /// views with any engagement is the plainest case). An engagement rate is not held to
    /// this: followers x a rate is an estimate, and rates are measured in many ways. Such
    /// rows load, marked, never rejected.
    pub fn figures_disagree(&self) -> bool {
        self.reach_source == ExpectationSource::AvgViews
            && matches!(
                self.engagements_source,
                ExpectationSource::AvgLikes | ExpectationSource::AvgEngagements
            )
            && self.engagements > self.reach
    }
}

/// A deliverable format and its price relative to the platform's standard post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Format {
    pub name: String,
    pub multiplier: f64,
}

/// The parameters of the fee and reach model, per platform (indexed by `Platform::index`)
/// and per tier (indexed by `TierId`).
#[derive(Clone, Debug, PartialEq)]
pub struct FeeModel {
    /// Price of one standard deliverable per 1,000 followers.
    pub per_thousand: [Money; 10],
    /// No estimate goes below this.
    pub min_fee: Money,
    /// Typical engagement rate of each tier (fraction); unranked uses the first tier's.
    pub engagement_norms: Vec<f64>,
    /// Platform multiplier on the tier norm (TikTok audiences engage more, X less).
    pub engagement_platform_factor: [f64; 10],
    pub elasticity: f64,
    pub adjust_min: f64,
    pub adjust_max: f64,
    /// Share of followers a standard post reaches, when the roster has no average views.
    pub reach_rate: [f64; 10],
    /// Deliverable formats per platform; the first is the standard one (multiplier 1).
    pub formats: [Vec<Format>; 10],
    /// From the config's currency to the plan's, when they differ.
    pub conversion: Option<Conversion>,
}

impl Default for FeeModel {
    fn default() -> Self {
        use Platform::*;
        let mut per_thousand = [Money::from_units(5); 10];
        let mut reach_rate = [0.2; 10];
        let mut factor = [1.0; 10];
        for (p, price_cents, reach, eng) in [
            (Instagram, 1_000, 0.25, 1.0),
            (TikTok, 250, 0.30, 1.5),
            (YouTube, 2_000, 0.30, 1.0),
            (X, 200, 0.10, 0.5),
            (Twitch, 500, 0.15, 1.0),
            (Pinterest, 300, 0.10, 0.5),
            (LinkedIn, 1_500, 0.15, 1.0),
            (Facebook, 300, 0.10, 0.5),
            (Snapchat, 400, 0.20, 1.0),
            (Blog, 2_000, 0.20, 0.5),
        ] {
            per_thousand[p.index()] = Money::from_cents(price_cents);
            reach_rate[p.index()] = reach;
            factor[p.index()] = eng;
        }
        let f = |name: &str, multiplier: f64| Format {
            name: name.into(),
            multiplier,
        };
        let formats = Platform::ALL.map(|p| match p {
            Instagram => vec![
                f("feed post", 1.0),
                f("reel", 1.5),
                f("story", 0.333_333_333),
                f("giveaway", 1.5),
            ],
            TikTok => vec![f("video", 1.0)],
            YouTube => vec![
                f("dedicated video", 1.0),
                f("integration", 0.6),
                f("short", 0.2),
            ],
            X => vec![f("post", 1.0)],
            Twitch => vec![f("stream hour", 1.0)],
            Pinterest => vec![f("pin", 1.0)],
            LinkedIn => vec![f("post", 1.0)],
            Facebook => vec![f("post", 1.0), f("reel", 1.5), f("story", 0.333_333_333)],
            Snapchat => vec![f("story", 1.0)],
            Blog => vec![f("article", 1.0)],
        });
        FeeModel {
            per_thousand,
            min_fee: Money::from_units(10),
            engagement_norms: vec![0.05, 0.03, 0.015, 0.01],
            engagement_platform_factor: factor,
            elasticity: 0.35,
            adjust_min: 0.7,
            adjust_max: 1.4,
            reach_rate,
            formats,
            conversion: None,
        }
    }
}

/// One creator's fee for a standard post, and how it was reached.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeeEstimate {
    pub per_post: Money,
    pub source: FeeSource,
    /// followers / 1000 x price per 1,000, before the engagement adjustment.
    pub base: Money,
    /// The engagement adjustment factor (1.0 when the rate is unknown or the fee is a rate).
    pub adjustment: f64,
    /// The price per 1,000 followers used (converted to the plan's currency).
    pub per_thousand: Money,
}

impl FeeModel {
    /// An amount in the config's currency (a price, the minimum fee, an own rate) in the
    /// plan's.
    pub fn in_plan_currency(&self, amount: Money) -> Money {
        self.conversion.map_or(amount, |c| c.apply(amount))
    }

    /// The price of one standard deliverable per 1,000 followers, in the plan's currency.
    pub fn price_per_thousand(&self, platform: Platform) -> Money {
        self.in_plan_currency(self.per_thousand[platform.index()])
    }

    /// The typical engagement rate for a tier on a platform.
    pub fn engagement_norm(&self, tier: TierId, platform: Platform) -> f64 {
        let base = if self.engagement_norms.is_empty() {
            0.03
        } else {
            let i = usize::from(tier.0).min(self.engagement_norms.len() - 1);
            if tier.is_ranked() {
                self.engagement_norms[i]
            } else {
                self.engagement_norms[0]
            }
        };
        base * self.engagement_platform_factor[platform.index()]
    }

    /// The engagement adjustment: how much above or below the norm moves the price.
    pub fn adjustment(&self, engagement: Option<f64>, tier: TierId, platform: Platform) -> f64 {
        let Some(er) = engagement else { return 1.0 };
        let norm = self.engagement_norm(tier, platform);
        if norm <= 0.0 {
            return 1.0;
        }
        let ratio = er / norm;
        if ratio <= 0.0 {
            return self.adjust_min;
        }
        ratio
            .powf(self.elasticity)
            .clamp(self.adjust_min, self.adjust_max)
    }

    /// The fee for one standard post: the creator's own rate when known, else the model.
    pub fn estimate(
        &self,
        platform: Platform,
        followers: u64,
        engagement: Option<f64>,
        tier: TierId,
        own_rate: Option<Money>,
    ) -> FeeEstimate {
        let per_thousand = self.price_per_thousand(platform);
        // Integer money: followers x cents per thousand / 1000, then the adjustment.
        let base_cents = (u128::from(followers) * per_thousand.cents().max(0) as u128 / 1000)
            .min(i64::MAX as u128 / 4) as i64;
        let base = Money::from_cents(base_cents);
        if let Some(rate) = own_rate {
            return FeeEstimate {
                per_post: self.in_plan_currency(rate),
                source: FeeSource::Rate,
                base,
                adjustment: 1.0,
                per_thousand,
            };
        }
        let adjustment = self.adjustment(engagement, tier, platform);
        let adjusted = (base_cents as f64 * adjustment / 100.0).round() as i64 * 100;
        let min_fee = self.in_plan_currency(self.min_fee);
        let per_post = Money::from_cents(adjusted.max(min_fee.cents()));
        FeeEstimate {
            per_post,
            source: FeeSource::Estimate,
            base,
            adjustment,
            per_thousand,
        }
    }

    /// Expected reach of one post: average views when known, else followers x reach rate.
    pub fn expected_reach(
        &self,
        platform: Platform,
        followers: u64,
        avg_views: Option<u64>,
    ) -> u64 {
        match avg_views {
            Some(v) => v,
            None => (followers as f64 * self.reach_rate[platform.index()]).round() as u64,
        }
    }

    /// Expected reach and engagements of one standard post. The roster's per-post averages
    /// are the expectation when it has them: average views are the reach; average likes +
    /// comments (else average engagements) are the engagements. Only without them are
    /// followers multiplied by a rate: the engagement rate (the tier's typical one when
    /// unknown), the platform's reach rate. Every figure scout shows or plans with comes
    /// from here.
    pub fn expectation(
        &self,
        platform: Platform,
        tier: TierId,
        followers: u64,
        engagement: Option<f64>,
        per_post: PerPost,
    ) -> Expectation {
        let (reach, reach_source) = match per_post.views {
            Some(v) => (v, ExpectationSource::AvgViews),
            None => (
                self.expected_reach(platform, followers, None),
                ExpectationSource::ReachRate,
            ),
        };
        let (engagements, engagements_source, rate) = match (per_post.likes, per_post.engagements) {
            (Some(likes), _) => (
                likes.saturating_add(per_post.comments.unwrap_or(0)),
                ExpectationSource::AvgLikes,
                None,
            ),
            (None, Some(e)) => (e, ExpectationSource::AvgEngagements, None),
            (None, None) => match engagement {
                Some(er) => (
                    expected_engagements(followers, er),
                    ExpectationSource::FollowersRate,
                    Some(er),
                ),
                None => {
                    let er = self.engagement_norm(tier, platform);
                    (
                        expected_engagements(followers, er),
                        ExpectationSource::TierNorm,
                        Some(er),
                    )
                }
            },
        };
        Expectation {
            reach,
            reach_source,
            engagements,
            engagements_source,
            rate,
        }
    }

    /// The price of a deliverable format relative to the standard post.
    pub fn format_multiplier(&self, platform: Platform, format: &str) -> Option<f64> {
        self.formats[platform.index()]
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(format.trim()))
            .map(|f| f.multiplier)
    }

    /// The standard format's name for a platform (`feed post`, `video`...).
    pub fn standard_format(&self, platform: Platform) -> &str {
        self.formats[platform.index()]
            .first()
            .map_or("post", |f| f.name.as_str())
    }
}

/// Expected engagements of one post: followers x engagement rate, rounded once, half up.
///
/// Rosters keep rates as `f32`, whose binary value is not the decimal the file said: 1.58%
/// of 660,060,000 followers is exactly 10,428,948, but the float product is 10,428,947.49.
/// The rate is taken back to its shortest decimal (what the file said, see
/// [`shortest_decimal`]) and multiplied in integers, so such figures come out exact.
pub fn expected_engagements(followers: u64, engagement: f64) -> u64 {
    let rate = engagement.max(0.0);
    match shortest_decimal(rate as f32) {
        Some((digits, places)) => {
            let unit = 10u128.pow(places);
            let n = (u128::from(followers) * u128::from(digits) + unit / 2) / unit;
            u64::try_from(n).unwrap_or(u64::MAX)
        }
        None => (followers as f64 * rate).round() as u64,
    }
}

/// The decimal with the fewest places that reads back as `x` (`digits / 10^places`), the one
/// a file wrote: the nearest such decimal at each number of places is tried in turn. Without
/// text on the way (this runs for every creator a roster loads). `None` for values no
/// decimal of at most 18 places and 16 digits reads back as.
fn shortest_decimal(x: f32) -> Option<(u64, u32)> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    let wide = f64::from(x);
    let mut scale = 1.0f64;
    for places in 0..=18u32 {
        let digits = (wide * scale).round();
        // Past 2^53 an f64 no longer holds every whole number.
        if digits > 9e15 {
            return None;
        }
        if (digits / scale) as f32 == x {
            return Some((digits as u64, places));
        }
        scale *= 10.0;
    }
    None
}

/// Scales a fee by a format multiplier, rounding to whole cents (rates are exact inputs;
/// only the multiplier introduces a fraction).
pub fn scale_fee(fee: Money, multiplier: f64) -> Money {
    if (multiplier - 1.0).abs() < f64::EPSILON {
        return fee;
    }
    Money::from_cents((fee.cents() as f64 * multiplier).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_decimal_is_the_one_a_file_wrote() {
        for (x, want) in [
            (0.0158f32, (158, 4)),
            (0.041, (41, 3)),
            (0.0, (0, 0)),
            (1.0, (1, 0)),
            (2.44, (244, 2)),
            (0.000155, (155, 6)),
            (0.123_456_7, (1_234_567, 7)),
        ] {
            assert_eq!(shortest_decimal(x), Some(want), "{x}");
            // The same digits as the standard library's shortest form.
            let (d, p) = want;
            let text = x.to_string();
            let back = text.parse::<f64>().unwrap() * 10f64.powi(p as i32);
            assert_eq!(back.round() as u64, d, "{text}");
        }
        assert_eq!(shortest_decimal(f32::NAN), None);
        assert_eq!(shortest_decimal(-0.5), None);
        // Every rate a roster can hold reads back as Rust prints it.
        let mut x = 0.000_01f32;
        while x < 50.0 {
            let (d, p) = shortest_decimal(x).unwrap();
            let printed: f64 = x.to_string().parse().unwrap();
            assert_eq!((d as f64 / 10f64.powi(p as i32)) as f32, x);
            assert!(
                (printed - d as f64 / 10f64.powi(p as i32)).abs() <= printed * 1e-12,
                "{x}"
            );
            x = x * 1.013 + 0.000_001;
        }
    }

    #[test]
    fn own_rate_beats_the_model() {
        let m = FeeModel::default();
        let e = m.estimate(
            Platform::Instagram,
            48_200,
            Some(0.041),
            TierId(1),
            Some(Money::from_units(450)),
        );
        assert_eq!(e.per_post, Money::from_units(450));
        assert_eq!(e.source, FeeSource::Rate);
    }

    #[test]
    fn instagram_is_ten_dollars_per_thousand_at_the_norm() {
        let m = FeeModel::default();
        // micro norm 3%: no adjustment.
        let e = m.estimate(Platform::Instagram, 48_200, Some(0.03), TierId(1), None);
        assert_eq!(e.source, FeeSource::Estimate);
        assert_eq!(e.base, Money::from_units(482));
        assert_eq!(e.per_post, Money::from_units(482));
        // Unknown engagement: no adjustment either.
        let e = m.estimate(Platform::Instagram, 48_200, None, TierId(1), None);
        assert_eq!(e.per_post, Money::from_units(482));
    }

    #[test]
    fn a_plan_in_another_currency_converts_prices_and_rates_first() {
        let rate = crate::domain::money::ExchangeRate::parse("0.92").unwrap();
        let m = FeeModel {
            conversion: Conversion::new("USD", "EUR", rate),
            ..FeeModel::default()
        };
        // $10 per 1,000 is €9.20: 48,200 followers at the norm cost €443 (whole euros).
        let e = m.estimate(Platform::Instagram, 48_200, Some(0.03), TierId(1), None);
        assert_eq!(e.per_thousand, Money::from_cents(920));
        assert_eq!(e.per_post, Money::from_units(443));
        // An own rate of $450 is €414.
        let own = m.estimate(
            Platform::Instagram,
            48_200,
            None,
            TierId(1),
            Some(Money::from_cents(45_000)),
        );
        assert_eq!(own.per_post, Money::from_units(414));
        // The minimum fee of $10 is €9.20.
        let tiny = m.estimate(Platform::Instagram, 50, None, TierId::UNRANKED, None);
        assert_eq!(tiny.per_post, Money::from_cents(920));
    }

    #[test]
    fn engagement_moves_the_price_within_bounds() {
        let m = FeeModel::default();
        let hi = m.estimate(Platform::Instagram, 20_000, Some(0.06), TierId(1), None);
        let lo = m.estimate(Platform::Instagram, 20_000, Some(0.015), TierId(1), None);
        // Double the norm: +27%; half the norm: -22%.
        assert_eq!(hi.per_post, Money::from_units(255));
        assert_eq!(lo.per_post, Money::from_units(157));
        let wild = m.estimate(Platform::Instagram, 20_000, Some(0.9), TierId(1), None);
        assert_eq!(wild.per_post, Money::from_units(280));
        let dead = m.estimate(Platform::Instagram, 20_000, Some(0.0), TierId(1), None);
        assert_eq!(dead.per_post, Money::from_units(140));
    }

    #[test]
    fn defaults_follow_the_rules_of_thumb() {
        let m = FeeModel::default();
        let yt = m.estimate(Platform::YouTube, 100_000, None, TierId(2), None);
        assert_eq!(yt.per_post, Money::from_units(2_000));
        let tt = m.estimate(Platform::TikTok, 100_000, None, TierId(2), None);
        let ig = m.estimate(Platform::Instagram, 100_000, None, TierId(2), None);
        assert!(tt.per_post < ig.per_post, "TikTok is cheaper per follower");
        let tiny = m.estimate(Platform::Instagram, 50, None, TierId::UNRANKED, None);
        assert_eq!(tiny.per_post, m.min_fee);
        let story = m.format_multiplier(Platform::Instagram, "Story").unwrap();
        assert_eq!(
            scale_fee(Money::from_units(300), story),
            Money::from_units(100)
        );
        assert_eq!(m.standard_format(Platform::YouTube), "dedicated video");
    }

    #[test]
    fn per_post_averages_are_the_expectation_before_followers_times_a_rate() {
        let m = FeeModel::default();
        let exp = |rate: Option<f64>, per_post: PerPost| {
            m.expectation(Platform::TikTok, TierId(1), 20_000, rate, per_post)
        };
        let likes = PerPost {
            views: Some(30_000),
            likes: Some(25_000),
            comments: Some(1_200),
            engagements: Some(99),
        };
        let e = exp(Some(0.02), likes);
        assert_eq!(
            (e.engagements, e.engagements_source),
            (26_200, ExpectationSource::AvgLikes)
        );
        assert_eq!(
            (e.reach, e.reach_source),
            (30_000, ExpectationSource::AvgViews)
        );
        assert!(!e.figures_disagree());
        let engs = PerPost {
            engagements: Some(700),
            ..PerPost::default()
        };
        let e = exp(Some(0.02), engs);
        assert_eq!(
            (e.engagements, e.engagements_source),
            (700, ExpectationSource::AvgEngagements)
        );
        assert_eq!(
            (e.reach, e.reach_source),
            (6_000, ExpectationSource::ReachRate)
        );
        let e = exp(Some(0.02), PerPost::default());
        assert_eq!(
            (e.engagements, e.engagements_source),
            (400, ExpectationSource::FollowersRate)
        );
        let e = exp(None, PerPost::default());
        // Micro norm 3% x TikTok's 1.5.
        assert_eq!(
            (e.engagements, e.engagements_source),
            (900, ExpectationSource::TierNorm)
        );
        // Zero views with engagements, or more engagements than views: the figures disagree;
        // followers x a rate is not held to it.
        let zero = PerPost {
            views: Some(0),
            engagements: Some(333_000),
            ..PerPost::default()
        };
        assert!(exp(None, zero).figures_disagree());
        let rate_only = PerPost {
            views: Some(10),
            ..PerPost::default()
        };
        assert!(!exp(Some(0.5), rate_only).figures_disagree());
        let equal = PerPost {
            views: Some(50),
            likes: Some(50),
            ..PerPost::default()
        };
        assert!(!exp(None, equal).figures_disagree());
    }

    #[test]
    fn reach_and_engagements() {
        let m = FeeModel::default();
        assert_eq!(m.expected_reach(Platform::Instagram, 48_200, None), 12_050);
        assert_eq!(
            m.expected_reach(Platform::Instagram, 48_200, Some(24_000)),
            24_000
        );
        assert_eq!(expected_engagements(48_200, 0.041), 1_976);
        // 1.58% as a roster keeps it (f32): the float product is 10,428,947.49.
        assert_eq!(
            expected_engagements(660_060_000, f64::from(0.0158f32)),
            10_428_948
        );
        assert_eq!(expected_engagements(3, 0.5), 2, "half up");
        assert_eq!(expected_engagements(1_000, 0.0), 0);
        assert_eq!(
            expected_engagements(20_000, 1.25),
            25_000,
            "above 100% is kept"
        );
    }
}
