"""A student's invitations to another teacher's section: the section opens only once they accept."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.course_models import Invitation
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.flash import flash
from mvp.widgets.formatting import local_time
from mvp.widgets.timezone import viewer_zone


def _label(invitation: Invitation) -> str:
    code = f"{invitation.course_code} " if invitation.course_code and invitation.course_code not in \
        invitation.section_name else ""
    term = f" · {invitation.term}" if invitation.term else ""
    return f"{code}{invitation.section_name}{term}"


def _card(invitation: Invitation) -> None:
    with st.container(border=True, key=f"invitation_{invitation.id}"):
        st.markdown(f"**{_label(invitation)}**")
        st.caption(f"{invitation.teacher_name} invited you on {local_time(invitation.invited_at, viewer_zone())}. "
                   "Until you accept, you are not in this section and it sees nothing of yours.")
        accept, decline = st.columns(2)
        if accept.button("Accept", key=f"accept_invitation_{invitation.id}", type="primary",
                         icon=":material/check:"):
            joined = api_call(state.api().accept_invitation, invitation.id)
            if joined is not None:
                flash(f"You joined {joined.label}: its assignments are below.")
                st.rerun()
        if decline.button("Decline", key=f"decline_invitation_{invitation.id}", icon=":material/close:") and \
                api_succeeded(state.api().decline_invitation, invitation.id):
            flash(f"You declined the invitation to {_label(invitation)}.")
            st.rerun()


def pending_invitations() -> None:
    """Nothing at all when there are none (or the list cannot be read: the page's own lists say why)."""
    found = api_call(state.api().my_invitations) or []
    if not found:
        return
    st.markdown(f"#### Invitations ({len(found)})")
    for invitation in found:
        _card(invitation)
