"""GLEIF's LEI data: from files a user uploads to updates of our companies that they accept.

- `files`: recognising the golden copy's files (LEI records and relationships, XML or CSV,
  zipped or not) and streaming their records;
- `matching`: which company a record is (its LEI, else its name and country);
- `services`: keeping an upload until it is read, proposing updates, accepting and
  dismissing them.
"""
