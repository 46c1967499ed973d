"""The privacy pages, one module per concern: a person's export and erasure (`people`),
retention (`retention`) and the record of processing (`records`)."""
