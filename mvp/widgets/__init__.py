"""Drawing pieces the pages share: chat view, persona form, admin panels, sign-in, sidebar, errors, flash, formats."""
