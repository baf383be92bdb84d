//! What a published post actually did: the figures a team records (by hand in the planner,
//! or imported later) next to the plan's expectations. Counts are whole numbers, revenue is
//! money in the plan's currency; a figure not recorded is `None`, never zero.

use super::money::Money;

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
