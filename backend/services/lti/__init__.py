"""LTI 1.3 Advantage: launches from an LMS, deep linking, roster sync (NRPS) and grade passback (AGS)."""
