//! Integration tests: the real `coopdx` binary and the public library API.

mod generate;
mod test;

mod advice;
mod cli_batch;
mod cli_compare;
mod cli_plan;
mod cli_schema;
mod cli_score;
mod cli_summary;
mod cli_validate;
mod cli_web;
mod fieldtool;
mod golden;
mod interview;
mod layers;
mod minimal;
mod pg_serve;
mod plan_properties;
mod properties;
mod report;
mod report_html;
mod report_profile_fields;
mod scoring;
mod storage;
mod validate_templates;
mod web;
mod web_access;
mod web_client;
