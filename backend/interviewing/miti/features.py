"""What the learned layer of the coder sees of one utterance: its words, the rules' verdicts, and its context.

The same function builds the features when the model is trained (training/train_miti_model.py) and when it
codes a turn, so the two can never drift apart. Features are plain strings (present or not).
"""

from __future__ import annotations

import itertools
import re

from backend.interviewing.miti import cues as cue
from backend.interviewing.miti.questions import question_kind
from backend.interviewing.miti.reflections import FEELINGS, complexity_cue
from backend.interviewing.miti.segment import clean
from backend.interviewing.words import content_stems

_TOKEN = re.compile(r"[a-z']+|\?")
CLAUSE = re.compile(r",|\b(?:and|but|because|so|while|though|even|which|since|when)\b")
_YOU = frozenset({"you", "your", "you're", "you've", "you'd", "you'll", "yourself"})
_I = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "we", "we're", "our", "us"})
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|nowhere|hardly|barely)\b|n't\b|\bcannot\b")
# How a statement sets itself against what the client said: "actually", "in fact", "the truth is", "though".
_DISPUTE = re.compile(r"\b(?:actually|in fact|the truth is|the reality is|the thing is|to be honest"
                      r"|i have to (?:say|be honest)|let's be honest|come on|that's not|isn't true|not true)\b"
                      r"|,? though[.!]?$")


def _bucket(value: float, cuts: tuple[float, ...]) -> int:
    return sum(value >= cut for cut in cuts)


def utterance_features(text: str, client_line: str | None, rule_code: str | None, *, position: int,
                       count: int, previous_rule: str | None) -> list[str]:
    """The features of one utterance of a turn: `rule_code` is what the hand-written rules made of it."""
    cleaned = clean(text)
    tokens = _TOKEN.findall(cleaned)
    found = [f"w:{token}" for token in set(tokens)]
    found += [f"b:{a}_{b}" for a, b in set(itertools.pairwise(tokens))]
    found += [f"f1:{tokens[0]}" if tokens else "f1:", f"f2:{'_'.join(tokens[:2])}", f"f3:{'_'.join(tokens[:3])}"]
    padded = f" {cleaned} "
    found += list({f"c:{padded[i:i + 4]}" for i in range(len(padded) - 3)})  # spelling-level cues, typos included
    place = "only" if count == 1 else "first" if position == 0 else "last" if position == count - 1 else "mid"
    found += [f"rule:{rule_code or 'none'}", f"prev:{previous_rule or 'start'}", f"pos:{place}"]
    said = set(content_stems(client_line or ""))
    mine = content_stems(cleaned)
    echo = sum(stem in said for stem in mine) / len(mine) if mine else 0.0
    found += [f"echo:{_bucket(echo, (0.15, 0.35, 0.6))}", f"len:{_bucket(len(tokens), (4, 8, 14, 20, 28))}",
              f"you:{min(sum(t in _YOU for t in tokens), 3)}", f"i:{min(sum(t in _I for t in tokens), 2)}"]
    if cleaned.endswith("?"):
        found.append("ends:?")
    if not client_line:
        found.append("client:none")
    else:
        client = clean(client_line)
        if cue.CLIENT_ASKS.search(client):
            found.append("client:asks")
        if cue.EXPLICIT_GRANT.search(client) or cue.CLIENT_GRANTS.match(client):
            found.append("client:grants")
        if client.endswith("?"):
            found.append("client:question")
    checks = (("confront", cue.CONFRONT), ("advice", cue.ADVICE), ("seek", cue.SEEK), ("autonomy", cue.AUTONOMY),
              ("affirm", cue.AFFIRM), ("info", cue.INFORMATION), ("hedge", cue.HEDGE), ("tag", cue.TAG_QUESTION),
              ("should_have", cue.SHOULD_HAVE), ("concern", cue.STUDENT_CONCERN))
    found += [f"cue:{name}" for name, pattern in checks if pattern.search(cleaned)]
    matches = ((  "imperative", cue.IMPERATIVE), ("stem", cue.REFLECTION_STEM), ("self", cue.STUDENT_SELF),
               ("generic", cue.GENERIC_SUBJECT), ("request", cue.QUESTION_REQUEST), ("aux", cue.AUX_START),
               ("structuring", cue.STRUCTURING), ("filler", cue.FILLER), ("disclosure", cue.SELF_DISCLOSURE))
    found += [f"cue:{name}" for name, pattern in matches if pattern.match(cleaned)]
    if (kind := question_kind(cleaned)) is not None:
        found.append(f"q:{kind.value}")
    if complexity_cue(cleaned, client_line):
        found.append("cue:complex")
    feelings = {match.group(0) for match in FEELINGS.finditer(cleaned)}
    if feelings:
        client_feelings = {stem for word in FEELINGS.findall(clean(client_line or "")) for stem in content_stems(word)}
        new = [word for word in feelings if not set(content_stems(word)) & (client_feelings | said)]
        found.append("feel:new" if new else "feel:echo")
    found.append(f"clauses:{min(len(CLAUSE.findall(cleaned)), 4)}")
    new_share = sum(stem not in said for stem in mine) / len(mine) if mine else 0.0
    found.append(f"new:{_bucket(new_share, (0.3, 0.5, 0.7, 0.9))}")
    if cue.SECOND_PERSON.search(cleaned) and not cleaned.endswith("?"):
        found.append("you:statement")
    return found + _stance(cleaned, mine, said, client_line)


def _stance(cleaned: str, mine: list[str], said: set[str], client_line: str | None) -> list[str]:
    """Whether a statement takes up the client's words with the opposite polarity ("Lots of couples don't,
    actually." after "Lots of couples do that."): how a correction differs from a reflection."""
    found = ["dispute:word"] if _DISPUTE.search(cleaned) else []
    if client_line and not cleaned.endswith("?") and any(stem in said for stem in mine if stem != "not"):
        flipped = bool(_NEGATION.search(cleaned)) != bool(_NEGATION.search(clean(client_line).lower()))
        found.append("polarity:flip" if flipped else "polarity:same")
    return found
