"""citeqa's tests: a package, so that tests and benchmarks import shared helpers as tests.support."""
