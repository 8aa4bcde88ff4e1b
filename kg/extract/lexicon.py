"""Word classes of the language of Chinese government and business news, read from ``kg/rules/*.tsv``.

Generic vocabulary only: suffixes of legal names, titles, verbs, surnames. The words live in the rule
files (one row each, with a made-up example and a note); this module only names the classes the
components use and builds the title pattern from them. Rule files are read once, at import.
"""
from __future__ import annotations

import re

from ..model import EntityType
from ..rules import alternation, classes, table, word_class

# --------------------------------------------------------------------------- where a name begins

NAME_PREFIX_STOPS = word_class("name_words", "name_prefix_stop")
NAME_VERBS = frozenset(word_class("name_words", "name_verb"))
NAME_TIME_WORDS = frozenset(word_class("name_words", "name_time_word"))
DISCOURSE_CHARS = frozenset(word_class("name_words", "discourse_char"))
GLUED_FUNCTION_CHARS = frozenset(word_class("name_words", "glued_function_char"))
AND_WORDS = word_class("name_words", "and_word")
VERB_INITIAL_CHARS = "".join(word_class("name_words", "verb_initial_char"))
LEVELS = word_class("name_words", "level")

# --------------------------------------------------------------------------- persons

SURNAMES = frozenset(word_class("persons", "surname"))
COMPOUND_SURNAMES = frozenset(word_class("persons", "compound_surname"))
NAME_BREAK_CHARS = frozenset(word_class("persons", "name_break_char"))
FUNCTION_BREAK_CHARS = frozenset(word_class("persons", "function_break_char"))
SURNAME_WORD_STARTS = frozenset(word_class("persons", "surname_word_start"))
SPEECH_VERBS = word_class("persons", "speech_verb")
LEADER_TITLES = word_class("persons", "leader_title")
GROUP_NOUNS = word_class("persons", "group_noun")  # 市领导王某、李某: names follow, no post
TRANSLIT_CHARS = frozenset(word_class("persons", "translit_char"))

# --------------------------------------------------------------------------- titles

TITLE_HEADS = word_class("titles", "head")
TITLE_QUALIFIERS = word_class("titles", "qualifier")
TITLE_DEPUTIES = word_class("titles", "deputy")
# a title is up to two qualifiers + an optional deputy marker + a head (党组书记, 常务副市长, 研发副总经理)
TITLE_RE = re.compile(
    "(?:" + alternation(TITLE_QUALIFIERS) + "{0,2}" + alternation(TITLE_DEPUTIES) + "?" + alternation(TITLE_HEADS) + ")"
)
TITLE_CHAIN_RE = re.compile(TITLE_RE.pattern + r"(?:、" + TITLE_RE.pattern + r")*")
# heads of a people's government (副县长): the post is at the government of that level, printed or not (D4)
IMPLIED_GOVERNMENT_HEADS = word_class("titles", "implied_government")
IMPLIED_GOVERNMENT_BODY = word_class("titles", "implied_government_body")[0]
PARTY_COMMITTEE_END = word_class("titles", "party_committee_end")[0]

# --------------------------------------------------------------------------- organizations


def _suffixes(kind: EntityType) -> tuple[str, ...]:
    return tuple(row.key for row in table("org_suffixes", ("type", "weak")) if row["type"] == kind)


COMPANY_SUFFIXES = _suffixes(EntityType.COMPANY)
GOVERNMENT_SUFFIXES = _suffixes(EntityType.GOVERNMENT_BODY)
ORGANIZATION_SUFFIXES = _suffixes(EntityType.ORGANIZATION)
SUFFIX_TYPE = {row.key: EntityType(row["type"]) for row in table("org_suffixes")}
WEAK_COMPANY_SUFFIXES = frozenset(row.key for row in table("org_suffixes")
                                  if row["weak"] == "yes" and row["type"] == EntityType.COMPANY)
WEAK_ORG_SUFFIXES = frozenset(row.key for row in table("org_suffixes")
                              if row["weak"] == "yes" and row["type"] != EntityType.COMPANY)

GOVERNMENT_MARKERS = word_class("org_words", "government_marker")
INSTITUTION_KINDS = tuple(word_class("org_words", "institution_kind"))
BARE_HEADS = frozenset(word_class("org_words", "bare_head"))
NATIONAL_BODIES = word_class("org_words", "national_body")
NOT_ORG_WORDS = frozenset(word_class("org_words", "not_org_word"))
GLUED_PARTICLES = frozenset(word_class("org_words", "glued_particle"))
GENERIC_GOV_SUFFIXES = frozenset(word_class("org_words", "generic_gov_suffix"))
PARTY_COMMITTEES = word_class("org_words", "party_committee")
NAMES_ALONE = frozenset(PARTY_COMMITTEES + word_class("org_words", "names_alone"))
UNNAMED_ALONE = frozenset(word_class("org_words", "unnamed_alone"))
CENTER_SUFFIX = word_class("org_words", "center_suffix")[0]
CENTER_NOT_BEFORE = word_class("org_words", "center_not_before")
ADMIN_CHARS = "".join(word_class("org_words", "admin_char"))
LEVEL_WORDS = word_class("org_words", "level_word")
LOCAL_INSTITUTIONS = tuple(word_class("org_words", "local_institution"))
SUBSIDIARY_KINDS = tuple(word_class("org_words", "subsidiary_kind"))
KIND_CHARS = word_class("org_words", "kind_char")
ANAPHOR_CHARS = "".join(word_class("org_words", "anaphor_char"))
BREAKER_CHARS = "".join(word_class("org_words", "breaker_char"))
DEPARTMENT = word_class("org_words", "department")[0]
REGION_UNITS = word_class("org_words", "region_unit")
PARTY_CENTRAL = word_class("org_words", "party_central")[0]
ATTRIBUTIVE_CHARS = "".join(word_class("org_words", "attributive_char"))
INDUSTRY_WORDS = word_class("org_words", "industry_word")
REGION_BOUND_SUFFIXES = frozenset(word_class("org_words", "region_bound"))
MEDIA_HEADS = word_class("org_words", "media_head")
STATIONED = word_class("org_words", "stationed")[0]
STATIONED_SUFFIXES = frozenset(word_class("org_words", "stationed_suffix"))
TRADE_FILLERS = tuple(sorted(word_class("org_words", "trade_filler"), key=len, reverse=True))
PLACE_NAMED_KINDS = frozenset(word_class("org_words", "place_named_kind"))
PLACE_KIND_ENDS = "".join(word_class("org_words", "place_kind_end"))
# the gazetteer levels a one-character unit can follow (市 after a city, a county-level city or 北京)
UNIT_LEVELS: dict[str, tuple[str, ...]] = {}
for _level in ("province", "city", "county"):
    for _unit in word_class("org_words", f"unit_after_{_level}"):
        UNIT_LEVELS[_unit] = UNIT_LEVELS.get(_unit, ()) + (_level,)

# --------------------------------------------------------------------------- programs and projects

MEETING_SUFFIXES = word_class("program_words", "meeting_suffix")
PROGRAM_SUFFIXES = word_class("program_words", "program_suffix") + MEETING_SUFFIXES
PROJECT_SUFFIXES = word_class("program_words", "project_suffix")
LIST_HEAD_WORKS = tuple(word_class("program_words", "list_head_works"))
PROGRAM_VERBS = word_class("program_words", "program_verb")
PROJECT_CAPACITY = frozenset(word_class("program_words", "project_capacity"))
PROJECT_VERBS = frozenset(word_class("program_words", "project_verb"))
PROJECT_WORKS = frozenset(word_class("program_words", "project_work"))
PROJECT_AND = frozenset(word_class("program_words", "project_and"))
PROJECT_LIST_ENDS = tuple(word_class("program_words", "project_list_end"))
QUOTED_PROJECT_SUFFIXES = tuple(word_class("program_words", "quoted_project_suffix"))
MEETING_COUNTS = frozenset(word_class("program_words", "meeting_count"))
MEETING_ORDINALS = frozenset(word_class("program_words", "meeting_ordinal"))
ORDINAL_MARKS = frozenset(word_class("program_words", "ordinal_mark"))
PLACE_LEVEL_CHARS = "".join(word_class("program_words", "division_char"))
CLAUSE_VERBS = word_class("program_words", "clause_verb")
FUND_LEVELS = word_class("program_words", "fund_level")
MEETING_STOPS = frozenset(word_class("program_words", "meeting_stop"))
MONTH_WORDS = word_class("program_words", "month_word")
MEETING_CONJUNCTIONS = word_class("program_words", "conj_in_name")
THIS_MEETING = word_class("program_words", "this_meeting")
PLENARY_SUFFIXES = word_class("program_words", "plenary_suffix")
FROM_WORDS = word_class("program_words", "from_word")
TAIL_BREAK_CHARS = "".join(word_class("program_words", "tail_break_char"))
PLAN_VERBS = word_class("program_words", "plan_verb")
QUOTED_MODES = word_class("program_words", "quoted_mode")
AREA_CATEGORIES = word_class("program_words", "area_category")
DISTRICT_CATEGORIES = word_class("program_words", "district_category")
QUALITY_WORDS = word_class("program_words", "quality_word")
DESCRIPTOR_CHARS = word_class("program_words", "descriptor_char")
NAME_PART_STOP_CHARS = "".join(word_class("program_words", "name_part_stop_char"))
PLAN_WORD = word_class("program_words", "plan_word")[0]
WORKS_WORD = word_class("program_words", "works_word")[0]

# Verbs that put an organization in charge of a project (cut from the front of a name)
UNDERTAKE_VERBS = word_class("relation_cues", "undertakes.front")
LOCATED_VERBS = tuple(word_class("relation_cues", "locatedIn.verb"))
# "A、B、C等<category>": the type of every listed item
CATEGORY_NOUNS = {EntityType(t): nouns for t, nouns in classes("category_nouns", "type").items()}

# --------------------------------------------------------------------------- relations

POST_BYLINE_SELF = word_class("relation_cues", "post.byline_self")[0]
POST_BYLINE_ROLES = word_class("relation_cues", "post.byline_role")
POST_CORRESPONDENT = word_class("relation_cues", "post.correspondent")[0]

# --------------------------------------------------------------------------- places

ADMIN_END_CHARS = frozenset(word_class("place_words", "admin_end_char"))
TOWN_END_CHARS = "".join(word_class("place_words", "town_end_char"))
OCR_ADMIN_END = "".join(word_class("place_words", "ocr_admin_end"))
SCOPE_CHARS = word_class("place_words", "scope_char")
PLACE_CLAUSE_CHARS = "".join(word_class("place_words", "clause_char"))

# kinds of institution by the head of their name: a bracketed second name of the same kind is an alias
# (X联合会(X联盟)); one of another kind is a second body (市某某联合会(市某某研究院))
_FAMILIES = tuple(classes("families", "family").items())


def institution_family(name: str) -> str:
    for family, heads in _FAMILIES:
        if name.endswith(heads):
            return family
    return ""
