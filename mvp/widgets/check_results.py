"""A persona check as the teacher reads it: the overall verdict, then each probe with its verdict, why and replies."""

from __future__ import annotations

import streamlit as st

from mvp.client.checks import PersonaCheck, ProbeResult
from mvp.widgets.formatting import as_text, cost, local_time, plural
from mvp.widgets.timezone import viewer_zone

BADGES = {"pass": ("Pass", ":material/check_circle:", "green"), "warn": ("Warn", ":material/warning:", "orange"),
          "fail": ("Fail", ":material/cancel:", "red")}
SUMMARY = {"pass": "Every probe passed: the client stayed believable.",
           "warn": "Nothing broke, but some replies bend the realism rules: read the warnings below.",
           "fail": "At least one probe failed: fix the persona (or its notes) before students meet it."}


def verdict_badge(verdict: str) -> None:
    label, icon, color = BADGES.get(verdict, (verdict, None, "gray"))
    st.badge(label, icon=icon, color=color)


def _probe(probe: ProbeResult) -> None:
    with st.container(border=True, key=f"probe_{probe.key}"):
        with st.container(horizontal=True):
            verdict_badge(probe.verdict)
            st.markdown(f"**{probe.title}**")
        st.caption(probe.purpose)
        # Every turn: a warning about turn 3 of 5 has to be readable where it happened.
        if probe.turns:
            st.markdown("\n>\n".join(f"> **Student:** {as_text(turn.student)}\n>\n> **Client:** {as_text(turn.reply)}"
                                       for turn in probe.turns))
        st.markdown("\n".join(f"- {reason}" for reason in probe.reasons or []))


def render_check(check: PersonaCheck, client_name: str) -> None:
    with st.container(horizontal=True):
        verdict_badge(check.verdict)
        st.markdown(f"**{SUMMARY.get(check.verdict, '')}**")
    judged = "rules and a judge model" if check.judged else "rules only (no judge model on this provider)"
    st.caption(f"{plural(len(check.probes), 'probe')}: {check.count('pass')} pass · {check.count('warn')} warn · "
               f"{check.count('fail')} fail · checked {local_time(check.created_at, viewer_zone())} on {check.model}, "
               f"by {judged} · "
               f"cost {cost(check.cost_usd, check.provider)}")
    if not check.up_to_date:
        st.warning(f"You have edited {client_name} since this check. Run it again before publishing.",
                   icon=":material/update:")
    for probe in check.probes:
        _probe(probe)
