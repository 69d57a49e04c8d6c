"""Editions as revisions: what each cut recorded, what changed since, and the redline that shows it."""
