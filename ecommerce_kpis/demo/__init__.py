"""The demo shop: a deterministic generator of the raw tables, and its size tiers."""
