"""Web layer: schemas, the stream protocol, sessions and routes over the numeric core."""
