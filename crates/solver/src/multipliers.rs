//! Stage 3, multipliers: the count limits and the tier/niche minimums moved into the objective
//! by Lagrangian multipliers, chosen by bisection on the count alone or, with minimums, by exact
//! coordinate descent on the LP dual.

use crate::presolve::Problem;

/// Largest magnitude of a Lagrangian multiplier (count multiplier, or sum of group multipliers).
pub(crate) const MULT_LIMIT: f64 = (1u64 << 59) as f64;

/// Rounds of coordinate descent at most, from scratch or from a neighbouring budget's
/// multipliers (they stop once a round gains nothing).
pub(crate) const ROUNDS: usize = 40;

/// From a neighbouring budget's multipliers, a round is followed by pattern moves only when it
/// lowered the dual by at least this share: most rounds there only polish, and a pattern
/// move's trials refile every member of every moved minimum.
pub(crate) const WARM_PATTERN_FROM: f64 = 1e-3;

/// Lagrangian multipliers: `theta` on the count (>= 0 relaxes the maximum, < 0 the minimum) and
/// `mu[g] >= 0` on each group minimum. Any such values give a valid bound.
#[derive(Debug, Clone)]
pub(crate) struct Multipliers {
    pub(crate) theta: i64,
    pub(crate) mu: Vec<i64>,
}

/// Solves the knapsack LP over adjusted profits in floating point (only to steer the multipliers).
/// Returns the LP value, the number of creators in it and their count per group.
pub(crate) struct FloatLp<'a> {
    pub(crate) prob: &'a Problem,
    pub(crate) scratch: Vec<(f64, f64)>,
}

impl FloatLp<'_> {
    pub(crate) fn profit(&self, i: usize, theta: f64, mu: &[f64]) -> f64 {
        let f = &self.prob.free[i];
        f.value as f64 - theta + f.groups.iter().map(|&g| mu[g as usize]).sum::<f64>()
    }

    /// How many creators the LP relaxation takes with count multiplier `theta` (fractional
    /// at the break item): what the bisection on the count limit steers.
    pub(crate) fn count(&mut self, theta: f64, mu: &[f64]) -> f64 {
        let prob = self.prob;
        self.scratch.clear();
        for i in 0..prob.free.len() {
            let p = self.profit(i, theta, mu);
            if p > 0.0 {
                let c = prob.free[i].cost as f64;
                self.scratch.push((p / c, c));
            }
        }
        // Weighted quickselect for the break ratio.
        let mut left = prob.budget as f64;
        let (mut lo, mut hi) = (0usize, self.scratch.len());
        let mut threshold = 0.0f64;
        let mut frac = 1.0f64;
        while lo < hi {
            let s = &mut self.scratch[lo..hi];
            let mid = s.len() / 2;
            let pivot = {
                let (a, b, c) = (s[0].0, s[mid].0, s[s.len() - 1].0);
                a.max(b.min(c)).min(b.max(c))
            };
            // Three-way partition: greater | equal | less.
            let (mut i, mut j, mut k) = (0usize, 0usize, s.len());
            while j < k {
                if s[j].0 > pivot {
                    s.swap(i, j);
                    i += 1;
                    j += 1;
                } else if s[j].0 < pivot {
                    k -= 1;
                    s.swap(j, k);
                } else {
                    j += 1;
                }
            }
            let cg: f64 = s[..i].iter().map(|e| e.1).sum();
            if cg > left {
                hi = lo + i;
                continue;
            }
            left -= cg;
            let ce: f64 = s[i..k].iter().map(|e| e.1).sum();
            if ce >= left {
                threshold = pivot;
                frac = if ce > 0.0 { left / ce } else { 1.0 };
                break;
            }
            left -= ce;
            lo += k;
        }
        let mut count = 0.0;
        for i in 0..prob.free.len() {
            let p = self.profit(i, theta, mu);
            if p <= 0.0 {
                continue;
            }
            let r = p / prob.free[i].cost as f64;
            if r > threshold {
                count += 1.0;
            } else if r == threshold {
                count += frac;
            }
        }
        count
    }
}

/// Multipliers for `prob`; with `warm` (a neighbouring budget's), the coordinate descent on the
/// dual starts from them rather than from zero, which a sweep over budgets relies on, and with
/// `cache` (the previous budget's) it reuses the dual's arrays.
pub(crate) fn choose_multipliers(
    prob: &Problem,
    warm: Option<&Multipliers>,
    mut cache: Option<&mut DualCache>,
) -> Multipliers {
    let ng = prob.groups.len();
    // The most groups a creator counts towards (a sweep's cache keeps it as creators join,
    // rather than reading every creator again at every budget).
    let max_deg = match cache.as_deref_mut() {
        Some(c) => {
            c.extend(prob);
            c.max_deg
        }
        None => prob.free.iter().map(|f| f.groups.len()).max().unwrap_or(0),
    }
    .max(1) as f64;
    let mu_cap = MULT_LIMIT / 2.0 / max_deg;
    let mut mu = vec![0.0; ng];
    let mut theta = 0.0f64;
    let minimums = prob.groups.iter().any(|g| g.deficit() > 0);
    if minimums && let Some(w) = warm.filter(|w| w.mu.len() == ng) {
        for (m, &wm) in mu.iter_mut().zip(&w.mu) {
            *m = (wm as f64).clamp(0.0, mu_cap);
        }
        theta = w.theta as f64;
    }
    if minimums {
        // Exact coordinate descent on the LP dual, count multiplier included.
        let mut fresh = DualCache::default();
        let mut dual = Dual::new(prob, cache.unwrap_or(&mut fresh), theta, &mu);
        // Warm multipliers are usually near the minimum already, and then a round or two of
        // exact steps closes the rest. Not always: where the minimums' costs shift a lot from
        // one budget to the next (a minimum of one mega creator, say), one round left the bound
        // so weak that the search ran into the time limit at budgets a single optimization
        // proves in milliseconds. So rounds go on while they gain, with pattern moves after
        // the rounds that gain much.
        let pattern_from = if warm.is_some() {
            WARM_PATTERN_FROM
        } else {
            0.0
        };
        dual.minimise(&mut mu, mu_cap, ROUNDS, pattern_from);
        theta = dual.theta;
    } else {
        // Count multiplier alone: bisection on the LP count.
        let mut lp = FloatLp {
            prob,
            scratch: Vec::with_capacity(prob.free.len()),
        };
        let vmax = prob.free.iter().map(|f| f.value).max().unwrap_or(0) as f64 + 1.0;
        let count0 = lp.count(0.0, &mu);
        // A sweep's previous budget's multiplier, where it lies on the side being searched.
        let near = warm.map(|w| w.theta as f64);
        if let Some(k) = prob.kmax
            && count0 > f64::from(k) + 1e-9
        {
            let k = f64::from(k);
            let (_, hi) = threshold(
                &mut |x| lp.count(x, &mu) > k,
                (0.0, vmax),
                near.filter(|&w| w > 0.0 && w < vmax),
                60,
            );
            theta = hi;
        } else if prob.kmin > 0 && count0 < f64::from(prob.kmin) - 1e-9 {
            let k = f64::from(prob.kmin);
            let lo0 = (-vmax * 1e6).max(-MULT_LIMIT / 2.0);
            let (lo, _) = threshold(
                &mut |x| lp.count(x, &mu) >= k,
                (lo0, 0.0),
                near.filter(|&w| w > lo0 && w < 0.0),
                80,
            );
            theta = lo;
        }
    }
    let theta = theta.clamp(-MULT_LIMIT / 2.0, MULT_LIMIT / 2.0).round() as i64;
    let theta = if prob.kmax.is_none() {
        theta.min(0)
    } else {
        theta
    };
    let theta = if prob.kmin == 0 { theta.max(0) } else { theta };
    Multipliers {
        theta,
        mu: mu
            .iter()
            .map(|&m| m.clamp(0.0, mu_cap).floor() as i64)
            .collect(),
    }
}

/// Where a monotone test turns: `holds` is true at `bounds.0` and below the turn, false at
/// `bounds.1` and above; the bracket `(lo, hi)` around the turn, halved `steps` times from the
/// bounds, or, from a `near` guess (a neighbouring budget's), widened from it until it holds
/// the turn and then halved to a width of a millionth of the guess (at least 1e-6): far fewer
/// tests when the turn has moved little.
fn threshold(
    holds: &mut dyn FnMut(f64) -> bool,
    bounds: (f64, f64),
    near: Option<f64>,
    steps: usize,
) -> (f64, f64) {
    let (mut lo, mut hi) = bounds;
    let width = match near {
        None => 0.0,
        Some(w) => {
            let mut d = (w.abs() * 1e-3).max(1.0);
            if holds(w) {
                lo = w;
                loop {
                    let x = (w + d).min(bounds.1);
                    if x >= bounds.1 || !holds(x) {
                        hi = x;
                        break;
                    }
                    lo = x;
                    d *= 4.0;
                }
            } else {
                hi = w;
                loop {
                    let x = (w - d).max(bounds.0);
                    if x <= bounds.0 || holds(x) {
                        lo = x;
                        break;
                    }
                    hi = x;
                    d *= 4.0;
                }
            }
            (w.abs() * 1e-6).max(1e-6)
        }
    };
    for _ in 0..steps {
        if hi - lo <= width {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if holds(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo, hi)
}

/// The LP dual of the budget and the minimums, for fixed count multiplier `theta`:
/// `D(lambda, mu) = lambda * budget + sum_i max(0, p_i - lambda * c_i) - sum_g mu_g * d_g`, with
/// `p_i = v_i - theta + sum of mu over i's groups`. Convex and piecewise linear; its minimum over
/// `lambda, mu >= 0` is the LP relaxation's value, the best bound multipliers can give.
///
/// Every step is a pass over flat arrays: `bonus[i]` (the sum of `mu` over i's groups) is kept
/// in step with `mu` by touching only the moved group's members, and the break ratio is looked
/// for first in a narrow band around the previous one, so a sweep's warm start costs a few
/// passes rather than a few sorts.
pub(crate) struct Dual<'a> {
    pub(crate) prob: &'a Problem,
    pub(crate) theta: f64,
    c: &'a mut DualCache,
}

/// The dual's flat arrays, kept between the budgets of a sweep: creators only join.
#[derive(Default)]
pub(crate) struct DualCache {
    /// Creators of each group.
    members: Vec<Vec<u32>>,
    value: Vec<f64>,
    cost: Vec<f64>,
    /// The fees again, as integers, for exact sums per bucket.
    fee: Vec<i64>,
    /// Sum of `mu` over each creator's groups.
    bonus: Vec<f64>,
    /// The multipliers `bonus` is summed from.
    mu: Vec<f64>,
    /// The break-ratio histogram, kept in step with `bonus` as multipliers move and creators
    /// join; rebuilt when the count multiplier moves or the break leaves its range.
    hist: Option<Histogram>,
    /// The ratios in the bucket where the budget runs out.
    band: Vec<(f64, f64)>,
    keys: Vec<f64>,
    /// The last break ratio, where the next histogram is centred.
    hint: f64,
    /// The most groups one creator counts towards.
    max_deg: usize,
}

/// Every creator of positive adjusted profit filed by its ratio of profit to fee in one of
/// [`BUCKETS`] buckets (sixteen a power of two, centred on a break ratio; ratios further out
/// share the end buckets), with the fees summed per bucket.
struct Histogram {
    /// The count multiplier the profits are taken at.
    theta: f64,
    /// The exponent-and-mantissa bits of the lowest bucket.
    base: i64,
    /// Fees per bucket, exactly.
    fees: Vec<i128>,
    /// Each creator's bucket, or [`NO_BUCKET`] (no positive profit, or free).
    slot: Vec<u16>,
}

const NO_BUCKET: u16 = u16::MAX;

impl Histogram {
    fn bucket(&self, r: f64) -> u16 {
        ((r.to_bits() >> 48) as i64 - self.base).clamp(0, BUCKETS as i64 - 1) as u16
    }
}

impl DualCache {
    /// Takes in the creators of `prob` not seen yet.
    fn extend(&mut self, prob: &Problem) {
        if self.members.len() != prob.groups.len() {
            *self = DualCache {
                members: vec![Vec::new(); prob.groups.len()],
                mu: vec![0.0; prob.groups.len()],
                hint: f64::NAN,
                ..DualCache::default()
            };
        }
        for (i, f) in prob.free.iter().enumerate().skip(self.value.len()) {
            self.max_deg = self.max_deg.max(f.groups.len());
            let mut bonus = 0.0;
            for &g in &f.groups {
                self.members[g as usize].push(i as u32);
                bonus += self.mu[g as usize];
            }
            self.value.push(f.value as f64);
            self.cost.push(f.cost as f64);
            self.fee.push(f.cost);
            self.bonus.push(bonus);
            if let Some(h) = self.hist.as_mut() {
                h.slot.push(NO_BUCKET);
            }
            self.refile(i);
        }
    }

    /// Creator `i`'s ratio at the count multiplier `theta`, when its profit is positive and its
    /// fee is not zero.
    fn ratio(&self, i: usize, theta: f64) -> Option<f64> {
        let p = self.value[i] - theta + self.bonus[i];
        let c = self.cost[i];
        (p > 0.0 && c > 0.0).then(|| p / c)
    }

    /// Files creator `i` in the histogram again, after its bonus moved or it joined.
    fn refile(&mut self, i: usize) {
        let Some(h) = self.hist.as_ref() else {
            return;
        };
        let to = self.ratio(i, h.theta).map_or(NO_BUCKET, |r| h.bucket(r));
        let h = self.hist.as_mut().expect("checked above");
        let from = h.slot[i];
        if from != to {
            let fee = i128::from(self.fee[i]);
            if from != NO_BUCKET {
                h.fees[from as usize] -= fee;
            }
            if to != NO_BUCKET {
                h.fees[to as usize] += fee;
            }
            h.slot[i] = to;
        }
    }

    /// The histogram at `theta`, centred on the last break ratio.
    fn rebuild(&mut self, theta: f64) {
        let centre = if self.hint.is_finite() && self.hint > 0.0 {
            self.hint
        } else {
            1.0
        };
        let mut h = Histogram {
            theta,
            base: (centre.to_bits() >> 48) as i64 - (BUCKETS as i64) / 2,
            fees: vec![0; BUCKETS],
            slot: Vec::with_capacity(self.value.len()),
        };
        for i in 0..self.value.len() {
            let b = self.ratio(i, theta).map_or(NO_BUCKET, |r| h.bucket(r));
            if b != NO_BUCKET {
                h.fees[b as usize] += i128::from(self.fee[i]);
            }
            h.slot.push(b);
        }
        self.hist = Some(h);
    }

    /// `bonus` moved to the multipliers `mu`, touching only the members of groups that moved.
    fn move_to(&mut self, mu: &[f64]) {
        for (g, &to) in mu.iter().enumerate() {
            self.move_one(g, to);
        }
    }

    fn move_one(&mut self, g: usize, to: f64) {
        let delta = to - self.mu[g];
        if delta != 0.0 {
            let members = std::mem::take(&mut self.members[g]);
            for &i in &members {
                self.bonus[i as usize] += delta;
                self.refile(i as usize);
            }
            self.members[g] = members;
            self.mu[g] = to;
        }
    }
}

/// Buckets of the break-ratio search: sixteen per power of two, 32 powers of two either side of
/// the previous break ratio (ratios further out share the end buckets).
const BUCKETS: usize = 1024;

impl<'a> Dual<'a> {
    /// The dual over `prob` at multipliers `theta` and `mu`, with the arrays of `cache` (which
    /// must have been used with this problem only, whose creators may only have grown since).
    pub(crate) fn new(
        prob: &'a Problem,
        cache: &'a mut DualCache,
        theta: f64,
        mu: &[f64],
    ) -> Dual<'a> {
        cache.extend(prob);
        let mut dual = Dual {
            prob,
            theta,
            c: cache,
        };
        dual.set_all(mu);
        dual
    }

    /// `bonus` moved to `mu` (after a move of every multiplier at once).
    fn set_all(&mut self, mu: &[f64]) {
        self.c.move_to(mu);
    }

    /// `mu[g] = to`, with `bonus` kept in step.
    fn set_one(&mut self, mu: &mut [f64], g: usize, to: f64) {
        self.c.move_one(g, to);
        mu[g] = to;
    }

    /// The exact minimiser in `lambda`: the break ratio of the knapsack LP (weighted median).
    ///
    /// From the histogram, kept in step as multipliers move: the bucket where the budget runs
    /// out is found from the fees per bucket, and only its creators are searched. A pass over
    /// every creator only when the histogram is rebuilt (the count multiplier moved, or the
    /// break fell in an end bucket, far from the centre).
    pub(crate) fn lambda(&mut self) -> f64 {
        let budget = self.prob.budget;
        if self
            .c
            .hist
            .as_ref()
            .is_none_or(|h| h.theta.to_bits() != self.theta.to_bits())
        {
            self.c.rebuild(self.theta);
        }
        let h = self.c.hist.as_ref().expect("built above");
        let mut above = 0i128;
        let mut at = None;
        for b in (0..BUCKETS).rev() {
            if above + h.fees[b] >= i128::from(budget) {
                at = Some(b);
                break;
            }
            above += h.fees[b];
        }
        let Some(at) = at else {
            // Every creator of positive profit fits.
            self.c.hint = f64::NAN;
            return 0.0;
        };
        let mut inside: Vec<(f64, f64)> = std::mem::take(&mut self.c.band);
        inside.clear();
        for (i, &b) in h.slot.iter().enumerate() {
            if b as usize == at {
                let r = self
                    .c
                    .ratio(i, self.theta)
                    .expect("filed creators have a ratio");
                inside.push((r, self.c.cost[i]));
            }
        }
        // The bucket's fees reach the budget; should rounding say otherwise, its lowest ratio
        // (with no budget at all, an empty top bucket: the last break ratio, as good as any).
        let r = weighted_break(&mut inside, (i128::from(budget) - above) as f64)
            .or_else(|| inside.iter().map(|e| e.0).reduce(f64::min))
            .unwrap_or(if self.c.hint > 0.0 { self.c.hint } else { 1.0 });
        self.c.band = inside;
        self.c.hint = r;
        if at == 0 || at == BUCKETS - 1 {
            // Far from the centre: the next search starts from a histogram centred here.
            self.c.hist = None;
        }
        r
    }

    pub(crate) fn value(&self, lambda: f64, mu: &[f64]) -> f64 {
        let mut v = lambda * self.prob.budget as f64;
        let term = |i: usize| {
            (self.c.value[i] - self.theta + self.c.bonus[i] - lambda * self.c.cost[i]).max(0.0)
        };
        match self.c.hist.as_ref() {
            // Only creators filed at or above lambda's bucket (or free ones) can have a
            // positive term: the others add exactly nothing, so the sum is the same.
            Some(h) if h.theta.to_bits() == self.theta.to_bits() && lambda > 0.0 => {
                let from = h.bucket(lambda);
                for (i, &b) in h.slot.iter().enumerate() {
                    if (b >= from && b != NO_BUCKET) || (b == NO_BUCKET && self.c.cost[i] == 0.0) {
                        v += term(i);
                    }
                }
            }
            _ => {
                for i in 0..self.c.value.len() {
                    v += term(i);
                }
            }
        }
        for (g, grp) in self.prob.groups.iter().enumerate() {
            v -= mu[g] * f64::from(grp.deficit());
        }
        v + self.theta * self.count_rhs(self.theta)
    }

    /// The count the multiplier `theta` relaxes: the maximum when >= 0, else the minimum.
    pub(crate) fn count_rhs(&self, theta: f64) -> f64 {
        if theta >= 0.0 {
            self.prob.kmax.map_or(0.0, f64::from)
        } else {
            f64::from(self.prob.kmin)
        }
    }

    /// The exact minimiser in `theta` for fixed `lambda` and `mu`: the k-th largest reduced
    /// profit (k the maximum count) when positive, else the k-th largest for the minimum count
    /// when negative, else zero.
    pub(crate) fn theta_step(&mut self, lambda: f64) -> f64 {
        let prob = self.prob;
        self.c.keys.clear();
        for i in 0..self.c.value.len() {
            self.c
                .keys
                .push(self.c.value[i] + self.c.bonus[i] - lambda * self.c.cost[i]);
        }
        let kth = |k: usize, keys: &mut Vec<f64>| -> Option<f64> {
            if k == 0 || k > keys.len() {
                return None;
            }
            keys.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
            Some(keys[k - 1])
        };
        if let Some(k) = prob.kmax
            && let Some(a) = kth(k as usize + 1, &mut self.c.keys)
            && a > 0.0
        {
            return a.min(MULT_LIMIT / 2.0);
        }
        if prob.kmin > 0
            && let Some(a) = kth(prob.kmin as usize, &mut self.c.keys)
            && a < 0.0
        {
            return a.max(-MULT_LIMIT / 2.0);
        }
        0.0
    }

    /// The exact minimiser in `mu_g` for fixed `lambda`: the d-th largest reduced profit of the
    /// group's creators (without `mu_g`) must reach zero.
    pub(crate) fn mu_g(&mut self, g: usize, lambda: f64, mu: &[f64], cap: f64) -> f64 {
        let d = self.prob.groups[g].deficit() as usize;
        if d == 0 || self.c.members[g].len() < d {
            return 0.0;
        }
        self.c.keys.clear();
        let mg = mu[g];
        // With `d` members of non-negative reduced profit, the answer is zero: most groups, in
        // most rounds, and found after a few dozen members rather than all of them.
        let mut non_negative = 0;
        for &i in &self.c.members[g] {
            let i = i as usize;
            let a = self.c.value[i] - self.theta + self.c.bonus[i] - mg - lambda * self.c.cost[i];
            if a >= 0.0 {
                non_negative += 1;
                if non_negative == d {
                    return 0.0;
                }
            }
            self.c.keys.push(a);
        }
        self.c
            .keys
            .select_nth_unstable_by(d - 1, |a, b| b.total_cmp(a));
        (-self.c.keys[d - 1]).clamp(0.0, cap)
    }

    /// Block coordinate descent with exact line searches, at most `rounds` rounds while they
    /// lower the dual, and pattern moves along a round's displacement (while the dual keeps
    /// falling) after each round that lowered it by at least `pattern_from` of its value
    /// (infinite: never).
    pub(crate) fn minimise(&mut self, mu: &mut [f64], cap: f64, rounds: usize, pattern_from: f64) {
        let ng = mu.len();
        let counted = self.prob.kmax.is_some() || self.prob.kmin > 0;
        let mut lambda = self.lambda();
        // The dual's value only decides pattern moves and whether another round pays.
        let track = pattern_from.is_finite() || rounds > 1;
        // From a neighbouring budget's multipliers the first round often moves nothing, so the
        // dual's value is taken only once a round moved them (that round's gain is unknown:
        // no pattern move after it).
        let lazy = pattern_from > 0.0;
        let mut cur = if track && !lazy {
            self.value(lambda, mu)
        } else {
            f64::NAN
        };
        for _ in 0..rounds {
            let before = mu.to_vec();
            let theta_before = self.theta;
            let start = cur;
            if counted {
                let theta = self.theta_step(lambda);
                if theta != self.theta {
                    self.theta = theta;
                    lambda = self.lambda();
                }
            }
            for g in 0..ng {
                if self.prob.groups[g].deficit() == 0 {
                    continue;
                }
                let to = self.mu_g(g, lambda, mu, cap);
                if to != mu[g] {
                    self.set_one(mu, g, to);
                    lambda = self.lambda();
                }
            }
            let moved = self.theta != theta_before || mu.iter().zip(&before).any(|(a, b)| a != b);
            if !moved || !track {
                // A fixed point of the coordinate steps: nothing more to gain this way.
                break;
            }
            cur = self.value(lambda, mu);
            if start.is_nan() {
                continue;
            }
            // Pattern move: keep going the way the sweep went while the dual falls.
            let dir: Vec<f64> = mu.iter().zip(&before).map(|(a, b)| a - b).collect();
            let dtheta = self.theta - theta_before;
            let (theta_lo, theta_hi) = (
                if self.prob.kmin > 0 {
                    -MULT_LIMIT / 2.0
                } else {
                    0.0
                },
                if self.prob.kmax.is_some() {
                    MULT_LIMIT / 2.0
                } else {
                    0.0
                },
            );
            let mut step = 1.0;
            let pattern = start - cur >= pattern_from * start.abs().max(1.0);
            for _ in 0..if pattern { 8 } else { 0 } {
                let trial: Vec<f64> = mu
                    .iter()
                    .zip(&dir)
                    .map(|(m, d)| (m + step * d).clamp(0.0, cap))
                    .collect();
                let old_theta = self.theta;
                self.theta = (old_theta + step * dtheta).clamp(theta_lo, theta_hi);
                self.set_all(&trial);
                let l = self.lambda();
                let v = self.value(l, &trial);
                if v < cur - 1e-9 * cur.abs().max(1.0) {
                    mu.copy_from_slice(&trial);
                    lambda = l;
                    cur = v;
                    step *= 2.0;
                } else {
                    // Back to `mu`, where `lambda` still holds.
                    self.theta = old_theta;
                    self.set_all(mu);
                    break;
                }
            }
            if cur >= start - 1e-9 * start.abs().max(1.0) {
                break;
            }
        }
    }
}

/// The break ratio of the knapsack LP over `(ratio, cost)` pairs with `budget`: the ratio of the
/// creator that does not fit whole once every better one is in, or `None` when all fit.
fn weighted_break(items: &mut [(f64, f64)], budget: f64) -> Option<f64> {
    let mut left = budget;
    let (mut lo, mut hi) = (0usize, items.len());
    while lo < hi {
        let s = &mut items[lo..hi];
        let mid = s.len() / 2;
        s.select_nth_unstable_by(mid, |a, b| b.0.total_cmp(&a.0));
        let pivot = s[mid].0;
        let cg: f64 = s[..mid].iter().map(|e| e.1).sum();
        if cg > left {
            hi = lo + mid;
            continue;
        }
        if cg + s[mid].1 >= left {
            return Some(pivot);
        }
        left -= cg + s[mid].1;
        lo += mid + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Minimum;
    use crate::presolve::{Free, Group};
    use proptest::prelude::*;

    fn problem(items: &[(i64, u64, Vec<u32>)], budget: i64) -> Problem {
        let free = items
            .iter()
            .enumerate()
            .map(|(k, (cost, value, groups))| Free::for_test(k, *cost, *value, groups.clone()))
            .collect();
        Problem {
            budget,
            groups: (0..3)
                .map(|g| Group {
                    id: Minimum::Niche(g),
                    required: 1,
                    from_locked: 0,
                })
                .collect(),
            ..Problem::with_free(free)
        }
    }

    fn creators() -> impl Strategy<Value = Vec<(i64, u64, Vec<u32>)>> {
        let groups = prop::collection::vec(0u32..3, 0..3).prop_map(|mut g| {
            g.sort_unstable();
            g.dedup();
            g
        });
        // Free creators (no fee) too: their profit counts at any lambda.
        let cost = prop_oneof![6 => 1i64..5000, 1 => Just(0i64)];
        prop::collection::vec((cost, 0u64..2000, groups), 1..120)
    }

    proptest! {
        /// The bracket around a monotone test's turn, from the bounds or from a guess on either
        /// side of it (at the bounds too), holds the turn and is as narrow as promised; from a
        /// guess, in far fewer tests when the turn is near it.
        #[test]
        fn threshold_brackets_the_turn(
            turn in -1e7f64..1e7,
            guess_off in -1e4f64..1e4,
            lo0_off in 1.0f64..1e7,
            hi0_off in 1.0f64..1e7,
        ) {
            let bounds = (turn - lo0_off, turn + hi0_off);
            let guess = (turn + guess_off).clamp(bounds.0 + 0.5, bounds.1 - 0.5);
            let mut tests = 0;
            let mut holds = |x: f64| {
                tests += 1;
                x < turn
            };
            let (lo, hi) = threshold(&mut holds, bounds, None, 80);
            prop_assert!(lo < turn || lo == bounds.0);
            // Halved 60 times, or down to neighbouring floats.
            let fine = ((bounds.1 - bounds.0) / 2f64.powi(60)).max(turn.abs() * 1e-15);
            prop_assert!(hi >= turn && hi - lo <= fine);
            let cold = tests;
            tests = 0;
            let mut holds = |x: f64| {
                tests += 1;
                x < turn
            };
            let (lo, hi) = threshold(&mut holds, bounds, Some(guess), 80);
            prop_assert!(lo < turn && hi >= turn, "{} {} {}", lo, hi, turn);
            prop_assert!(hi - lo <= (guess.abs() * 1e-6).max(1e-6));
            prop_assert!(tests <= cold, "{} tests from the guess, {} from the bounds", tests, cold);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The break ratio from the histogram kept in step (creators joining, multipliers and
        /// the count multiplier moving, budgets changing, the break wandering far from where
        /// the histogram was centred) is the one a histogram built afresh gives.
        #[test]
        fn kept_histogram_gives_the_fresh_break(
            items in creators(),
            steps in prop::collection::vec(
                (prop::collection::vec(0.0f64..3000.0, 3), -500.0f64..500.0, 1i64..200_000),
                1..8,
            ),
        ) {
            let mut cache = DualCache::default();
            for (k, (mu, theta, budget)) in steps.iter().enumerate() {
                // A few creators join at each step, as in a sweep.
                let joined = (items.len() * (k + 1)).div_ceil(steps.len());
                let prob = problem(&items[..joined], *budget);
                let theta = if k % 3 == 2 { *theta } else { 0.0 };
                let mut kept = Dual::new(&prob, &mut cache, theta, mu);
                let got = kept.lambda();
                // The dual's value over the creators the histogram files at or above the
                // break is the one over every creator, to the bit.
                for l in [got, got * 0.5, got * 2.0] {
                    let filed = kept.value(l, mu);
                    let hist = kept.c.hist.take();
                    let every = kept.value(l, mu);
                    kept.c.hist = hist;
                    prop_assert_eq!(filed.to_bits(), every.to_bits(), "value at {}", l);
                }
                // Filed afresh from the same sums of multipliers: exactly the same break.
                kept.c.hist = None;
                let again = kept.lambda();
                prop_assert_eq!(got.to_bits(), again.to_bits(), "step {}: {} vs {}", k, got, again);
                // From a cache built afresh: the same, but for the sums' rounding (a kept sum
                // of multipliers is added up move by move).
                let mut fresh_cache = DualCache::default();
                let want = Dual::new(&prob, &mut fresh_cache, theta, mu).lambda();
                prop_assert!((got - want).abs() <= 1e-9 * want.abs(), "step {}: {} vs {}", k, got, want);
            }
        }
    }
}
