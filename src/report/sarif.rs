//! SARIF 2.1.0, for code-scanning dashboards. A spreadsheet has no lines, so
//! each result's physical location names the workbook and its logical location
//! names the cell (`'Action Plan'!C5`); the message repeats the cell.

use serde_json::{json, Value};

use crate::diagnostic::Severity;
use crate::lint::{FileOutcome, Status};
use crate::registry::RuleHandle;
use crate::report::{display_path, ToolInfo};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(files: &[FileOutcome], tool: &ToolInfo, rules: &[RuleHandle]) -> String {
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let m = rule.meta();
            let mut properties = json!({ "family": m.family.as_str() });
            if let Some(pack) = rule.pack() {
                properties["pack"] = json!(pack);
            }
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": m.summary, "markdown": m.docs },
                "defaultConfiguration": { "level": level(m.default_severity) },
                "properties": properties,
            })
        })
        .collect();
    let index_of = |code: &str| rules.iter().position(|r| r.meta().code == code);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        let path = display_path(&file.path);
        if file.status != Status::Linted {
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{path}: {}", file.error.as_deref().unwrap_or("could not be linted")) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": path } } }],
            }));
        }
        for d in &file.diagnostics {
            let mut text = format!("{}: {}", d.location, d.message);
            if let Some(help) = &d.help {
                text.push_str(&format!(" ({help})"));
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": path } },
                    "logicalLocations": [{
                        "name": d.location.to_string(),
                        "fullyQualifiedName": format!("{path}#{}", d.location),
                        "kind": "cell",
                    }],
                }],
                "properties": { "name": d.name, "family": d.family.as_str(), "sheet": d.location.sheet() },
            });
            if let Some(i) = index_of(&d.code) {
                result["ruleIndex"] = json!(i);
            }
            if !d.related.is_empty() {
                let related: Vec<_> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| {
                        let uri = r.file.as_deref().map_or_else(|| path.clone(), display_path);
                        json!({
                            "id": id,
                            "message": { "text": r.message },
                            "physicalLocation": { "artifactLocation": { "uri": uri } },
                            "logicalLocations": [{
                                "name": r.location.to_string(),
                                "fullyQualifiedName": format!("{uri}#{}", r.location),
                                "kind": "cell",
                            }],
                        })
                    })
                    .collect();
                result["relatedLocations"] = json!(related);
            }
            if let Some(hash) = &file.sha256 {
                result["locations"][0]["physicalLocation"]["artifactLocation"]["properties"] =
                    json!({ "sha256": hash });
            }
            results.push(result);
        }
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": tool.name,
                "version": tool.version,
                "semanticVersion": tool.version,
                "informationUri": "https://github.com/wreslint/wreslint",
                "properties": { "rulesVersion": tool.rules_version },
                "rules": descriptors,
            }},
            "invocations": [{ "executionSuccessful": notifications.is_empty(), "toolExecutionNotifications": notifications }],
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    text.push('\n');
    text
}
