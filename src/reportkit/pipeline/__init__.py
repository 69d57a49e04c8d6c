"""The build: which outputs are stale, making them (in worker processes), and writing them all or none."""
