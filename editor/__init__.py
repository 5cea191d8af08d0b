"""The editors' workbench: the admin's model pages, forms, import and data-quality views, the
log-in lockout and the editor/reviewer roles."""
