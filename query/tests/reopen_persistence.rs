mod common;

use common::{call, create_table, TestResult};
use dynakv::Database;
use serde_json::json;

#[test]
fn tables_items_and_counts_survive_reopen() -> TestResult {
    let dir = tempfile::tempdir()?;
    {
        let db = Database::open(dir.path())?;
        create_table(&db, "kept", Some("N"));
        create_table(&db, "dropped", None);
        for i in 0..50 {
            call(
                &db,
                "PutItem",
                json!({"TableName": "kept", "Item": {"pk": {"S": "p"}, "sk": {"N": i.to_string()}}}),
            )?;
        }
        call(
            &db,
            "DeleteItem",
            json!({"TableName": "kept", "Key": {"pk": {"S": "p"}, "sk": {"N": "0"}}}),
        )?;
        call(
            &db,
            "PutItem",
            json!({"TableName": "dropped", "Item": {"pk": {"S": "x"}}}),
        )?;
        call(&db, "DeleteTable", json!({"TableName": "dropped"}))?;
        db.sync()?;
    }
    let db = Database::open(dir.path())?;
    let tables = call(&db, "ListTables", json!({}))?;
    assert_eq!(tables["TableNames"], json!(["kept"]));
    let d = call(&db, "DescribeTable", json!({"TableName": "kept"}))?;
    assert_eq!(d["Table"]["ItemCount"], 49);
    let q = call(
        &db,
        "Query",
        json!({
            "TableName": "kept", "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "p"}}, "Select": "COUNT"
        }),
    )?;
    assert_eq!(q["Count"], 49);
    // The dropped table's name is free and its data gone.
    create_table(&db, "dropped", None);
    let scan = call(&db, "Scan", json!({"TableName": "dropped"}))?;
    assert_eq!(scan["Count"], 0);
    Ok(())
}
