"""Admin app: a self-refreshing view of cost, alerts, live sessions, errors and provider health."""

from __future__ import annotations

import streamlit as st

from mvp.navigation import require_sign_in, setup_page
from mvp.screens.admin.lti import lti_page
from mvp.screens.admin.monitor import monitor_page

setup_page("Admin", ":material/monitoring:")
monitor = st.Page(monitor_page, title="Monitor", icon=":material/monitoring:", default=True)
lti = st.Page(lti_page, title="LTI (LMS)", icon=":material/school:", url_path="lti")
require_sign_in(role="admin", title="Virtual Client · Admin",
               intro="Watch what the platform costs, who is practising right now, and whether the AI "
                     "provider is healthy.", pages={"monitor": monitor, "lti": lti})
st.navigation([monitor, lti]).run()
