//! Benchmark harnesses and the load driver (see README).
