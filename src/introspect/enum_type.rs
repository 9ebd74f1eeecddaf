//! Enum types of the managed schemas: one query for all of them.

use super::queries::extension_members;
use crate::db::Db;
use crate::error::Error;
use crate::model::{Catalog, EnumType, QualifiedName};

/// Enum types that no extension owns, with their labels in sort order.
const ENUMS: &str = concat!(
    "WITH ",
    extension_members!(),
    "
SELECT n.nspname, t.typname,
       ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
       obj_description(t.oid, 'pg_type')
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = ANY($1) AND t.typtype = 'e'
   AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
 ORDER BY 1, 2"
);

/// Reads the enum types of `schemas` into `catalog`'s schemas.
pub async fn read(db: &Db, schemas: &[String], catalog: &mut Catalog) -> Result<(), Error> {
    let rows = db.query(ENUMS, &[&schemas]).await.map_err(|e| db.fail("reading enum types", &e))?;
    for row in rows {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let enum_type = EnumType {
            values: row.get(2),
            comment: row.get(3),
            renamed_from: None,
            renamed_values: Vec::new(),
            origin: None,
            name,
        };
        if let Some(schema) = catalog.schemas.get_mut(&enum_type.name.schema) {
            schema.enums.insert(enum_type.name.name.clone(), enum_type);
        }
    }
    Ok(())
}
