//! The configurable tier scheme: an ordered list of (name, minimum followers).

/// A tier by its position in the scheme; `TierId::UNRANKED` is below the smallest minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TierId(pub u8);

impl TierId {
    pub const UNRANKED: TierId = TierId(u8::MAX);

    pub fn is_ranked(self) -> bool {
        self != TierId::UNRANKED
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    pub name: String,
    pub min_followers: u64,
}

/// Why a tier list from the config cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TierError {
    #[error("the tier list is empty")]
    Empty,
    #[error("at most 64 tiers are supported")]
    TooMany,
    #[error("tier `{0}` appears twice")]
    Duplicate(String),
    #[error("tier `{0}` has an empty name")]
    EmptyName(String),
    #[error(
        "tier minimums must increase: `{later}` ({later_min}) is not above `{earlier}` ({earlier_min})"
    )]
    NotIncreasing {
        earlier: String,
        earlier_min: u64,
        later: String,
        later_min: u64,
    },
}

/// Tiers in increasing order of their minimum; lower bounds are inclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierScheme {
    tiers: Vec<Tier>,
}

impl Default for TierScheme {
    /// The common four-tier scheme (see DOMAIN.md): nano 1k, micro 10k, macro 100k, mega 1M.
    fn default() -> Self {
        TierScheme::new(vec![
            Tier {
                name: "nano".into(),
                min_followers: 1_000,
            },
            Tier {
                name: "micro".into(),
                min_followers: 10_000,
            },
            Tier {
                name: "macro".into(),
                min_followers: 100_000,
            },
            Tier {
                name: "mega".into(),
                min_followers: 1_000_000,
            },
        ])
        .expect("the default tiers are valid")
    }
}

impl TierScheme {
    pub fn new(tiers: Vec<Tier>) -> Result<TierScheme, TierError> {
        if tiers.is_empty() {
            return Err(TierError::Empty);
        }
        if tiers.len() > 64 {
            return Err(TierError::TooMany);
        }
        for (i, t) in tiers.iter().enumerate() {
            if t.name.trim().is_empty() {
                return Err(TierError::EmptyName(t.name.clone()));
            }
            if t.name.eq_ignore_ascii_case("unranked")
                || tiers[..i]
                    .iter()
                    .any(|o| o.name.eq_ignore_ascii_case(&t.name))
            {
                return Err(TierError::Duplicate(t.name.clone()));
            }
            if i > 0 && t.min_followers <= tiers[i - 1].min_followers {
                return Err(TierError::NotIncreasing {
                    earlier: tiers[i - 1].name.clone(),
                    earlier_min: tiers[i - 1].min_followers,
                    later: t.name.clone(),
                    later_min: t.min_followers,
                });
            }
        }
        Ok(TierScheme { tiers })
    }

    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    pub fn len(&self) -> usize {
        self.tiers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tiers.is_empty()
    }

    /// The tier a follower count falls in.
    pub fn tier_of(&self, followers: u64) -> TierId {
        // Few tiers: a backwards scan beats a binary search and is branch-predictable.
        for (i, t) in self.tiers.iter().enumerate().rev() {
            if followers >= t.min_followers {
                return TierId(i as u8);
            }
        }
        TierId::UNRANKED
    }

    pub fn name(&self, id: TierId) -> &str {
        self.tiers
            .get(usize::from(id.0))
            .map_or("unranked", |t| t.name.as_str())
    }

    /// Finds a tier by name, case-insensitively; `unranked` included.
    pub fn find(&self, name: &str) -> Option<TierId> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("unranked") {
            return Some(TierId::UNRANKED);
        }
        self.tiers
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(name))
            .map(|i| TierId(i as u8))
    }

    /// Every tier id, smallest first, then unranked: the order for counts and pickers.
    pub fn ids(&self) -> impl Iterator<Item = TierId> + '_ {
        (0..self.tiers.len() as u8)
            .map(TierId)
            .chain(std::iter::once(TierId::UNRANKED))
    }

    /// The follower range of a tier, for help text: `10k-100k`, `1M+`, `<1k`.
    pub fn range_label(&self, id: TierId) -> String {
        use super::number::compact_count;
        let i = usize::from(id.0);
        match self.tiers.get(i) {
            None => format!("<{}", compact_count(self.tiers[0].min_followers)),
            Some(t) => match self.tiers.get(i + 1) {
                Some(next) => format!(
                    "{}-{}",
                    compact_count(t.min_followers),
                    compact_count(next.min_followers)
                ),
                None => format!("{}+", compact_count(t.min_followers)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bounds_are_inclusive() {
        let s = TierScheme::default();
        assert_eq!(s.name(s.tier_of(999)), "unranked");
        assert_eq!(s.name(s.tier_of(1_000)), "nano");
        assert_eq!(s.name(s.tier_of(9_999)), "nano");
        assert_eq!(s.name(s.tier_of(10_000)), "micro");
        assert_eq!(s.name(s.tier_of(99_999)), "micro");
        assert_eq!(s.name(s.tier_of(100_000)), "macro");
        assert_eq!(s.name(s.tier_of(1_000_000)), "mega");
        assert_eq!(s.name(s.tier_of(u64::MAX)), "mega");
        assert_eq!(s.find("MICRO"), Some(TierId(1)));
        assert_eq!(s.find("unranked"), Some(TierId::UNRANKED));
        assert_eq!(s.find("giga"), None);
        assert_eq!(s.range_label(TierId(1)), "10k-100k");
        assert_eq!(s.range_label(TierId(3)), "1M+");
        assert_eq!(s.range_label(TierId::UNRANKED), "<1k");
    }

    #[test]
    fn five_tier_scheme_with_mid_tier() {
        let s = TierScheme::new(
            [
                ("nano", 1_000),
                ("micro", 10_000),
                ("mid", 50_000),
                ("macro", 500_000),
                ("mega", 1_000_000),
            ]
            .into_iter()
            .map(|(n, m)| Tier {
                name: n.into(),
                min_followers: m,
            })
            .collect(),
        )
        .unwrap();
        assert_eq!(s.name(s.tier_of(60_000)), "mid");
        assert_eq!(s.name(s.tier_of(499_999)), "mid");
        assert_eq!(s.ids().count(), 6);
    }

    #[test]
    fn bad_schemes_are_refused() {
        let t = |n: &str, m| Tier {
            name: n.into(),
            min_followers: m,
        };
        assert_eq!(TierScheme::new(vec![]), Err(TierError::Empty));
        assert!(matches!(
            TierScheme::new(vec![t("a", 10), t("b", 10)]),
            Err(TierError::NotIncreasing { .. })
        ));
        assert!(matches!(
            TierScheme::new(vec![t("a", 10), t("A", 20)]),
            Err(TierError::Duplicate(_))
        ));
        assert!(matches!(
            TierScheme::new(vec![t(" ", 10)]),
            Err(TierError::EmptyName(_))
        ));
    }
}
