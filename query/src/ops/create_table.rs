//! CreateTable: validate the definition with DynamoDB's checks and messages (shape errors first,
//! then the semantic checks in DynamoDB's order), store it, answer with the description.

use crate::api::{
    AttributeDefinition, CreateTableRequest, KeySchemaElement, ProvisionedThroughput,
    TableDescriptionResponse,
};
use crate::catalog::{
    new_table_id, now_epoch_seconds, Billing, IndexMeta, KeyAttr, ScalarType, TableMeta,
};
use crate::{Error, Result};

use super::index_def;
use super::shape::Shape;
use super::Inner;

const BILLING_MODES: &[&str] = &["PROVISIONED", "PAY_PER_REQUEST"];
const TABLE_CLASSES: &[&str] = &["STANDARD", "STANDARD_INFREQUENT_ACCESS"];
/// Largest provisioned throughput DynamoDB accepts in a request.
const MAX_THROUGHPUT: i64 = 1_000_000_000_000;

pub fn run(db: &Inner, req: CreateTableRequest) -> Result<TableDescriptionResponse> {
    let meta = validate(&req)?;
    let table = db.catalog.create(meta)?;
    Ok(TableDescriptionResponse {
        table_description: table.describe(&db.region, "ACTIVE"),
    })
}

/// Checks the request and builds the table definition.
fn validate(req: &CreateTableRequest) -> Result<TableMeta> {
    let Some(name) = req.table_name.as_deref() else {
        return Err(Error::validation(
            "The parameter 'TableName' is required but was not present in the request",
        ));
    };
    check_shape(req)?;
    let billing = billing(
        req.billing_mode.as_deref(),
        req.provisioned_throughput.as_ref(),
    )?;
    let attributes = req.attribute_definitions.as_deref().unwrap_or_default();
    let schema = req.key_schema.as_deref().unwrap_or_default();
    let has_indexes =
        req.local_secondary_indexes.is_some() || req.global_secondary_indexes.is_some();
    let (hash_key, range_key) = key_schema(schema, attributes, has_indexes)?;
    let indexes = index_def::indexes(req, attributes, &hash_key.name, range_key.is_some())?;
    check_all_used(attributes, &hash_key, range_key.as_ref(), &indexes)?;
    check_stream(req)?;
    reject_unsupported(req)?;
    Ok(TableMeta {
        name: name.to_string(),
        id: new_table_id(name),
        hash_key,
        range_key,
        attributes: attributes.iter().filter_map(key_attr).collect(),
        billing,
        created: now_epoch_seconds(),
        deletion_protection: req.deletion_protection_enabled.unwrap_or(false),
        table_class: req.table_class.clone(),
        tags: req.tags.clone().unwrap_or_default(),
        indexes,
        time_to_live: None,
    })
}

/// Member constraints, all reported together in one ValidationException.
fn check_shape(req: &CreateTableRequest) -> Result<()> {
    let mut s = Shape::new();
    s.name(req.table_name.as_deref(), "tableName", 3, true);
    s.not_null(&req.attribute_definitions, "attributeDefinitions");
    for (i, a) in req.attribute_definitions.iter().flatten().enumerate() {
        let member = format!("attributeDefinitions.{}.member", i + 1);
        s.not_null(&a.attribute_name, &format!("{member}.attributeName"));
        s.not_null(&a.attribute_type, &format!("{member}.attributeType"));
        s.one_of(
            a.attribute_type.as_deref(),
            &format!("{member}.attributeType"),
            &["B", "N", "S"],
        );
    }
    check_key_schema_shape(&mut s, req.key_schema.as_deref(), "keySchema");
    s.one_of(req.billing_mode.as_deref(), "billingMode", BILLING_MODES);
    if let Some(t) = &req.provisioned_throughput {
        check_throughput_shape(&mut s, t, "provisionedThroughput");
    }
    s.one_of(req.table_class.as_deref(), "tableClass", TABLE_CLASSES);
    index_def::check_shape(&mut s, req);
    s.finish()
}

/// Shape of a key schema list (table or index), under `member`.
pub fn check_key_schema_shape(s: &mut Shape, schema: Option<&[KeySchemaElement]>, member: &str) {
    let Some(schema) = schema else {
        s.push("null", member, "Member must not be null");
        return;
    };
    for (i, k) in schema.iter().enumerate() {
        let m = format!("{member}.{}.member", i + 1);
        s.not_null(&k.attribute_name, &format!("{m}.attributeName"));
        s.not_null(&k.key_type, &format!("{m}.keyType"));
        s.one_of(
            k.key_type.as_deref(),
            &format!("{m}.keyType"),
            &["HASH", "RANGE"],
        );
        if let Some(n) = &k.attribute_name {
            s.length(
                n.len(),
                &format!("'{n}'"),
                &format!("{m}.attributeName"),
                1,
                255,
            );
        }
    }
    let rendered = format!("'{}'", render_key_schema(schema));
    s.length(schema.len(), &rendered, member, 1, 2);
}

/// DynamoDB's echo of a key schema: `[KeySchemaElement(attributeName=pk, keyType=HASH), ...]`.
fn render_key_schema(schema: &[KeySchemaElement]) -> String {
    let parts: Vec<String> = schema
        .iter()
        .map(|k| {
            format!(
                "KeySchemaElement(attributeName={}, keyType={})",
                k.attribute_name.as_deref().unwrap_or("null"),
                k.key_type.as_deref().unwrap_or("null")
            )
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// Shape of a ProvisionedThroughput member.
pub fn check_throughput_shape(s: &mut Shape, t: &ProvisionedThroughput, member: &str) {
    s.not_null(
        &t.read_capacity_units,
        &format!("{member}.readCapacityUnits"),
    );
    s.at_least(
        t.read_capacity_units,
        &format!("{member}.readCapacityUnits"),
        1,
    );
    s.not_null(
        &t.write_capacity_units,
        &format!("{member}.writeCapacityUnits"),
    );
    s.at_least(
        t.write_capacity_units,
        &format!("{member}.writeCapacityUnits"),
        1,
    );
}

/// Billing mode and throughput rules.
fn billing(mode: Option<&str>, throughput: Option<&ProvisionedThroughput>) -> Result<Billing> {
    if mode == Some("PAY_PER_REQUEST") {
        if throughput.is_some() {
            return Err(Error::validation(
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor \
                 WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            ));
        }
        return Ok(Billing {
            pay_per_request: true,
            read_units: 0,
            write_units: 0,
            last_increase: None,
            last_decrease: None,
            decreases_today: 0,
            last_switch_to_pay_per_request: Some(now_epoch_seconds()),
        });
    }
    let (read, write) = provisioned_units(throughput)?;
    Ok(Billing {
        pay_per_request: false,
        read_units: read,
        write_units: write,
        last_increase: None,
        last_decrease: None,
        decreases_today: 0,
        last_switch_to_pay_per_request: None,
    })
}

/// Read and write units of a PROVISIONED table, both required and within bounds.
pub fn provisioned_units(throughput: Option<&ProvisionedThroughput>) -> Result<(i64, i64)> {
    let units = throughput.and_then(|t| Some((t.read_capacity_units?, t.write_capacity_units?)));
    let Some((read, write)) = units else {
        return Err(Error::validation(
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits \
             must both be specified when BillingMode is PROVISIONED",
        ));
    };
    for (value, name) in [(read, "ReadCapacityUnits"), (write, "WriteCapacityUnits")] {
        if value > MAX_THROUGHPUT {
            return Err(Error::validation(format!(
                "Given value {value} for {name} is out of bounds"
            )));
        }
    }
    Ok((read, write))
}

/// Cross-checks the key schema against the attribute definitions, in DynamoDB's order.
fn key_schema(
    schema: &[KeySchemaElement],
    defs: &[AttributeDefinition],
    has_indexes: bool,
) -> Result<(KeyAttr, Option<KeyAttr>)> {
    let def_names: Vec<&str> = defs
        .iter()
        .filter_map(|d| d.attribute_name.as_deref())
        .collect();
    let keys: Vec<&str> = schema
        .iter()
        .filter_map(|k| k.attribute_name.as_deref())
        .collect();
    if keys.len() > def_names.len() {
        return Err(Error::validation(
            "Invalid KeySchema: Some index key attribute have no definition",
        ));
    }
    if keys.iter().any(|k| !def_names.contains(k)) {
        return Err(Error::validation(format!(
            "One or more parameter values were invalid: Some index key attributes are not defined \
             in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
            keys.join(", "),
            def_names.join(", ")
        )));
    }
    if keys.len() == 2 && keys[0] == keys[1] {
        return Err(Error::validation(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name",
        ));
    }
    if schema[0].key_type.as_deref() != Some("HASH") {
        return Err(Error::validation(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ));
    }
    if schema.len() == 2 && schema[1].key_type.as_deref() != Some("RANGE") {
        return Err(Error::validation(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
        ));
    }
    if !has_indexes && keys.len() != def_names.len() {
        return Err(Error::validation(
            "One or more parameter values were invalid: Number of attributes in KeySchema does \
             not exactly match number of attributes defined in AttributeDefinitions",
        ));
    }
    let find = |name: &str| {
        defs.iter()
            .find(|d| d.attribute_name.as_deref() == Some(name))
    };
    let hash = find(keys[0])
        .and_then(key_attr)
        .ok_or_else(internal_schema_error)?;
    let range = match keys.get(1) {
        Some(k) => Some(
            find(k)
                .and_then(key_attr)
                .ok_or_else(internal_schema_error)?,
        ),
        None => None,
    };
    Ok((hash, range))
}

fn internal_schema_error() -> Error {
    Error::Internal("key schema checked but attribute missing".to_string())
}

fn key_attr(d: &AttributeDefinition) -> Option<KeyAttr> {
    Some(KeyAttr {
        name: d.attribute_name.clone()?,
        ty: ScalarType::parse(d.attribute_type.as_deref()?)?,
    })
}

/// With indexes, every attribute definition must be a key of the table or of an index.
fn check_all_used(
    defs: &[AttributeDefinition],
    hash: &KeyAttr,
    range: Option<&KeyAttr>,
    indexes: &[IndexMeta],
) -> Result<()> {
    let mut used: Vec<&str> = vec![hash.name.as_str()];
    used.extend(range.map(|r| r.name.as_str()));
    for key in indexes.iter().flat_map(IndexMeta::key_attrs) {
        if !used.contains(&key.name.as_str()) {
            used.push(&key.name);
        }
    }
    let defined: Vec<&str> = defs
        .iter()
        .filter_map(|d| d.attribute_name.as_deref())
        .collect();
    if defined.iter().all(|d| used.contains(d)) {
        return Ok(());
    }
    Err(Error::validation(format!(
        "One or more parameter values were invalid: Some AttributeDefinitions are not used. \
         AttributeDefinitions: [{}], keys used: [{}]",
        defined.join(", "),
        used.join(", ")
    )))
}

/// A disabled stream carries no view type (DynamoDB's message names it UpdateViewType).
fn check_stream(req: &CreateTableRequest) -> Result<()> {
    match &req.stream_specification {
        Some(s) if s.stream_enabled == Some(false) && s.stream_view_type.is_some() => {
            Err(Error::validation(
                "One or more parameter values were invalid: Table is being created with a stream \
                 disabled, UpdateViewType should not be specified",
            ))
        }
        _ => Ok(()),
    }
}

/// Features this build does not implement are refused rather than silently ignored.
fn reject_unsupported(req: &CreateTableRequest) -> Result<()> {
    if req
        .stream_specification
        .as_ref()
        .and_then(|s| s.stream_enabled)
        == Some(true)
    {
        return Err(Error::validation(
            "One or more parameter values were invalid: streams are not supported yet",
        ));
    }
    Ok(())
}
