//! The objects of `agreement.json`, written field by field as the schema
//! ([`crate::base::schema`]) marks them exported, in the schema's order: a field marked exported
//! is in the export, one that is not is only in `front_matter`. Beside some fields stand keys
//! that clausebook computes (a clause's `number` and `label` after its `id`); they are written
//! with the field they follow.

use serde::ser::{Error as _, Serialize, SerializeMap, Serializer};

use crate::base::diagnostic::slash_path;
use crate::base::lang::Lang;
use crate::base::model::{Agreement, BudgetShare, Clause, Duty, Party};
use crate::base::schema::{self, Field};

/// A value of the model that `agreement.json` writes as an object.
pub(super) trait Exported {
    /// The schema's fields of this value.
    fn fields() -> &'static [Field];

    /// Writes the field `name` and the computed keys that follow it; `Ok(false)` when this value
    /// has no field of that name.
    fn entry<M: SerializeMap>(&self, name: &str, map: &mut M) -> Result<bool, M::Error>;

    /// Writes the keys after the fields.
    fn tail<M: SerializeMap>(&self, _map: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

/// A value as `agreement.json` has it: its exported fields, then its tail. A field marked
/// exported that the value cannot write is an error, not a silent gap.
pub(super) struct Export<T>(pub T);

impl<T: Exported> Serialize for Export<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for f in T::fields().iter().filter(|f| f.exported) {
            if !self.0.entry(f.name, &mut map)? {
                return Err(S::Error::custom(format!("agreement.json has no value for the field `{}`", f.name)));
            }
        }
        self.0.tail(&mut map)?;
        map.end()
    }
}

/// A list whose items are written as [`Export`] writes them.
struct Each<'a, T>(&'a [T]);

impl<'a, T> Serialize for Each<'a, T>
where
    &'a T: Exported,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Export))
    }
}

/// One clause of `agreement.json`, with its body rendered as HTML.
pub(super) struct ExportedClause<'a> {
    /// The agreement it belongs to.
    pub agreement: &'a Agreement,
    /// The clause.
    pub clause: &'a Clause,
    /// Its body as HTML.
    pub html: String,
}

impl Exported for ExportedClause<'_> {
    fn fields() -> &'static [Field] {
        schema::CLAUSE
    }

    fn entry<M: SerializeMap>(&self, name: &str, map: &mut M) -> Result<bool, M::Error> {
        let (a, c) = (self.agreement, self.clause);
        match name {
            "id" => {
                map.serialize_entry("id", &c.id)?;
                map.serialize_entry("number", &c.number)?;
                map.serialize_entry("label", &Lang::new(&a.language).clause_label(c.number))?;
            }
            "title" => {
                map.serialize_entry("title", &c.title)?;
                map.serialize_entry("chapter", &c.chapter.map(|i| a.chapters[i].number))?;
                map.serialize_entry("file", &slash_path(&c.file))?;
            }
            "owner" => map.serialize_entry("owner", &c.owner)?,
            "parties" => map.serialize_entry("parties", &c.parties)?,
            "duties" => map.serialize_entry("duties", &Each(&c.duties))?,
            "revised" => map.serialize_entry("revised", &c.revised)?,
            "review_by" => map.serialize_entry("review_by", &c.review_by)?,
            "status" => map.serialize_entry("status", &c.status)?,
            "refs" => map.serialize_entry("refs", &c.refs)?,
            "budget" => map.serialize_entry("budget", &Each(&c.budget))?,
            "tags" => map.serialize_entry("tags", &c.tags)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn tail<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("front_matter", &self.clause.front)?;
        map.serialize_entry("html", &self.html)
    }
}

impl Exported for &Agreement {
    fn fields() -> &'static [Field] {
        schema::AGREEMENT
    }

    fn entry<M: SerializeMap>(&self, name: &str, map: &mut M) -> Result<bool, M::Error> {
        match name {
            "title" => map.serialize_entry("title", &self.title)?,
            "language" => map.serialize_entry("language", &self.language)?,
            "effective" => map.serialize_entry("effective", &self.effective)?,
            "period" => map.serialize_entry("period", &self.period)?,
            "parties" => map.serialize_entry("parties", &Each(&self.parties))?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn tail<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("front_matter", &self.front)
    }
}

impl Exported for &Party {
    fn fields() -> &'static [Field] {
        schema::PARTY
    }

    fn entry<M: SerializeMap>(&self, name: &str, map: &mut M) -> Result<bool, M::Error> {
        match name {
            "id" => map.serialize_entry("id", &self.id)?,
            "name" => map.serialize_entry("name", &self.name)?,
            "liaison" => map.serialize_entry("liaison", &self.liaison)?,
            "role" => map.serialize_entry("role", &self.role)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Exported for &Duty {
    fn fields() -> &'static [Field] {
        schema::DUTY
    }

    fn entry<M: SerializeMap>(&self, name: &str, map: &mut M) -> Result<bool, M::Error> {
        match name {
            "id" => map.serialize_entry("id", &self.id)?,
            "text" => map.serialize_entry("text", &self.text)?,
            "owner" => map.serialize_entry("owner", &self.owner)?,
            "due" => map.serialize_entry("due", &self.due)?,
            "cadence" => {
                map.serialize_entry("cadence", &self.cadence)?;
                map.serialize_entry("schedule", &self.schedule)?;
            }
            "on_holiday" => map.serialize_entry("on_holiday", &self.schedule.map(|s| s.shift.word()))?,
            "since" => map.serialize_entry("since", &self.since)?,
            "remind" => map.serialize_entry("remind", &self.remind)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Exported for &BudgetShare {
    fn fields() -> &'static [Field] {
        schema::BUDGET
    }

    fn entry<M: SerializeMap>(&self, name: &str, map: &mut M) -> Result<bool, M::Error> {
        match name {
            "party" => map.serialize_entry("party", &self.party)?,
            "share" => map.serialize_entry("share", &self.share)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &serde_json::Value) -> Vec<String> {
        value.as_object().expect("an object").keys().cloned().collect()
    }

    fn properties(schema: &serde_json::Value) -> Vec<String> {
        keys(&schema["properties"])
    }

    /// Every field the schema marks exported is in the example's `agreement.json`, no other field
    /// of the schema is, and each exported object has exactly the properties that
    /// `agreement.schema.json` describes.
    #[test]
    fn the_export_follows_the_schema_and_its_json_schema_describes_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let agreement = crate::load::load(root).expect("the example loads").agreement.expect("an agreement");
        let json_schema: serde_json::Value = serde_json::from_str(super::super::publish::AGREEMENT_SCHEMA).unwrap();
        let defs = &json_schema["$defs"];
        let clause_schema = &defs["clause"];
        let duty_schema = &clause_schema["properties"]["duties"]["items"];
        let budget_schema = &clause_schema["properties"]["budget"]["items"];
        let mut checked = [false; 3];
        let check = |what: &str, value: serde_json::Value, fields: &[Field], described: &serde_json::Value| {
            let keys = keys(&value);
            for f in fields {
                assert_eq!(keys.contains(&f.name.to_string()), f.exported, "{what}'s `{}` in the export", f.name);
            }
            let mut props = properties(described);
            let mut sorted = keys.clone();
            props.sort();
            sorted.sort();
            assert_eq!(sorted, props, "{what}: agreement.json against agreement.schema.json");
        };
        let head = serde_json::to_value(Export(&agreement)).unwrap();
        check("the agreement", head.clone(), schema::AGREEMENT, &json_schema["properties"]["agreement"]);
        check("a party", head["parties"][0].clone(), schema::PARTY, &defs["party"]);
        for clause in &agreement.clauses {
            let exported = ExportedClause { agreement: &agreement, clause, html: String::new() };
            let value = serde_json::to_value(Export(exported)).unwrap();
            check("a clause", value.clone(), schema::CLAUSE, clause_schema);
            if let Some(duty) = value["duties"].get(0) {
                check("a duty", duty.clone(), schema::DUTY, duty_schema);
                checked[1] = true;
            }
            if let Some(share) = value["budget"].get(0) {
                check("a budget share", share.clone(), schema::BUDGET, budget_schema);
                checked[2] = true;
            }
            checked[0] = true;
        }
        assert_eq!(checked, [true; 3], "the example has clauses, duties and budget shares");
    }
}
