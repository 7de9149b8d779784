//! Integration tests: the real `coopdx` binary and the public library API.

mod test;

mod cli_score;
mod cli_validate;
mod golden;
mod properties;
mod scoring;
