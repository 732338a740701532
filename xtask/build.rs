//! Nothing to build: the script is here so that the build-dependencies in
//! `Cargo.toml`, which only align features with the workspace, count.

fn main() {}
