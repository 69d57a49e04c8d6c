"""The commands behind tasks.py: build, check, review, serve, bench, add-source, publish, translations."""
