"""Rewriting rules for romanizations: regular expressions applied in order."""

import re


class Spellings:
    def __init__(self, rules):
        self.rules = [(re.compile(pattern), replacement) for pattern, replacement in rules]

    def apply(self, text):
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        return text
