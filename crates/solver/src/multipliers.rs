//! Stage 3, multipliers: the count limits and the tier/niche minimums moved into the objective
//! by Lagrangian multipliers, chosen by bisection on the count alone or, with minimums, by exact
//! coordinate descent on the LP dual.

use crate::presolve::Problem;

/// Largest magnitude of a Lagrangian multiplier (count multiplier, or sum of group multipliers).
pub(crate) const MULT_LIMIT: f64 = (1u64 << 59) as f64;

/// Rounds of coordinate descent from a neighbouring budget's multipliers.
pub(crate) const WARM_ROUNDS: usize = 1;

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
/// dual starts from them rather than from zero, which a sweep over budgets relies on.
pub(crate) fn choose_multipliers(prob: &Problem, warm: Option<&Multipliers>) -> Multipliers {
    let ng = prob.groups.len();
    let max_deg = prob
        .free
        .iter()
        .map(|f| f.groups.len())
        .max()
        .unwrap_or(0)
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
        let mut members = vec![Vec::new(); ng];
        for (i, f) in prob.free.iter().enumerate() {
            for &g in &f.groups {
                members[g as usize].push(i);
            }
        }
        let mut dual = Dual {
            prob,
            theta,
            members,
            scratch: Vec::with_capacity(prob.free.len()),
            keys: Vec::new(),
        };
        // Warm multipliers are near the minimum already: a couple of rounds close the rest.
        let rounds = if warm.is_some() { WARM_ROUNDS } else { 40 };
        dual.minimise(&mut mu, mu_cap, rounds);
        theta = dual.theta;
    } else {
        // Count multiplier alone: bisection on the LP count.
        let mut lp = FloatLp {
            prob,
            scratch: Vec::with_capacity(prob.free.len()),
        };
        let vmax = prob.free.iter().map(|f| f.value).max().unwrap_or(0) as f64 + 1.0;
        let count0 = lp.count(0.0, &mu);
        if let Some(k) = prob.kmax
            && count0 > f64::from(k) + 1e-9
        {
            let (mut lo, mut hi) = (0.0f64, vmax);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if lp.count(mid, &mu) > f64::from(k) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            theta = hi;
        } else if prob.kmin > 0 && count0 < f64::from(prob.kmin) - 1e-9 {
            let (mut lo, mut hi) = (-vmax * 1e6, 0.0f64);
            lo = lo.max(-MULT_LIMIT / 2.0);
            for _ in 0..80 {
                let mid = 0.5 * (lo + hi);
                if lp.count(mid, &mu) < f64::from(prob.kmin) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
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

/// The LP dual of the budget and the minimums, for fixed count multiplier `theta`:
/// `D(lambda, mu) = lambda * budget + sum_i max(0, p_i - lambda * c_i) - sum_g mu_g * d_g`, with
/// `p_i = v_i - theta + sum of mu over i's groups`. Convex and piecewise linear; its minimum over
/// `lambda, mu >= 0` is the LP relaxation's value, the best bound multipliers can give.
pub(crate) struct Dual<'a> {
    pub(crate) prob: &'a Problem,
    pub(crate) theta: f64,
    pub(crate) members: Vec<Vec<usize>>,
    pub(crate) scratch: Vec<(f64, f64)>,
    pub(crate) keys: Vec<f64>,
}

impl Dual<'_> {
    pub(crate) fn profit(&self, i: usize, mu: &[f64]) -> f64 {
        let f = &self.prob.free[i];
        f.value as f64 - self.theta + f.groups.iter().map(|&g| mu[g as usize]).sum::<f64>()
    }

    /// The exact minimiser in `lambda`: the break ratio of the knapsack LP (weighted median).
    pub(crate) fn lambda(&mut self, mu: &[f64]) -> f64 {
        self.scratch.clear();
        let mut left = self.prob.budget as f64;
        for i in 0..self.prob.free.len() {
            let p = self.profit(i, mu);
            if p <= 0.0 {
                continue;
            }
            let c = self.prob.free[i].cost as f64;
            if c <= 0.0 {
                continue;
            }
            self.scratch.push((p / c, c));
        }
        let (mut lo, mut hi) = (0usize, self.scratch.len());
        while lo < hi {
            let s = &mut self.scratch[lo..hi];
            let mid = s.len() / 2;
            s.select_nth_unstable_by(mid, |a, b| b.0.total_cmp(&a.0));
            let pivot = s[mid].0;
            let cg: f64 = s[..mid].iter().map(|e| e.1).sum();
            if cg > left {
                hi = lo + mid;
                continue;
            }
            if cg + s[mid].1 >= left {
                return pivot;
            }
            left -= cg + s[mid].1;
            lo += mid + 1;
        }
        0.0
    }

    pub(crate) fn value(&self, lambda: f64, mu: &[f64]) -> f64 {
        let prob = self.prob;
        let mut v = lambda * prob.budget as f64;
        for i in 0..prob.free.len() {
            v += (self.profit(i, mu) - lambda * prob.free[i].cost as f64).max(0.0);
        }
        for (g, grp) in prob.groups.iter().enumerate() {
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
    pub(crate) fn theta_step(&mut self, lambda: f64, mu: &[f64]) -> f64 {
        let prob = self.prob;
        self.keys.clear();
        for i in 0..prob.free.len() {
            let a = self.profit(i, mu) + self.theta - lambda * prob.free[i].cost as f64;
            self.keys.push(a);
        }
        let kth = |k: usize, keys: &mut Vec<f64>| -> Option<f64> {
            if k == 0 || k > keys.len() {
                return None;
            }
            keys.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
            Some(keys[k - 1])
        };
        if let Some(k) = prob.kmax
            && let Some(a) = kth(k as usize + 1, &mut self.keys)
            && a > 0.0
        {
            return a.min(MULT_LIMIT / 2.0);
        }
        if prob.kmin > 0
            && let Some(a) = kth(prob.kmin as usize, &mut self.keys)
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
        if d == 0 || self.members[g].len() < d {
            return 0.0;
        }
        self.keys.clear();
        for &i in &self.members[g] {
            let a = self.profit(i, mu) - mu[g] - lambda * self.prob.free[i].cost as f64;
            self.keys.push(a);
        }
        self.keys
            .select_nth_unstable_by(d - 1, |a, b| b.total_cmp(a));
        (-self.keys[d - 1]).clamp(0.0, cap)
    }

    /// Block coordinate descent with exact line searches, and pattern moves along each sweep's
    /// displacement when a sweep alone stalls.
    pub(crate) fn minimise(&mut self, mu: &mut [f64], cap: f64, rounds: usize) {
        let ng = mu.len();
        let counted = self.prob.kmax.is_some() || self.prob.kmin > 0;
        let mut lambda = self.lambda(mu);
        let mut cur = self.value(lambda, mu);
        for _ in 0..rounds {
            let before = mu.to_vec();
            let theta_before = self.theta;
            let start = cur;
            if counted {
                self.theta = self.theta_step(lambda, mu);
                lambda = self.lambda(mu);
            }
            for g in 0..ng {
                if self.prob.groups[g].deficit() == 0 {
                    continue;
                }
                mu[g] = self.mu_g(g, lambda, mu, cap);
                lambda = self.lambda(mu);
            }
            cur = self.value(lambda, mu);
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
            for _ in 0..8 {
                let trial: Vec<f64> = mu
                    .iter()
                    .zip(&dir)
                    .map(|(m, d)| (m + step * d).clamp(0.0, cap))
                    .collect();
                let old_theta = self.theta;
                self.theta = (old_theta + step * dtheta).clamp(theta_lo, theta_hi);
                let l = self.lambda(&trial);
                let v = self.value(l, &trial);
                if v < cur - 1e-9 * cur.abs().max(1.0) {
                    mu.copy_from_slice(&trial);
                    lambda = l;
                    cur = v;
                    step *= 2.0;
                } else {
                    self.theta = old_theta;
                    break;
                }
            }
            if cur >= start - 1e-9 * start.abs().max(1.0) {
                break;
            }
        }
    }
}
