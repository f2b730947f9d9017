"""A small local shop of the project's own: listing pages in every format the crawler reads."""
