"""The regular expressions of the extraction, compiled once: from ``kg/rules/patterns.tsv`` (by name)
and from the word classes of :mod:`.lexicon` (suffix alternations). Every component takes its
patterns from here, so one pattern is written once.
"""
from __future__ import annotations

import re

from ..rules import alternation, regex
from . import lexicon as lex

# organization suffixes, longest first: the longest suffix wins at a position
SUFFIX_RE = re.compile(alternation(lex.SUFFIX_TYPE))
ORG_SUFFIX_END = re.compile("(?:" + SUFFIX_RE.pattern + ")$")  # any organization suffix, ending the name
INSTITUTION_SUFFIX_END = re.compile(alternation(lex.ORGANIZATION_SUFFIXES) + "$")
PROGRAM_SUFFIX_RE = re.compile(alternation(lex.PROGRAM_SUFFIXES))
PROJECT_RE = re.compile(alternation(lex.PROJECT_SUFFIXES))
MEETING_RE = regex("meeting")
MEETING_END = re.compile(MEETING_RE.pattern + "$")
PLAN_KIND = regex("plan_kind")
NUMERAL = regex("numeral")
INSTITUTION_ORDINAL = regex("institution_ordinal")
SPEECH_RE = regex("speech")

# names that end in a party committee (市委, 县委 …): one alternation, used by orgs, programs and inner
COMMITTEE_END = regex("committee_end")
ISSUER_PREFIX = regex("issuer_prefix")
ISSUER_BEFORE_QUOTE = regex("issuer_before_quote")

