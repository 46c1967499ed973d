"""Personal data as a public body must handle it: a person's access export (GDPR Art. 15),
erasure for good (Art. 17), retention by legal basis (Art. 5(1)(e)) and the record of
processing (Art. 30)."""
