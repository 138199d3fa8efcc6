"""One module per resource; each route validates through its schema and calls one service function."""
