"""Record linkage: who is the same person, who is whose parent, and search. The only splink/duckdb user."""
