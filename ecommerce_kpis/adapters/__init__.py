"""Adapters from real public data sets to the project's raw tables."""
