//! Scan: every item in partition-hash order, or one segment (hash range) of a parallel scan.

use std::ops::Bound;

use crate::api::{ReadResponse, ScanRequest};
use crate::capacity::{Report, REPORT_VALUES};
use crate::keys::{scan_segment, KeyRange};
use crate::value::Item;
use crate::{Error, Result};

use super::context::{table, table_name_shape};
use super::page::{read_page, JsonItems, Page, PageItems, PagePlan};
use super::read_common::{read_expressions, ReadParams};
use super::select;
use super::shape::Shape;
use super::target::Target;
use super::Inner;

const MAX_SEGMENTS: i64 = 1_000_000;

pub fn run(db: &Inner, req: ScanRequest) -> Result<ReadResponse> {
    Ok(read::<Vec<Item>>(db, &req)?.into_response())
}

/// The response JSON, items written straight from storage where they can be.
pub fn run_json(db: &Inner, req: ScanRequest) -> Result<Vec<u8>> {
    read::<JsonItems>(db, &req)?.into_json()
}

fn read<T: PageItems>(db: &Inner, req: &ScanRequest) -> Result<Page<T>> {
    check_shape(req)?;
    let name = req.table_name.as_deref().unwrap_or_default();
    let segment = segment(req.segment, req.total_segments)?;
    let exprs = read_expressions(ReadParams {
        query: None,
        filter_expression: req.filter_expression.as_deref(),
        projection_expression: req.projection_expression.as_deref(),
        names: req.expression_attribute_names.as_ref(),
        values: req.expression_attribute_values.as_ref(),
        attributes_to_get: req.attributes_to_get.as_ref(),
        legacy_filter: req.scan_filter.as_ref(),
        conditional_operator: req.conditional_operator.as_deref(),
        select: req.select.as_deref(),
        on_index: req.index_name.is_some(),
    })?;
    let table = table(db, name)?;
    let target = Target::resolve(&table, req.index_name.as_deref())?;
    let consistent = req.consistent_read.unwrap_or(false);
    target.check_consistent(consistent)?;
    let fetch_base = target.fetch_base(req.select.as_deref(), exprs.projection.is_some())?;
    let mut range = match segment {
        Some((seg, total)) => scan_segment(seg, total)?,
        None => KeyRange {
            lower: Bound::Unbounded,
            upper: Bound::Unbounded,
        },
    };
    if let Some(esk) = &req.exclusive_start_key {
        range.resume_after(&target.start(esk)?, false);
    }
    read_page(
        db,
        PagePlan {
            target: &target,
            fetch_base,
            range,
            reverse: false,
            limit: req.limit.map(|l| l as usize),
            filter: exprs.filter.as_ref(),
            projection: exprs.projection.as_ref(),
            count_only: exprs.count_only,
            consistent,
            report: Report::parse(req.return_consumed_capacity.as_deref()),
        },
    )
}

/// Member constraints, all reported together in one ValidationException.
fn check_shape(req: &ScanRequest) -> Result<()> {
    let mut s = Shape::new();
    table_name_shape(&mut s, req.table_name.as_deref(), "tableName");
    s.name(req.index_name.as_deref(), "indexName", 3, false);
    select::check_shape(&mut s, req.select.as_deref());
    // Scan's Limit message, unlike Query's, echoes the value and names `limit`.
    s.at_least(req.limit, "limit", 1);
    s.one_of(
        req.return_consumed_capacity.as_deref(),
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    s.one_of(
        req.conditional_operator.as_deref(),
        "conditionalOperator",
        &["AND", "OR"],
    );
    s.at_least(req.segment, "segment", 0);
    s.at_most(req.segment, "segment", MAX_SEGMENTS - 1);
    s.at_least(req.total_segments, "totalSegments", 1);
    s.at_most(req.total_segments, "totalSegments", MAX_SEGMENTS);
    s.finish()
}

/// The parallel-scan segment, if the request names one.
fn segment(segment: Option<i64>, total: Option<i64>) -> Result<Option<(u32, u32)>> {
    match (segment, total) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(Error::validation(
            "The TotalSegments parameter is required but was not present in the request when \
             Segment parameter is present",
        )),
        (None, Some(_)) => Err(Error::validation(
            "The Segment parameter is required but was not present in the request when parameter \
             TotalSegments is present",
        )),
        (Some(s), Some(t)) if s >= t => Err(Error::validation(format!(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: \
             Segment: {s} is not less than TotalSegments: {t}"
        ))),
        (Some(s), Some(t)) => Ok(Some((s as u32, t as u32))),
    }
}
