# Shortcuts for the common commands. `scripts/test` is the real test command (README).
.PHONY: help run demo test test-quick test-postgres lint format
help:
	@echo "make run | demo | test | test-quick | lint | format"
run:
	swift run sparring
demo:
	swift run sparring demo
test:
	scripts/test
test-quick:
	swift test
lint:
	swift format lint --strict --recursive Sources Tests Benchmarks Package.swift
format:
	swift format --in-place --recursive Sources Tests Benchmarks Package.swift
