//! Secondary index definitions of CreateTable: shape checks, then DynamoDB's semantic checks in
//! its order (key attributes defined, key types, LSI rules, projections, duplicates, limits).

use crate::api::{
    AttributeDefinition, CreateTableRequest, KeySchemaElement, Projection, SecondaryIndex,
};
use crate::catalog::{IndexMeta, IndexProjection, KeyAttr, ScalarType};
use crate::{Error, Result};

use super::create_table::{check_key_schema_shape, check_throughput_shape};
use super::shape::Shape;

const MAX_LSIS: usize = 5;
const MAX_GSIS: usize = 20;
/// Most NonKeyAttributes one projection may name.
const MAX_NON_KEY_ATTRIBUTES: usize = 20;

fn invalid(message: String) -> Error {
    Error::validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// Shape of the index lists, added to the request's other shape errors.
pub fn check_shape(s: &mut Shape, req: &CreateTableRequest) {
    // Global indexes are reported first, whatever order the request gives them in (recorded in
    // eu-west-2 and us-east-1, 2026-10).
    let lists = [
        ("globalSecondaryIndexes", &req.global_secondary_indexes),
        ("localSecondaryIndexes", &req.local_secondary_indexes),
    ];
    for (member, list) in lists {
        for (i, index) in list.iter().flatten().enumerate() {
            let m = format!("{member}.{}.member", i + 1);
            s.name(
                index.index_name.as_deref(),
                &format!("{m}.indexName"),
                3,
                true,
            );
            check_key_schema_shape(s, index.key_schema.as_deref(), &format!("{m}.keySchema"));
            match &index.projection {
                None => s.push(
                    "null",
                    &format!("{m}.projection"),
                    "Member must not be null",
                ),
                Some(p) => projection_shape(s, p, &format!("{m}.projection")),
            }
            if let Some(t) = &index.provisioned_throughput {
                check_throughput_shape(s, t, &format!("{m}.provisionedThroughput"));
            }
        }
    }
}

/// Shape of an index's Projection under `member`: a known type, 1 to 20 NonKeyAttributes.
pub fn projection_shape(s: &mut Shape, p: &Projection, member: &str) {
    s.one_of(
        p.projection_type.as_deref(),
        &format!("{member}.projectionType"),
        &["ALL", "INCLUDE", "KEYS_ONLY"],
    );
    if let Some(attrs) = &p.non_key_attributes {
        let value = format!("'[{}]'", attrs.join(", "));
        s.length(
            attrs.len(),
            &value,
            &format!("{member}.nonKeyAttributes"),
            1,
            MAX_NON_KEY_ATTRIBUTES,
        );
    }
}

/// Whether a GSI definition comes with CreateTable or with UpdateTable's Create, which word a
/// missing ProvisionedThroughput differently.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    CreateTable,
    UpdateTable,
}

/// The indexes of a CreateTable request, checked; sorted by name.
pub fn indexes(
    req: &CreateTableRequest,
    defs: &[AttributeDefinition],
    table_hash: &str,
    table_has_range: bool,
) -> Result<Vec<IndexMeta>> {
    let pay_per_request = req.billing_mode.as_deref() == Some("PAY_PER_REQUEST");
    let mut out: Vec<IndexMeta> = Vec::new();
    if let Some(lsis) = &req.local_secondary_indexes {
        if lsis.is_empty() {
            return Err(invalid("List of LocalSecondaryIndexes is empty".into()));
        }
        if !table_has_range {
            return Err(invalid(
                "Table KeySchema does not have a range key, which is required when specifying a \
                 LocalSecondaryIndex"
                    .into(),
            ));
        }
        for lsi in lsis {
            let index = index(lsi, defs, false)?;
            if index.range_key.is_none() {
                return Err(invalid(format!(
                    "Index KeySchema does not have a range key for index: {}",
                    index.name
                )));
            }
            if index.hash_key.name != table_hash {
                return Err(invalid(format!(
                    "Index KeySchema does not have the same leading hash key as table KeySchema \
                     for index: {}. index hash key: {}, table hash key: {table_hash}",
                    index.name, index.hash_key.name
                )));
            }
            push_unique(&mut out, index)?;
        }
        if lsis.len() > MAX_LSIS {
            return Err(invalid(
                "Number of LocalSecondaryIndexes exceeds per-table limit of 5".into(),
            ));
        }
    }
    if let Some(gsis) = &req.global_secondary_indexes {
        if gsis.is_empty() {
            return Err(invalid("List of GlobalSecondaryIndexes is empty".into()));
        }
        for gsi in gsis {
            push_unique(
                &mut out,
                global_index(gsi, defs, pay_per_request, Origin::CreateTable)?,
            )?;
        }
        if gsis.len() > MAX_GSIS {
            return Err(invalid(
                "GlobalSecondaryIndex count exceeds the per-table limit of 20".into(),
            ));
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// One global index, with its throughput checked against the billing mode.
pub fn global_index(
    def: &SecondaryIndex,
    defs: &[AttributeDefinition],
    pay_per_request: bool,
    origin: Origin,
) -> Result<IndexMeta> {
    let mut index = index(def, defs, true)?;
    index.throughput = gsi_throughput(def, &index.name, pay_per_request, origin)?;
    Ok(index)
}

fn push_unique(out: &mut Vec<IndexMeta>, index: IndexMeta) -> Result<()> {
    if out.iter().any(|i| i.name == index.name) {
        return Err(invalid(format!("Duplicate index name: {}", index.name)));
    }
    out.push(index);
    Ok(())
}

/// One index: key attributes defined and typed, key types in order, projection consistent.
fn index(def: &SecondaryIndex, defs: &[AttributeDefinition], global: bool) -> Result<IndexMeta> {
    let name = def.index_name.clone().unwrap_or_default();
    let schema: &[KeySchemaElement] = def.key_schema.as_deref().unwrap_or_default();
    let keys: Vec<&str> = schema
        .iter()
        .filter_map(|k| k.attribute_name.as_deref())
        .collect();
    let def_names: Vec<&str> = defs
        .iter()
        .filter_map(|d| d.attribute_name.as_deref())
        .collect();
    if keys.iter().any(|k| !def_names.contains(k)) {
        return Err(invalid(format!(
            "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], \
             AttributeDefinitions: [{}]",
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
    let attr = |n: &str| -> Result<KeyAttr> {
        defs.iter()
            .find(|d| d.attribute_name.as_deref() == Some(n))
            .and_then(|d| {
                Some(KeyAttr {
                    name: n.to_string(),
                    ty: ScalarType::parse(d.attribute_type.as_deref()?)?,
                })
            })
            .ok_or_else(|| Error::Internal("index key checked but undefined".into()))
    };
    Ok(IndexMeta {
        projection: projection(def)?,
        hash_key: attr(keys[0])?,
        range_key: keys.get(1).map(|k| attr(k)).transpose()?,
        name,
        global,
        throughput: None,
    })
}

fn projection(def: &SecondaryIndex) -> Result<IndexProjection> {
    let p = def.projection.clone().unwrap_or_default();
    let Some(kind) = p.projection_type.as_deref() else {
        return Err(invalid("Unknown ProjectionType: null".into()));
    };
    match (kind, p.non_key_attributes) {
        ("INCLUDE", Some(attrs)) => {
            if let Some(dup) = attrs
                .iter()
                .enumerate()
                .find_map(|(i, a)| attrs[..i].contains(a).then_some(a))
            {
                return Err(invalid(format!(
                    "Duplicate element in NonKeyAttributes: {dup}"
                )));
            }
            Ok(IndexProjection::Include(attrs))
        }
        ("INCLUDE", None) => Err(invalid(
            "ProjectionType is INCLUDE, but NonKeyAttributes is not specified".into(),
        )),
        (other, Some(_)) => Err(invalid(format!(
            "ProjectionType is {other}, but NonKeyAttributes is specified"
        ))),
        ("ALL", None) => Ok(IndexProjection::All),
        (_, None) => Ok(IndexProjection::KeysOnly),
    }
}

fn gsi_throughput(
    def: &SecondaryIndex,
    name: &str,
    pay_per_request: bool,
    origin: Origin,
) -> Result<Option<(i64, i64)>> {
    let units = def
        .provisioned_throughput
        .as_ref()
        .and_then(|t| Some((t.read_capacity_units?, t.write_capacity_units?)));
    match (pay_per_request, def.provisioned_throughput.is_some(), units) {
        (true, true, _) => Err(invalid(match origin {
            Origin::CreateTable => format!(
                "ProvisionedThroughput should not be specified for index: {name} when BillingMode \
                 is PAY_PER_REQUEST"
            ),
            Origin::UpdateTable => format!(
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: \
                 {name} when BillingMode is PAY_PER_REQUEST"
            ),
        })),
        (true, false, _) => Ok(None),
        (false, _, Some(u)) => Ok(Some(u)),
        (false, _, None) => Err(invalid(match origin {
            Origin::CreateTable => {
                format!("ProvisionedThroughput is not specified for index: {name}")
            }
            Origin::UpdateTable => {
                format!("ProvisionedThroughput must be specified for index: {name}")
            }
        })),
    }
}
