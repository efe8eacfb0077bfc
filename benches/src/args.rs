//! A small command-line parser (`--name value`, `--flag`), enough for the bench binaries and
//! light on compile time.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;
use std::time::Duration;

/// Parsed `--name value` options and `--flag`s; `rest` holds positional arguments and, after
/// `--`, everything verbatim.
#[derive(Debug, Default)]
pub struct Args {
    values: HashMap<String, String>,
    flags: Vec<String>,
    pub rest: Vec<String>,
}

impl Args {
    /// Parses `argv` (without the program name). `flags` lists the options that take no value.
    pub fn parse(argv: impl IntoIterator<Item = String>, flags: &[&str]) -> Result<Args, String> {
        let mut args = Args::default();
        let mut it = argv.into_iter();
        while let Some(a) = it.next() {
            if a == "--" {
                args.rest.extend(it.by_ref());
            } else if let Some(name) = a.strip_prefix("--") {
                if let Some((n, v)) = name.split_once('=') {
                    args.values.insert(n.to_string(), v.to_string());
                } else if flags.contains(&name) {
                    args.flags.push(name.to_string());
                } else {
                    let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                    args.values.insert(name.to_string(), v);
                }
            } else {
                args.rest.push(a);
            }
        }
        Ok(args)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The parsed value of `--name`, or `default` when absent.
    pub fn get<T: FromStr>(&self, name: &str, default: T) -> Result<T, String>
    where
        T::Err: Display,
    {
        match self.values.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|e| format!("--{name} {v}: {e}")),
        }
    }

    /// A duration such as `10s`, `500ms`, `2m` (plain numbers are seconds).
    pub fn duration(&self, name: &str) -> Result<Option<Duration>, String> {
        self.values.get(name).map(|v| parse_duration(v)).transpose()
    }
}

pub fn parse_duration(v: &str) -> Result<Duration, String> {
    let split = v
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("bad duration: {v}"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1e3,
        "m" => n * 60.0,
        _ => return Err(format!("bad duration unit in {v} (use ms, s or m)")),
    };
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str, flags: &[&str]) -> Args {
        Args::parse(s.split_whitespace().map(String::from), flags).unwrap()
    }

    #[test]
    fn values_flags_and_rest() {
        let a = parse("--keys 10 --json run --x=3 -- --not-an-option", &["json"]);
        assert_eq!(a.get("keys", 0u64).unwrap(), 10);
        assert_eq!(a.get("x", 0u64).unwrap(), 3);
        assert_eq!(a.get("absent", 7u64).unwrap(), 7);
        assert!(a.flag("json"));
        assert_eq!(a.rest, vec!["run", "--not-an-option"]);
        assert!(a.get::<u64>("x", 0).is_ok());
        assert!(Args::parse(["--keys".to_string()], &[]).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("5h").is_err());
        assert!(parse_duration("x").is_err());
    }
}
