"""One case: creating and listing, the plan, the group and consent, shared facts, records and purging."""
