//! Latency samples and their percentiles.

use std::time::Duration;

/// Latency samples in nanoseconds. Exact percentiles (sorted samples): a run of a few million
/// operations costs a few tens of MB, which this box has, and no bucketing error.
#[derive(Clone, Debug, Default)]
pub struct Latencies {
    nanos: Vec<u64>,
    sorted: bool,
}

impl Latencies {
    pub fn record(&mut self, d: Duration) {
        self.nanos
            .push(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        self.sorted = false;
    }

    pub fn merge(&mut self, other: Latencies) {
        self.nanos.extend(other.nanos);
        self.sorted = false;
    }

    pub fn len(&self) -> usize {
        self.nanos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nanos.is_empty()
    }

    /// The `q`-quantile (0.0..=1.0), nearest-rank; zero when there are no samples.
    pub fn quantile(&mut self, q: f64) -> Duration {
        if self.nanos.is_empty() {
            return Duration::ZERO;
        }
        if !self.sorted {
            self.nanos.sort_unstable();
            self.sorted = true;
        }
        let rank = (q.clamp(0.0, 1.0) * self.nanos.len() as f64).ceil() as usize;
        Duration::from_nanos(self.nanos[rank.saturating_sub(1).min(self.nanos.len() - 1)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let mut l = Latencies::default();
        for i in (1..=100).rev() {
            l.record(Duration::from_micros(i));
        }
        assert_eq!(l.quantile(0.5), Duration::from_micros(50));
        assert_eq!(l.quantile(0.99), Duration::from_micros(99));
        assert_eq!(l.quantile(1.0), Duration::from_micros(100));
        assert_eq!(Latencies::default().quantile(0.5), Duration::ZERO);
    }
}
