//! `synth`'s seeded instances as solver candidates, for the solver's tests and its benchmark
//! (the benchmark includes this file by path: synth cannot depend on the solver).

use super::Candidate;

/// The seeded synthetic instance (`synth::candidates`) as solver candidates.
pub fn synthetic_candidates(n: usize, seed: u64) -> Vec<Candidate> {
    synth::candidates(n, seed)
        .into_iter()
        .map(|c| Candidate {
            key: c.key,
            cost: c.cost,
            value: c.value,
            tier: c.tier,
            niches: c.niches,
            locked: false,
        })
        .collect()
}
