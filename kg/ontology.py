"""The one declaration of the graph's vocabulary: node labels, relationship types, their properties.

Everything else derives from this module: the pydantic models (`kg.models`), the rendered Cypher
(`kg.store.cypher` fills the templates in `cypher/` with names taken from here), the loaders' mapping
tables, `kg schema` and the docs. A label, type or property key written anywhere else is a bug,
and no label or type is ever taken from input text: the writer looks input up here and rejects
what it does not find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ACTOR_LABEL",
    "ATTRIBUTE_PROPERTIES",
    "EDGE_PROPERTIES",
    "EDGE_PROPERTY_NAMES",
    "LOAD_LABEL",
    "NODE_LABELS",
    "NODE_PROPERTIES",
    "RELATIONS",
    "SOURCE_LABEL",
    "STATE_RELATIONS",
    "EdgeProperty",
    "Label",
    "NodeLabel",
    "OrgKind",
    "QuadClass",
    "RelKind",
    "RelType",
    "RelationType",
    "Status",
    "cypher_identifier",
    "relation",
]


class Label(StrEnum):
    """Every node label the graph uses; the only place one is spelled out."""

    COUNTRY = "Country"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    # Every actor node carries this label too, with a unique `id`: edges are written by matching
    # `(:Actor {id})` without knowing the endpoint's specific label, and one constraint keys them all.
    ACTOR = "Actor"
    # A document or dataset that events came from; edges name it in their `source` property.
    SOURCE = "Source"
    # Bookkeeping: one node per load (file hash, batches committed), so an interrupted load resumes.
    LOAD = "Load"


class NodeLabel(StrEnum):
    """Labels of the things that act in diplomacy (a subset of `Label`). Every one also carries `Label.ACTOR`."""

    COUNTRY = Label.COUNTRY.value
    PERSON = Label.PERSON.value
    ORGANIZATION = Label.ORGANIZATION.value


ACTOR_LABEL = Label.ACTOR
SOURCE_LABEL = Label.SOURCE
LOAD_LABEL = Label.LOAD

NODE_LABELS: tuple[str, ...] = (*(label.value for label in NodeLabel), Label.SOURCE.value, Label.LOAD.value)


class OrgKind(StrEnum):
    ALLIANCE = "alliance"  # mutual-defence pacts: NATO, CSTO, AUKUS
    BLOC = "bloc"  # political/economic groupings without a secretariat: G7, G20, BRICS, the Quad
    IGO = "igo"  # intergovernmental organisations with a charter: UN, EU, ASEAN, SCO
    GOVERNMENT = "government"  # a part of a state: ministries, armed forces, police ("Military (Russia)")
    GROUP = "group"  # non-state groups: parties, militias, NGOs, companies, media
    OTHER = "other"


class Status(StrEnum):
    OCCURRED = "occurred"
    PLANNED = "planned"  # announced, expected or intended, not (yet) happened
    ENDED = "ended"  # a state that held and no longer does (a former office, a left alliance)


class RelKind(StrEnum):
    EVENT = "event"  # happens on a date (or within a period): MET, SANCTIONED
    STATE = "state"  # holds over an interval [since, until]: MEMBER_OF, HOLDS_OFFICE


class QuadClass(StrEnum):
    """CAMEO quad classes (GDELT's QuadClass 1..4)."""

    VERBAL_COOPERATION = "1"
    MATERIAL_COOPERATION = "2"
    VERBAL_CONFLICT = "3"
    MATERIAL_CONFLICT = "4"


_ALL_ACTORS = frozenset(NodeLabel)
_STATES = frozenset({NodeLabel.COUNTRY})
_ORGS = frozenset({NodeLabel.ORGANIZATION})
_PEOPLE = frozenset({NodeLabel.PERSON})


class RelType(StrEnum):
    """Every relationship type; `RELATIONS` describes each."""

    MET = "MET"
    CALLED = "CALLED"
    VISITED = "VISITED"
    HOSTED = "HOSTED"
    ATTENDED = "ATTENDED"
    SANCTIONED = "SANCTIONED"
    IMPORTS_FROM = "IMPORTS_FROM"
    EXPORTS_TO = "EXPORTS_TO"
    MEMBER_OF = "MEMBER_OF"
    HOLDS_OFFICE = "HOLDS_OFFICE"
    ALLIED_WITH = "ALLIED_WITH"
    PARTNER_OF = "PARTNER_OF"
    ADVERSARY_OF = "ADVERSARY_OF"
    PROVIDED_AID = "PROVIDED_AID"
    CANCELLED_DEAL_WITH = "CANCELLED_DEAL_WITH"
    CRITICIZED = "CRITICIZED"
    DETAINED = "DETAINED"
    INVADED = "INVADED"
    NEGOTIATED_WITH = "NEGOTIATED_WITH"
    SIGNED_AGREEMENT_WITH = "SIGNED_AGREEMENT_WITH"
    EXPELLED = "EXPELLED"
    THREATENED = "THREATENED"
    INTERACTED_WITH = "INTERACTED_WITH"


@dataclass(frozen=True)
class RelationType:
    name: RelType
    kind: RelKind
    description: str
    symmetric: bool = False
    subjects: frozenset[NodeLabel] = _ALL_ACTORS
    objects: frozenset[NodeLabel] = _ALL_ACTORS
    # Sign of the tie for analysis when the source gives no CAMEO quad class.
    cooperative: bool | None = None
    # May an actor have this tie with itself? None of today's types: "Russia MET Russia" is a parsing error.
    reflexive: bool = False


@dataclass(frozen=True)
class EdgeProperty:
    name: str
    type: str  # the Cypher type the writer stores: STRING, DATE, FLOAT, INTEGER, BOOLEAN
    description: str
    required: bool = False
    indexed: bool = False
    attribute: bool = False  # may be given in an input row's `attrs` object / CSV column of that name


# The generic relation keeps CAMEO events whose code has no type of our own (never dropped).
_RELATIONS: list[RelationType] = [
    RelationType(RelType.MET, RelKind.EVENT, "Met in person or held talks.", symmetric=True, cooperative=True),
    RelationType(RelType.CALLED, RelKind.EVENT, "Spoke by phone or video call.", symmetric=True, cooperative=True),
    RelationType(RelType.VISITED, RelKind.EVENT, "Travelled to a country or organisation.", cooperative=True),
    RelationType(RelType.HOSTED, RelKind.EVENT, "Received a visitor.", cooperative=True),
    RelationType(RelType.ATTENDED, RelKind.EVENT, "Took part in a summit or meeting of an organisation.",
                 objects=_ORGS | _STATES, cooperative=True),
    RelationType(RelType.SANCTIONED, RelKind.EVENT, "Imposed sanctions, an embargo or a boycott.", cooperative=False),
    RelationType(RelType.IMPORTS_FROM, RelKind.EVENT, "Bought goods (commodity, quantity, unit) from.",
                 cooperative=True),
    RelationType(RelType.EXPORTS_TO, RelKind.EVENT, "Sold goods to.", cooperative=True),
    RelationType(RelType.MEMBER_OF, RelKind.STATE, "Membership of an organisation over [since, until].",
                 subjects=_STATES | _ORGS, objects=_ORGS, cooperative=True),
    RelationType(RelType.HOLDS_OFFICE, RelKind.STATE, "A person's office (role) for a state or organisation.",
                 subjects=_PEOPLE, objects=_STATES | _ORGS),
    RelationType(RelType.ALLIED_WITH, RelKind.STATE, "Treaty or declared ally.", symmetric=True, cooperative=True),
    RelationType(RelType.PARTNER_OF, RelKind.STATE, "Declared or de-facto partner.", symmetric=True, cooperative=True),
    RelationType(RelType.ADVERSARY_OF, RelKind.STATE, "Declared or de-facto adversary.", symmetric=True,
                 cooperative=False),
    RelationType(RelType.PROVIDED_AID, RelKind.EVENT, "Gave economic, military or humanitarian aid.", cooperative=True),
    RelationType(RelType.CANCELLED_DEAL_WITH, RelKind.EVENT, "Scrapped or suspended a deal.", cooperative=False),
    RelationType(RelType.CRITICIZED, RelKind.EVENT, "Criticised, denounced or accused.", cooperative=False),
    RelationType(RelType.DETAINED, RelKind.EVENT, "Arrested or detained.", cooperative=False),
    RelationType(RelType.INVADED, RelKind.EVENT, "Invaded or occupied territory of.", cooperative=False),
    RelationType(RelType.NEGOTIATED_WITH, RelKind.EVENT, "Negotiated or mediated.", symmetric=True, cooperative=True),
    RelationType(RelType.SIGNED_AGREEMENT_WITH, RelKind.EVENT, "Signed a formal agreement.", symmetric=True,
                 cooperative=True),
    RelationType(RelType.EXPELLED, RelKind.EVENT, "Expelled diplomats or nationals.", cooperative=False),
    RelationType(RelType.THREATENED, RelKind.EVENT, "Threatened force, sanctions or other action.", cooperative=False),
    RelationType(RelType.INTERACTED_WITH, RelKind.EVENT,
                 "Any other CAMEO-coded interaction; the cameo code says which.", cooperative=None),
]

RELATIONS: dict[str, RelationType] = {r.name: r for r in _RELATIONS}
# States (membership, office, alliance…) hold over intervals [since, until]: they are not events to count in a window.
STATE_RELATIONS: frozenset[RelType] = frozenset(r.name for r in _RELATIONS if r.kind == RelKind.STATE)

# Properties every edge may carry. The writer stores these keys and no others.
EDGE_PROPERTIES: tuple[EdgeProperty, ...] = (
    EdgeProperty("event_id", "STRING", "Deterministic id; unique per relationship type.", required=True),
    EdgeProperty("source", "STRING", "Id of the Source node the edge came from.", required=True, indexed=True),
    EdgeProperty("status", "STRING", "occurred | planned | ended.", required=True),
    EdgeProperty("date", "DATE", "The exact day, when known.", indexed=True),
    EdgeProperty("since", "DATE", "Start of the period the event or state covers.", indexed=True),
    EdgeProperty("until", "DATE", "End of that period (inclusive); null = open."),
    EdgeProperty("date_precision", "STRING", "day | month | year | unknown."),
    EdgeProperty("evidence", "STRING", "The sentence or record the edge was taken from."),
    EdgeProperty("evidence_start", "INTEGER", "Character offset of the evidence in the source text."),
    EdgeProperty("evidence_end", "INTEGER", "End offset of the evidence."),
    EdgeProperty("confidence", "FLOAT", "0..1, how sure the loader or extractor is."),
    EdgeProperty("cameo", "STRING", "CAMEO event code as a string (leading zeros kept)."),
    EdgeProperty("cameo_root", "STRING", "CAMEO root code (two digits)."),
    EdgeProperty("goldstein", "FLOAT", "Goldstein scale -10..+10 (ICEWS intensity)."),
    EdgeProperty("quad_class", "INTEGER", "CAMEO quad class 1..4."),
    EdgeProperty("plover", "STRING", "PLOVER event category, so CAMEO datasets line up."),
    EdgeProperty("num_mentions", "INTEGER", "GDELT NumMentions."),
    EdgeProperty("source_url", "STRING", "URL of the article behind the record."),
    EdgeProperty("subject_role", "STRING", "Sector or role of the subject (GOV, Military…)."),
    EdgeProperty("object_role", "STRING", "Sector or role of the object."),
    # Attributes of particular relations.
    EdgeProperty("role", "STRING", "HOLDS_OFFICE: the office held.", attribute=True),
    EdgeProperty("commodity", "STRING", "IMPORTS_FROM/EXPORTS_TO: what was traded.", attribute=True),
    EdgeProperty("quantity", "FLOAT", "How much (of the commodity, item, aid).", attribute=True),
    EdgeProperty("unit", "STRING", "Unit of quantity.", attribute=True),
    EdgeProperty("place", "STRING", "Where it happened.", attribute=True),
    EdgeProperty("kind", "STRING", "Kind of aid, alliance, partnership.", attribute=True),
    EdgeProperty("attrs_json", "STRING", "Any other attributes, as a JSON object."),
)
EDGE_PROPERTY_NAMES: frozenset[str] = frozenset(p.name for p in EDGE_PROPERTIES)
ATTRIBUTE_PROPERTIES: tuple[str, ...] = tuple(p.name for p in EDGE_PROPERTIES if p.attribute)

# Properties nodes may carry (on top of the key `id`).
NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    NodeLabel.COUNTRY: ("id", "iso3", "iso2", "name", "official_name", "aliases", "reference"),
    NodeLabel.PERSON: ("id", "name", "aliases", "reference"),
    NodeLabel.ORGANIZATION: ("id", "name", "kind", "country", "aliases", "reference"),
    SOURCE_LABEL: ("id", "title", "url", "published", "kind", "path"),
    LOAD_LABEL: ("id", "source", "loader", "path", "sha256", "batch_size", "batches_done", "rows_done",
                 "rows_read", "edges", "sources", "rejected", "skipped", "skipped_why", "status", "error", "started_at",
                 "finished_at"),
}

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def cypher_identifier(name: str) -> str:
    """Return `name` if the ontology declares it (label, type, edge property), else raise.

    This is the only way a name reaches Cypher text; values always travel as parameters.
    """
    if name in RELATIONS or name in set(Label) or name in EDGE_PROPERTY_NAMES:
        if not _IDENTIFIER.match(name):  # pragma: no cover - guards against a bad edit above
            raise ValueError(f"ontology name {name!r} is not a plain identifier")
        return name
    raise ValueError(f"{name!r} is not a label or relationship type of the ontology")


def relation(name: str) -> RelationType:
    """Look a relation up by name (case-insensitive); raise a ValueError listing the valid ones."""
    if (exact := RELATIONS.get(name)) is not None:  # the common case, called twice per loaded row
        return exact
    key = name.strip().upper().replace(" ", "_").replace("-", "_")
    try:
        return RELATIONS[key]
    except KeyError:
        raise ValueError(
            f"unknown relation {name!r}; expected one of: {', '.join(sorted(RELATIONS))}"
        ) from None


def markdown() -> str:
    """Render the ontology as Markdown (`kg schema --doc`, docs/ontology.md)."""
    out = ["# Ontology", "", "Generated from `kg/ontology.py` (`kg schema --doc`).", "", "## Node labels", ""]
    for label, props in NODE_PROPERTIES.items():
        extra = f" (also `:{ACTOR_LABEL}`)" if label in set(NodeLabel) else ""
        out.append(f"- `:{label}`{extra}: {', '.join(props)}")
    out += ["", "## Relationship types", "", "| type | kind | symmetric | meaning |", "|---|---|---|---|"]
    for r in _RELATIONS:
        out.append(f"| `{r.name}` | {r.kind} | {'yes' if r.symmetric else ''} | {r.description} |")
    out += ["", "## Edge properties", "", "| property | type | meaning |", "|---|---|---|"]
    for p in EDGE_PROPERTIES:
        out.append(f"| `{p.name}`{' (required)' if p.required else ''} | {p.type} | {p.description} |")
    return "\n".join(out) + "\n"
