"""The apps' pages, one package per app; a page draws and never imports another page (only packages live here)."""
