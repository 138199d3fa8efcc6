"""Did the client let a hidden fact out, and in which reply? Content-word overlap, robust to rewording in person.

A teacher writes hidden facts in the third person ("She skips meals so Biscuit can eat."); the client says
them in the first ("I've been skipping meals so Biscuit can eat"). Both become content-word stems with
pronouns and function words dropped (words.content_stems), and a reply discloses a fact when it contains at
least `threshold` of the fact's distinct stems (and at least two of them) and keeps its polarity: "I told
Abena" does not disclose "He has not told Abena...", nor "I don't skip meals" "She skips meals". Wholly
different wording ("cups of tea" for "teacups") is missed; `coverage` lets callers treat a partial match as
a hint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backend.interviewing.words import content_stems, negated_stems

# In the tests' paraphrases and near-misses, near-misses share at most half a fact's words, paraphrases 57 % or more.
DEFAULT_THRESHOLD = 0.55
MIN_SHARED_WORDS = 2
NEGATION = "not"  # words.content_stems turns n't, never, no and cannot into it


@dataclass(frozen=True, slots=True)
class FactDisclosure:
    """One hidden fact and whether the client's replies gave it away.

    `reply_index` is the position, in the list of client replies given, of the first reply that disclosed
    it (None if none did); `coverage` is the largest share of the fact's words found in any one reply.
    """

    fact: str
    unlock: str
    disclosed: bool
    reply_index: int | None
    coverage: float


def fact_coverage(fact: str, reply: str) -> float:
    """The share of the fact's distinct content words that the reply contains (0 when the fact has none)."""
    wanted = set(content_stems(fact))
    return len(wanted & set(content_stems(reply))) / len(wanted) if wanted else 0.0


def _same_polarity(fact: str, reply: str) -> bool:
    """A negated fact needs a negation in the reply; a reply negating one of the fact's own words denies it."""
    fact_stems = set(content_stems(fact))
    if NEGATION in fact_stems and NEGATION not in content_stems(reply):
        return False
    return not (negated_stems(reply) - negated_stems(fact)) & fact_stems


def discloses(fact: str, reply: str, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether one reply gives the fact away."""
    wanted = set(content_stems(fact))
    shared = wanted & set(content_stems(reply))
    enough = bool(wanted) and len(shared) >= min(MIN_SHARED_WORDS, len(wanted))
    return enough and len(shared) / len(wanted) >= threshold and _same_polarity(fact, reply)


def detect_disclosures(hidden_facts: Sequence[Mapping[str, str]], client_replies: Sequence[str],
                       threshold: float = DEFAULT_THRESHOLD) -> list[FactDisclosure]:
    """For each hidden fact ({"fact", "unlock"}, as persona.hidden_facts_of gives them), the first reply that
    disclosed it. `client_replies` are the client's lines in order; indexes refer to this list."""
    results: list[FactDisclosure] = []
    for item in hidden_facts:
        fact = str(item.get("fact", ""))
        first = next((i for i, reply in enumerate(client_replies) if discloses(fact, reply, threshold)), None)
        best = max((fact_coverage(fact, reply) for reply in client_replies), default=0.0)
        results.append(FactDisclosure(fact=fact, unlock=str(item.get("unlock", "")), disclosed=first is not None,
                                      reply_index=first, coverage=round(best, 2)))
    return results
