//! `X-Amz-Target` routing: `DynamoDB_20120810.<Op>` and `DynamoDBStreams_20120810.<Op>`.
//!
//! The server knows DynamoDB's operation names only to answer an unknown target before it looks
//! at authentication, in DynamoDB's order. Whether an operation is implemented is the library's
//! business: a known name it does not serve comes back as its own unknown-operation error.

/// Every operation of the DynamoDB API version 2012-08-10.
const DYNAMODB_OPERATIONS: &[&str] = &[
    "BatchExecuteStatement",
    "BatchGetItem",
    "BatchWriteItem",
    "CreateBackup",
    "CreateGlobalTable",
    "CreateTable",
    "DeleteBackup",
    "DeleteItem",
    "DeleteResourcePolicy",
    "DeleteTable",
    "DescribeBackup",
    "DescribeContinuousBackups",
    "DescribeContributorInsights",
    "DescribeEndpoints",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeKinesisStreamingDestination",
    "DescribeLimits",
    "DescribeTable",
    "DescribeTableReplicaAutoScaling",
    "DescribeTimeToLive",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExecuteStatement",
    "ExecuteTransaction",
    "ExportTableToPointInTime",
    "GetItem",
    "GetResourcePolicy",
    "ImportTable",
    "ListBackups",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "ListTables",
    "ListTagsOfResource",
    "PutItem",
    "PutResourcePolicy",
    "Query",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "Scan",
    "TagResource",
    "TransactGetItems",
    "TransactWriteItems",
    "UntagResource",
    "UpdateContinuousBackups",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateItem",
    "UpdateKinesisStreamingDestination",
    "UpdateTable",
    "UpdateTableReplicaAutoScaling",
    "UpdateTimeToLive",
];

/// Every operation of the DynamoDB Streams API version 2012-08-10.
const STREAMS_OPERATIONS: &[&str] = &[
    "DescribeStream",
    "GetRecords",
    "GetShardIterator",
    "ListStreams",
];

/// The operation name a target names, if it is one of DynamoDB's (or DynamoDB Streams').
pub fn operation(target: &[u8]) -> Option<&'static str> {
    let (known, op) = if let Some(op) = target.strip_prefix(b"DynamoDB_20120810.") {
        (DYNAMODB_OPERATIONS, op)
    } else {
        (
            STREAMS_OPERATIONS,
            target.strip_prefix(b"DynamoDBStreams_20120810.")?,
        )
    };
    // The lists are sorted (tested below).
    let at = known.binary_search_by(|k| k.as_bytes().cmp(op)).ok()?;
    Some(known[at])
}

#[cfg(test)]
mod tests {
    use super::operation;

    #[test]
    fn routes_known_targets_only() {
        assert_eq!(operation(b"DynamoDB_20120810.PutItem"), Some("PutItem"));
        assert_eq!(
            operation(b"DynamoDBStreams_20120810.GetRecords"),
            Some("GetRecords")
        );
        assert_eq!(operation(b"DynamoDB_20120810.ListTable"), None);
        assert_eq!(operation(b"DynamoDB_20111205.PutItem"), None);
        assert_eq!(operation(b"DynamoDB_20120810.PutItem.x"), None);
        assert_eq!(operation(b"DynamoDBStreams_20120810.PutItem"), None);
        assert_eq!(operation(b"whatever"), None);
        assert_eq!(operation(b""), None);
    }

    #[test]
    fn operation_lists_are_sorted_and_unique() {
        for list in [super::DYNAMODB_OPERATIONS, super::STREAMS_OPERATIONS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
