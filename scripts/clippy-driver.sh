#!/usr/bin/env bash
# RUSTC_WORKSPACE_WRAPPER for scripts/test.sh: this crate is compiled by clippy-driver, so the
# test build and the site build also run clippy's lints, warnings as errors. Same lints as
# `cargo clippy --all-targets -- -D warnings`, without a second pass over burn in check mode.
# Dependencies are compiled by plain rustc (cargo applies the wrapper to this crate only).
exec clippy-driver "$@" -D warnings
